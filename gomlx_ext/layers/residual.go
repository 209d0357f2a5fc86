package layers

import (
	"slices"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
)

// Residual returns x + f(ctx, x): an identity shortcut around the branch f. Its Jacobian is
// I + ∂f/∂x, so the gradient that reaches x is the gradient of the output plus what flows back
// through f — the shortcut carries it unchanged however small ∂f/∂x is.
//
// f must return x's shape (the sum would otherwise broadcast or fail deep inside GoMLX); a branch
// that changes it panics with an error naming the layer's scope and both shapes, which graph.Exec
// and the trainer return as an error.
//
// Introduced in notebooks/15_residual_networks.ipynb.
func Residual(ctx *context.Context, x *Node, f func(ctx *context.Context, x *Node) *Node) *Node {
	if f == nil {
		failf("Residual", ctx, "branch f is nil (input shape %s)", x.Shape())
	}
	fx := f(ctx, x)
	if fx == nil || fx.DType() != x.DType() || !slices.Equal(fx.Shape().Dimensions, x.Shape().Dimensions) {
		got := "nil"
		if fx != nil {
			got = fx.Shape().String()
		}
		failf("Residual", ctx, "branch must keep its input's shape %s for the shortcut x + f(x), got %s", x.Shape(), got)
	}
	return Add(x, fx)
}

// ConvBlockBuilder configures the basic block of a residual network (He et al. 2016) over NHWC
// images. Create it with ConvBlock, finish with Done.
type ConvBlockBuilder struct {
	ctx      *context.Context
	x        *Node
	shortcut bool
}

// ConvBlock starts the block
//
//	y = ReLU(x + BN(Conv(ReLU(BN(Conv(x))))))
//
// with two 3×3 same-padded convolutions that keep x's channels, no biases (batch norm's offset
// replaces them), and the identity shortcut x + …; Plain drops the shortcut, leaving the same
// layers with the same variables, so a plain and a residual network differ only in the addition.
// The variables live in ctx's scopes "conv1", "bn1", "conv2", "bn2".
//
// Introduced in notebooks/15_residual_networks.ipynb.
func ConvBlock(ctx *context.Context, x *Node) *ConvBlockBuilder {
	return &ConvBlockBuilder{ctx: ctx, x: x, shortcut: true}
}

// Plain drops the identity shortcut: y = ReLU(BN(Conv(ReLU(BN(Conv(x)))))).
func (b *ConvBlockBuilder) Plain() *ConvBlockBuilder { b.shortcut = false; return b }

// Done builds the block; the result has x's shape.
func (b *ConvBlockBuilder) Done() *Node {
	x := b.x
	if x.Rank() != 4 {
		failf("ConvBlock", b.ctx, "input must be [batch, height, width, channels], got shape %s", x.Shape())
	}
	branch := func(ctx *context.Context, x *Node) *Node {
		channels := x.Shape().Dimensions[3]
		h := Conv2D(ctx.In("conv1"), x).Filters(channels).Padding(Same).NoBias().Done()
		h = activations.Relu(BatchNorm(ctx.In("bn1"), h).Done())
		h = Conv2D(ctx.In("conv2"), h).Filters(channels).Padding(Same).NoBias().Done()
		return BatchNorm(ctx.In("bn2"), h).Done()
	}
	if !b.shortcut {
		return activations.Relu(branch(b.ctx, x))
	}
	return activations.Relu(Residual(b.ctx, x, branch))
}
