package layers

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
)

// MaxPool2D takes the maximum over non-overlapping window×window squares of x [B, H, W, C]
// (stride = window, no padding: trailing rows/columns that do not fill a window are dropped, as in
// Keras). Where the backend has no SelectAndScatterMax (pure Go), the pooling is a Reshape plus
// ReduceMax whose gradient goes to the window's maximum (split evenly among exact ties).
func MaxPool2D(x *Node, window int) *Node {
	if x.Rank() != 4 {
		panic(fmt.Sprintf("layers.MaxPool2D: input must be [batch, height, width, channels], got shape %s", x.Shape()))
	}
	dims := x.Shape().Dimensions
	if window <= 0 || window > dims[1] || window > dims[2] {
		panic(fmt.Sprintf("layers.MaxPool2D: window %d does not fit input %s", window, x.Shape()))
	}
	if backend.HasNativeConvGradients(x.Graph().Backend()) {
		return MaxPool(x).Window(window).Strides(window).NoPadding().Done()
	}
	return maxPoolReshape(x, window)
}

func maxPoolReshape(x *Node, window int) *Node {
	dims := x.Shape().Dimensions
	batch, height, width, channels := dims[0], dims[1], dims[2], dims[3]
	outH, outW := height/window, width/window
	windowed := func(x *Node) *Node {
		if outH*window != height || outW*window != width {
			x = Slice(x, AxisRange(), AxisRange(0, outH*window), AxisRange(0, outW*window), AxisRange())
		}
		return Reshape(x, batch, outH, window, outW, window, channels)
	}
	return CustomGradient([]*Node{x},
		func(in []*Node) *Node {
			return ReduceMax(windowed(in[0]), 2, 4)
		},
		func(in []*Node, y, dy *Node) []*Node {
			w := windowed(in[0])
			yb := Reshape(y, batch, outH, 1, outW, 1, channels)
			isMax := ConvertDType(Equal(w, yb), w.DType())
			ties := ReduceAndKeep(isMax, ReduceSum, 2, 4)
			share := Div(isMax, ties)
			dw := Mul(share, Reshape(dy, batch, outH, 1, outW, 1, channels))
			dx := Reshape(dw, batch, outH*window, outW*window, channels)
			if outH*window != height || outW*window != width {
				dx = zeroBorder(dx, batch, 0, height-outH*window, 0, width-outW*window, outH*window, outW*window, channels)
			}
			return []*Node{dx}
		})
}
