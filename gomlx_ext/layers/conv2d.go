package layers

import (
	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Padding of a convolution.
type Padding int

const (
	// Valid keeps only windows that fit inside the image: a k×k kernel shrinks H and W by k−1.
	Valid Padding = iota
	// Same pads with zeros so that the output has the input's height and width.
	Same
)

// Conv2DBuilder configures a 2-D convolution over NHWC images. Create it with Conv2D, finish with
// Done.
type Conv2DBuilder struct {
	ctx         *context.Context
	x           *Node
	filters     int
	kernelSize  int
	padding     Padding
	strides     int
	bias        bool
	forceIm2col bool
	forceNative bool // tests only: GoMLX's Convolve even without its gradient
}

// Conv2D starts a convolution of x, shaped [batch, height, width, channels]. Defaults: 3×3 kernel,
// stride 1, Valid padding, with bias; Filters must be set.
func Conv2D(ctx *context.Context, x *Node) *Conv2DBuilder {
	return &Conv2DBuilder{ctx: ctx, x: x, kernelSize: 3, padding: Valid, strides: 1, bias: true}
}

// Filters sets the number of output channels.
func (c *Conv2DBuilder) Filters(n int) *Conv2DBuilder { c.filters = n; return c }

// KernelSize sets the side of the square kernel.
func (c *Conv2DBuilder) KernelSize(k int) *Conv2DBuilder { c.kernelSize = k; return c }

// Padding sets Valid (default) or Same padding.
func (c *Conv2DBuilder) Padding(p Padding) *Conv2DBuilder { c.padding = p; return c }

// Strides sets the step between neighbouring windows, the same on both axes: the output has
// ⌊(H − k + p_before + p_after)/s⌋ + 1 rows, where Same pads (k−1)/2 before and k/2 after (so
// ⌈H/s⌉ rows), as GoMLX's Convolve does.
//
// Strides was introduced in notebooks/09_convolution.ipynb.
func (c *Conv2DBuilder) Strides(s int) *Conv2DBuilder { c.strides = s; return c }

// NoBias drops the bias (useful before batch normalisation).
func (c *Conv2DBuilder) NoBias() *Conv2DBuilder { c.bias = false; return c }

// Im2col forces DeepNB's im2col formulation even where the backend has native convolution
// gradients; tests use it to compare both.
func (c *Conv2DBuilder) Im2col() *Conv2DBuilder { c.forceIm2col = true; return c }

// Done builds the convolution and returns [batch, outHeight, outWidth, filters]. The kernel is the
// variable "weights" [k, k, inChannels, filters], the bias "biases" [filters].
// On the im2col path (stock simplego, and even kernels on every backend) the gradient reaches x
// only when x depends on a trainable variable, as a layer's input inside a network does:
// graph.Gradient with respect to the raw images (a saliency map) gives zeros there.
// Bad settings panic with an error naming the layer and the setting, which graph.Exec returns as
// an error.
func (c *Conv2DBuilder) Done() *Node {
	x, k := c.x, c.kernelSize
	if x.Rank() != 4 {
		failf("Conv2D", c.ctx, "input must be [batch, height, width, channels], got shape %s", x.Shape())
	}
	if c.filters <= 0 {
		failf("Conv2D", c.ctx, "Filters must be set to a positive number, got %d (input shape %s)", c.filters, x.Shape())
	}
	height, width, channels := x.Shape().Dimensions[1], x.Shape().Dimensions[2], x.Shape().Dimensions[3]
	if k <= 0 || (c.padding == Valid && (k > height || k > width)) {
		failf("Conv2D", c.ctx, "kernel %d×%d does not fit input %s", k, k, x.Shape())
	}
	if c.strides <= 0 {
		failf("Conv2D", c.ctx, "Strides must be a positive number, got %d (input shape %s)", c.strides, x.Shape())
	}
	g := x.Graph()
	ctx := c.ctx.WithInitializer(initializers.GlorotUniformFn(c.ctx))
	kernel := ctx.VariableWithShape("weights", shapes.Make(x.DType(), k, k, channels, c.filters)).ValueGraph(g)

	var biases *Node
	if c.bias {
		biases = ctx.VariableWithShape("biases", shapes.Make(x.DType(), c.filters)).ValueGraph(g)
	}
	return c.apply(x, kernel, biases)
}

// apply convolves x with kernel [k, k, in, filters] and adds biases (nil: none), on GoMLX's
// Convolve where that trains correctly on x's backend, else on the im2col path.
func (c *Conv2DBuilder) apply(x, kernel, biases *Node) *Node {
	k := kernel.Shape().Dimensions[0]
	if !c.forceIm2col && (c.forceNative || nativeConvTrainsCorrectly(x.Graph().Backend(), k)) {
		conv := Convolve(x, kernel).Strides(c.strides)
		if c.padding == Same {
			conv = conv.PadSame()
		} else {
			conv = conv.NoPadding()
		}
		y := conv.Done()
		if biases != nil {
			y = Add(y, Reshape(biases, 1, 1, 1, kernel.Shape().Dimensions[3]))
		}
		return y
	}
	return convIm2colBias(x, kernel, biases, c.padding, c.strides)
}

// nativeConvTrainsCorrectly reports whether Conv2D may use GoMLX's Convolve for a k×k kernel on b.
// Besides the backend's ops, it needs an odd k: GoMLX v0.26's gradient of Convolve with respect to
// its input is one pixel off for even kernels (convVJPWrtX pads the reversed convolution with
// 2⌊(k−1)/2⌋ − p_before zeros in front where the full convolution needs k−1−p_before), which
// notebooks/09_convolution.ipynb shows and TestNativeEvenKernelInputGradientIsShifted pins. The
// im2col path's gradient is DeepNB's own (convIm2colBias's backward), correct for every k.
func nativeConvTrainsCorrectly(b backends.Backend, k int) bool {
	return k%2 == 1 && HasNativeConvGradients(b)
}
