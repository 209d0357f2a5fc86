package layers

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// MaxPool2D takes the maximum over non-overlapping window×window squares of x [B, H, W, C]
// (stride = window, no padding: trailing rows/columns that do not fill a window are dropped, as in
// Keras). Where the backend has no SelectAndScatterMax (pure Go), the pooling is an elementwise Max
// of strided slices with its own gradient (see maxPoolStrided).
//
// ctx holds no variables of the pooling; its scope names the layer in errors (ctx.In("pool")).
func MaxPool2D(ctx *context.Context, x *Node, window int) *Node {
	if x.Rank() != 4 {
		failf("MaxPool2D", ctx, "input must be [batch, height, width, channels], got shape %s", x.Shape())
	}
	dims := x.Shape().Dimensions
	if window <= 0 || window > dims[1] || window > dims[2] {
		failf("MaxPool2D", ctx, "window %d×%d does not fit input %s", window, window, x.Shape())
	}
	if HasNativeConvGradients(x.Graph().Backend()) {
		return MaxPool(x).Window(window).Strides(window).NoPadding().Done()
	}
	return maxPoolStrided(x, window)
}

// maxPoolStrided takes the window×window strided slices of x — one per position in the window,
// each [B, H/window, W/window, C] — and combines them with elementwise Max. Everything runs on
// same-shaped tensors: the pure-Go backend's broadcasting iterator, which a Reshape+ReduceMax
// gradient needs, costs more than the pooling itself. The gradient goes to the first maximum of each
// window (row-major), as XLA's SelectAndScatter does; the parts are interleaved back with
// Concatenate and Reshape.
func maxPoolStrided(x *Node, window int) *Node {
	dims := x.Shape().Dimensions
	batch, height, width, channels := dims[0], dims[1], dims[2], dims[3]
	outH, outW := height/window, width/window
	parts := func(x *Node) []*Node {
		p := make([]*Node, 0, window*window)
		for i := range window {
			for j := range window {
				p = append(p, Slice(x, AxisRange(), AxisRange(i, i+(outH-1)*window+1).Stride(window),
					AxisRange(j, j+(outW-1)*window+1).Stride(window), AxisRange()))
			}
		}
		return p
	}
	// The backward pass compares the same slices with the output: it reuses the forward's nodes
	// (CustomGradient hands both passes the same inputs, as convIm2col's patches rely on too), as
	// recomputing them costs as much as the pooling itself on the pure-Go backend.
	var forwardParts []*Node
	return CustomGradient([]*Node{x},
		func(in []*Node) *Node {
			p := parts(in[0])
			forwardParts = p
			y := p[0]
			for _, part := range p[1:] {
				y = Max(y, part)
			}
			return y
		},
		func(in []*Node, y, dy *Node) []*Node {
			zero := ZerosLike(dy)
			var taken *Node
			rows := make([]*Node, 0, window)
			var row []*Node
			for k, part := range forwardParts {
				isMax := Equal(part, y)
				if taken == nil {
					taken = isMax
				} else {
					isMax = LogicalAnd(isMax, LogicalNot(taken))
					taken = LogicalOr(taken, isMax)
				}
				row = append(row, Reshape(Where(isMax, dy, zero), batch, outH, 1, outW, 1, channels))
				if (k+1)%window == 0 {
					rows = append(rows, Concatenate(row, 4))
					row = nil
				}
			}
			dx := Reshape(Concatenate(rows, 2), batch, outH*window, outW*window, channels)
			if outH*window != height || outW*window != width {
				dx = zeroBorder(dx, batch, 0, height-outH*window, 0, width-outW*window, outH*window, outW*window, channels)
			}
			return []*Node{dx}
		})
}
