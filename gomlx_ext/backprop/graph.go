package backprop

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"

	"github.com/deepnb/deepnb/gomlx_ext/losses"
)

// GraphParams are the four parameters as nodes of one GoMLX graph (or, from
// GraphBackward and GraphAutodiff, their gradients): W1 [in, hidden],
// B1 [hidden], W2 [hidden, out], B2 [out], all of one float dtype.
type GraphParams struct {
	W1, B1, W2, B2 *graph.Node
}

// Nodes returns the parameters in the order of ParamNames.
func (p GraphParams) Nodes() []*graph.Node { return []*graph.Node{p.W1, p.B1, p.W2, p.B2} }

// GraphCache is the graph version of Cache: the nodes GraphBackward reuses.
type GraphCache struct {
	// X is the input batch [n, in], in the parameters' dtype.
	X *graph.Node
	// Z1 and A1 are the hidden pre-activation and activation [n, hidden].
	Z1, A1 *graph.Node
	// Logits is [n, out].
	Logits *graph.Node
	// Y is the one-hot target [n, out].
	Y *graph.Node
}

// GraphForward builds the network and its mean softmax cross-entropy on a
// batch x [n, in] (any float dtype: converted to the parameters') with
// integer labels [n] or [n, 1]. Like GoMLX's own graph functions it panics
// with an error on shapes that do not fit; graph.Exec returns it as an error.
func GraphForward(p GraphParams, act Activation, x, labels *graph.Node) (loss *graph.Node, cache *GraphCache) {
	in, hidden, out := checkGraphParams(p)
	if err := act.validate(); err != nil {
		panic(err)
	}
	dtype := p.W1.DType()
	if x.Rank() != 2 || x.Shape().Dim(1) != in || !x.DType().IsFloat() {
		panic(fmt.Errorf("backprop: GraphForward: x has shape %s, want [n, %d] floats", x.Shape(), in))
	}
	n := x.Shape().Dim(0)
	if labels.Rank() == 2 && labels.Shape().Dim(1) == 1 {
		labels = graph.Reshape(labels, n)
	}
	if !labels.DType().IsInt() || labels.Rank() != 1 || labels.Shape().Dim(0) != n {
		panic(fmt.Errorf("backprop: GraphForward: labels have shape %s, want [%d] or [%d, 1] integers", labels.Shape(), n, n))
	}
	c := &GraphCache{X: graph.ConvertDType(x, dtype), Y: graph.OneHot(labels, out, dtype)}
	c.Z1 = graph.Add(graph.Dot(c.X, p.W1), graph.InsertAxes(p.B1, 0)) // b1 as [1, hidden] broadcasts over the n rows
	c.Z1.AssertDims(n, hidden)
	c.A1 = act.graphApply(c.Z1)
	c.Logits = graph.Add(graph.Dot(c.A1, p.W2), graph.InsertAxes(p.B2, 0))
	c.Logits.AssertDims(n, out)
	return losses.CrossEntropyLogits(c.Logits, c.Y), c
}

// GraphBackward builds the gradients of GraphForward's loss by the chain
// rule written out as matrix products — no graph.Gradient involved:
//
//	δ²  = (softmax(logits) − y) / n
//	dW2 = a¹ᵀ·δ²,  db2 = Σᵢ δ²ᵢ
//	δ¹  = (δ²·W2ᵀ) ⊙ f'(z¹)
//	dW1 = Xᵀ·δ¹,   db1 = Σᵢ δ¹ᵢ
//
// The transposed products are DotGeneral contractions over the batch axis
// (aᵀ·δ) or the output axis (δ·Wᵀ), so no transpose is materialised.
func GraphBackward(p GraphParams, act Activation, c *GraphCache) GraphParams {
	checkGraphParams(p)
	if c == nil {
		panic(fmt.Errorf("backprop: GraphBackward: cache is nil (build GraphForward first)"))
	}
	n := c.X.Shape().Dim(0)
	delta2 := graph.DivScalar(graph.Sub(losses.Softmax(c.Logits), c.Y), float64(n))
	var grads GraphParams
	grads.W2 = graph.DotGeneral(c.A1, []int{0}, nil, delta2, []int{0}, nil)
	grads.B2 = graph.ReduceSum(delta2, 0)
	dA1 := graph.DotGeneral(delta2, []int{1}, nil, p.W2, []int{1}, nil)
	delta1 := graph.Mul(dA1, act.graphDerivative(c.Z1, c.A1))
	grads.W1 = graph.DotGeneral(c.X, []int{0}, nil, delta1, []int{0}, nil)
	grads.B1 = graph.ReduceSum(delta1, 0)
	for i, g := range grads.Nodes() {
		g.AssertDims(p.Nodes()[i].Shape().Dimensions...)
	}
	return grads
}

// GraphAutodiff builds the same gradients with GoMLX's reverse-mode
// automatic differentiation, graph.Gradient.
func GraphAutodiff(p GraphParams, loss *graph.Node) GraphParams {
	checkGraphParams(p)
	g := graph.Gradient(loss, p.Nodes()...)
	return GraphParams{W1: g[0], B1: g[1], W2: g[2], B2: g[3]}
}

// checkGraphParams panics unless the parameters have fitting shapes and
// one float dtype; it returns the layer widths.
func checkGraphParams(p GraphParams) (in, hidden, out int) {
	nodes := p.Nodes()
	for i, n := range nodes {
		if n == nil {
			panic(fmt.Errorf("backprop: parameter %s is nil", ParamNames[i]))
		}
		if !n.DType().IsFloat() || n.DType() != p.W1.DType() {
			panic(fmt.Errorf("backprop: parameter %s has dtype %s, want the float dtype of W1 (%s)", ParamNames[i], n.DType(), p.W1.DType()))
		}
	}
	if p.W1.Rank() != 2 || p.W2.Rank() != 2 || p.B1.Rank() != 1 || p.B2.Rank() != 1 {
		panic(fmt.Errorf("backprop: parameter shapes W1 %s, b1 %s, W2 %s, b2 %s, want ranks 2, 1, 2, 1",
			p.W1.Shape(), p.B1.Shape(), p.W2.Shape(), p.B2.Shape()))
	}
	in, hidden, out = p.W1.Shape().Dim(0), p.W1.Shape().Dim(1), p.W2.Shape().Dim(1)
	if p.W2.Shape().Dim(0) != hidden || p.B1.Shape().Dim(0) != hidden || p.B2.Shape().Dim(0) != out {
		panic(fmt.Errorf("backprop: parameter shapes W1 %s, b1 %s, W2 %s, b2 %s do not fit an in→hidden→out network",
			p.W1.Shape(), p.B1.Shape(), p.W2.Shape(), p.B2.Shape()))
	}
	return in, hidden, out
}
