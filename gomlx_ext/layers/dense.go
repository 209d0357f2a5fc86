package layers

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Dense is a fully connected layer y = x·W + b over the last axis of x, with W of shape [in, units]
// stored in ctx as "weights" and b of shape [units] as "biases".
//
// Its gradient is two matrix products (dx = dy·Wᵀ, dW = xᵀ·dy) instead of GoMLX's generic
// DotGeneral gradient, which materialises a batch×in×units tensor.
func Dense(ctx *context.Context, x *Node, units int) *Node {
	if x.Rank() < 1 {
		failf("Dense", ctx, "input must have at least one axis, got shape %s", x.Shape())
	}
	if units <= 0 {
		failf("Dense", ctx, "units must be positive, got %d (input shape %s)", units, x.Shape())
	}
	inDims := x.Shape().Dimensions
	in := inDims[len(inDims)-1]
	ctx = ctx.WithInitializer(initializers.GlorotUniformFn(ctx))
	weights := ctx.VariableWithShape("weights", shapes.Make(x.DType(), in, units)).ValueGraph(x.Graph())
	biases := ctx.VariableWithShape("biases", shapes.Make(x.DType(), units)).ValueGraph(x.Graph())

	flat := Reshape(x, -1, in)
	y := MatMulBias(flat, weights, biases)
	outDims := append(append([]int{}, inDims[:len(inDims)-1]...), units)
	return Reshape(y, outDims...)
}

// MatMulBias returns x·w + b for x [n, in], w [in, out], b [out], with the direct gradient
// described in Dense.
func MatMulBias(x, w, b *Node) *Node {
	x.AssertRank(2)
	w.AssertDims(x.Shape().Dimensions[1], -1)
	b.AssertDims(w.Shape().Dimensions[1])
	return CustomGradient([]*Node{x, w, b},
		func(in []*Node) *Node {
			return Add(DotGeneral(in[0], []int{1}, nil, in[1], []int{0}, nil), ExpandAxes(in[2], 0))
		},
		func(in []*Node, _, dy *Node) []*Node {
			x, w := in[0], in[1]
			dx := DotGeneral(dy, []int{1}, nil, w, []int{1}, nil)
			dw := DotGeneral(x, []int{0}, nil, dy, []int{0}, nil)
			db := ReduceSum(dy, 0)
			return []*Node{dx, dw, db}
		})
}
