package computebackend

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/gradcheck"
	dnblayers "github.com/deepnb/deepnb/gomlx_ext/layers"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
)

// Gradients on the adapter against central differences. GoMLX builds every gradient in its graph
// package out of forward ops, so these check the adapter's forward ops that only gradients use:
// the convolution's (ConvGeneral with input dilation and Reverse of the kernel), Slice's and
// mean-pooling's (Pad with interior padding), max-pooling's (SelectAndScatterMax), Gather's
// (ScatterSum). The conformance test cannot reach those through simplego, which lacks Reverse,
// Pad and SelectAndScatterMax (so DeepNB's layers bring their own gradients there).
//
// Everything runs in float64 and every element of every parameter is checked (the shapes are
// small enough for the whole file to take well under a second).
//
// Tolerances: a central difference with h = 1e-6 carries rounding noise of about ε·|f|/h ≈ 1e-9
// absolute for these losses (|f| of a few units), which is a relative error above gradcheck's
// default 1e-6 on the few elements whose gradient is ~1e-3 (batch norm's x has such elements).
// gradFloor measures those against the gradients' scale (O(1) here) instead, and gradTolerance
// leaves a tenfold margin over the noise; a real error (a gradient sent to the wrong element, a
// missing path, a wrong factor) is off by 1e-2 relative or more.
const (
	gradFloor     = 1e-3
	gradTolerance = 1e-5
)

// weighted returns Σ y·R for a fixed random R of y's shape: a loss whose gradient dL/dy = R is
// different at every element, so a gradient sent to the wrong element is caught (Σ y would give
// every element the same upstream gradient).
func weighted(y *Node, seed uint64) *Node {
	r := uniform64(newRNG(seed), -1, 1, y.Shape().Dimensions...)
	return ReduceAllSum(Mul(y, Const(y.Graph(), r)))
}

// checkGradient runs gradcheck on the adapter and fails t unless it passes.
func checkGradient(t *testing.T, c *gradcheck.Checker) *gradcheck.Report {
	t.Helper()
	report, err := c.Floor(gradFloor).Tolerance(gradTolerance).Run()
	if err != nil {
		t.Fatalf("gradcheck: %v", err)
	}
	if !report.Passed() {
		t.Errorf("gradients disagree with central differences (parameters %v):\n%s", report.Failed(), report)
	}
	return report
}

func TestGradientsMatchCentralDifferences(t *testing.T) {
	adapter := testAdapter(t)
	rng := newRNG(3)
	x := func(dims ...int) *tensors.Tensor { return uniform64(rng, -1, 1, dims...) }
	convolve := func(configure func(*ConvolutionBuilder) *ConvolutionBuilder) gradcheck.Func {
		return func(_ *Graph, p []*Node) *Node {
			return weighted(configure(Convolve(p[0], p[1]).Strides(1)).Done(), 10)
		}
	}
	pool := func(p func(*Node) *PoolBuilder, window, stride int, same bool) gradcheck.Func {
		return func(_ *Graph, in []*Node) *Node {
			b := p(in[0]).Window(window).Strides(stride)
			if same {
				b = b.PadSame()
			} else {
				b = b.NoPadding()
			}
			return weighted(b.Done(), 11)
		}
	}
	labels := tensors.FromValue([][]int32{{3}, {0}, {9}, {3}, {5}})

	for _, c := range []struct {
		name   string
		fn     gradcheck.Func
		params []*tensors.Tensor
	}{
		// Dense: matmul + bias, through a tanh so the upstream gradient is not constant.
		{"dense", func(_ *Graph, p []*Node) *Node {
			return weighted(Tanh(Add(Dot(p[0], p[1]), ExpandAxes(p[2], 0))), 12)
		}, []*tensors.Tensor{x(4, 5), x(5, 3), x(3)}},
		{"dense/DotGeneral batched", func(_ *Graph, p []*Node) *Node {
			return weighted(DotGeneral(p[0], []int{2}, []int{0}, p[1], []int{1}, []int{0}), 13)
		}, []*tensors.Tensor{x(2, 3, 4), x(2, 4, 5)}},
		// Convolutions: the gradient of x is a transposed convolution (input dilation by the
		// stride, Reverse of the kernel, Pad), the gradient of the kernel a convolution of x by
		// the output gradient.
		{"Convolve/stride 2", convolve(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.Strides(2).NoPadding() }),
			[]*tensors.Tensor{x(2, 7, 7, 3), x(3, 3, 3, 4)}},
		{"Convolve/same", convolve(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.PadSame() }),
			[]*tensors.Tensor{x(2, 6, 6, 2), x(3, 3, 2, 3)}},
		{"Convolve/same stride 2", convolve(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.Strides(2).PadSame() }),
			[]*tensors.Tensor{x(2, 7, 7, 2), x(3, 3, 2, 3)}},
		{"Convolve/dilation 2", convolve(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.Dilations(2).NoPadding() }),
			[]*tensors.Tensor{x(1, 7, 7, 2), x(3, 3, 2, 2)}},
		// Max-pooling: SelectAndScatterMax sends each window's gradient to its maximum. Random
		// inputs have no ties and gaps ≫ h, so the finite differences never cross a switch.
		{"MaxPool/2 stride 2", pool(MaxPool, 2, 2, false), []*tensors.Tensor{x(2, 6, 6, 3)}},
		{"MaxPool/3 stride 2 same", pool(MaxPool, 3, 2, true), []*tensors.Tensor{x(2, 7, 7, 2)}},
		{"MeanPool/3 stride 2 same", pool(MeanPool, 3, 2, true), []*tensors.Tensor{x(2, 7, 7, 2)}},
		// The training loss: softmax cross-entropy on integer labels (OneHot, LogSoftmax).
		{"SparseCategoricalCrossEntropyLogits", func(g *Graph, p []*Node) *Node {
			return ReduceAllMean(losses.SparseCategoricalCrossEntropyLogits([]*Node{Const(g, labels)}, []*Node{p[0]}))
		}, []*tensors.Tensor{x(5, 10)}},
		{"Softmax", func(_ *Graph, p []*Node) *Node { return weighted(Softmax(p[0]), 14) }, []*tensors.Tensor{x(5, 10)}},
		// Gather's gradient is ScatterSum; repeated indices must add up.
		{"Gather/repeated rows", func(g *Graph, p []*Node) *Node {
			idx := Const(g, tensors.FromValue([][]int32{{1}, {3}, {1}, {0}, {5}}))
			return weighted(Gather(p[0], idx), 15)
		}, []*tensors.Tensor{x(6, 4)}},
		// Slice's gradient pads the upstream gradient back to x's shape (interior padding for
		// the strides); Concatenate's slices it apart.
		{"Slice/strided", func(_ *Graph, p []*Node) *Node {
			return weighted(Slice(p[0], AxisRange(1, 6).Stride(2), AxisRange().Stride(3)), 19)
		}, []*tensors.Tensor{x(7, 8)}},
		{"Concatenate", func(_ *Graph, p []*Node) *Node {
			return weighted(Concatenate([]*Node{p[0], Square(p[1])}, 1), 20)
		}, []*tensors.Tensor{x(3, 2), x(3, 4)}},
		// GoMLX's LayerNormalization without learned gain and offset is a function of x alone.
		{"LayerNormalization", func(_ *Graph, p []*Node) *Node {
			y := layers.LayerNormalization(context.New(), p[0], -1).LearnedGain(false).LearnedOffset(false).Done()
			return weighted(y, 16)
		}, []*tensors.Tensor{x(4, 6)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			checker := gradcheck.New(adapter, c.fn)
			for i, p := range c.params {
				checker.Param(string(rune('a'+i)), p)
			}
			checkGradient(t, checker)
		})
	}
}

// TestBatchNormTrainingGradient checks DeepNB's layers.BatchNorm in training mode, which the
// deeper CNNs use: its exact custom gradient (through the batch mean and variance) computed on
// the adapter is gradcheck's manual gradient, and the same normalisation written with plain ops
// is the checked function, so the report compares the layer, GoMLX's autodiff of the formula and
// central differences at once.
func TestBatchNormTrainingGradient(t *testing.T) {
	adapter := testAdapter(t)
	rng := newRNG(4)
	x, scale, offset := uniform64(rng, -2, 2, 3, 3, 3, 4), uniform64(rng, 0.5, 1.5, 4), uniform64(rng, -0.5, 0.5, 4)
	const eps = dnblayers.DefaultBatchNormEpsilon

	formula := func(_ *Graph, p []*Node) *Node {
		x, scale, offset := p[0], p[1], p[2]
		features := func(v *Node) *Node { return Reshape(v, 1, 1, 1, 4) }
		mean := ReduceMean(x, 0, 1, 2)
		centred := Sub(x, features(mean))
		variance := ReduceMean(Square(centred), 0, 1, 2)
		// Div by Sqrt rather than Rsqrt, which has no gradient in GoMLX v0.26.
		y := Add(Mul(Div(centred, features(Sqrt(AddScalar(variance, eps)))), features(scale)), features(offset))
		return weighted(y, 17)
	}

	// The layer's gradients: x and the layer's own scale and offset must be context variables
	// for its custom gradient to apply (inputs that depend on no variable get none).
	ctx := context.New()
	xVar := ctx.VariableWithValue("x", x)
	ctx.In("bn").VariableWithValue("scale", scale)
	ctx.In("bn").VariableWithValue("offset", offset)
	exec, err := context.NewExec(adapter, ctx.Checked(false), func(ctx *context.Context, g *Graph) []*Node {
		ctx.SetTraining(g, true)
		xNode := xVar.ValueGraph(g)
		loss := weighted(dnblayers.BatchNorm(ctx.In("bn"), xNode).Done(), 17)
		scaleNode := ctx.GetVariableByScopeAndName("/bn", "scale").ValueGraph(g)
		offsetNode := ctx.GetVariableByScopeAndName("/bn", "offset").ValueGraph(g)
		return append([]*Node{loss}, Gradient(loss, xNode, scaleNode, offsetNode)...)
	})
	if err != nil {
		t.Fatalf("building the layer's gradient: %v", err)
	}
	out, err := exec.Exec()
	if err != nil {
		t.Fatalf("layer's gradient: %v", err)
	}

	report := checkGradient(t, gradcheck.New(adapter, formula).
		Param("x", x).Param("scale", scale).Param("offset", offset).
		Manual("x", out[1]).Manual("scale", out[2]).Manual("offset", out[3]))
	if layerLoss := out[0].Value().(float64); math.Abs(layerLoss-report.Value) > 1e-12*(1+math.Abs(report.Value)) {
		t.Errorf("layer's loss %.15g, formula's %.15g: the forward passes differ", layerLoss, report.Value)
	}
	if !report.HasManual {
		t.Error("the layer's gradient was not compared")
	}
}

// TestAdapterHasNativeConvGradients: DeepNB's Conv2D and MaxPool2D take GoMLX's native
// convolution and pooling (and their autodiff gradients, checked above) where this is true.
func TestAdapterHasNativeConvGradients(t *testing.T) {
	if !dnblayers.HasNativeConvGradients(testAdapter(t)) {
		t.Fatal("layers.HasNativeConvGradients(adapter) = false: the adapter no longer offers Reverse, Pad or SelectAndScatterMax")
	}
}

// TestDoubledGradientFails proves that the check above can fail: a function whose autodiff
// gradient is twice the true one (a custom gradient on an identity) must not pass, and its
// relative error must be the expected |2a − a| / |2a| = 1/2. The same function with the gradient
// passed through unchanged must pass, so the failure comes from the doubling alone.
func TestDoubledGradientFails(t *testing.T) {
	adapter := testAdapter(t)
	w := uniform64(newRNG(5), -1, 1, 3, 4)
	withGradientFactor := func(factor float64) gradcheck.Func {
		return func(_ *Graph, p []*Node) *Node {
			y := IdentityWithCustomGradient(p[0], func(_, v *Node) *Node { return MulScalar(v, factor) })
			return weighted(Sin(y), 18)
		}
	}
	for _, c := range []struct {
		factor float64
		pass   bool
	}{{1, true}, {2, false}} {
		report, err := gradcheck.New(adapter, withGradientFactor(c.factor)).Param("w", w).Run()
		if err != nil {
			t.Fatalf("gradcheck (factor %g): %v", c.factor, err)
		}
		if report.Passed() != c.pass {
			t.Errorf("gradient ×%g: Passed() = %v, want %v:\n%s", c.factor, report.Passed(), c.pass, report)
		}
		if !c.pass && math.Abs(report.MaxRelErr-0.5) > 1e-6 {
			t.Errorf("gradient ×2: max relative error %g, want 1/2", report.MaxRelErr)
		}
	}
}
