package computebackend

import (
	"math"
	"strings"
	"testing"

	"github.com/gomlx/compute"
	cdtypes "github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
)

// Forward conformance: the ops DeepNB's layers, models, losses and notebooks build are run on
// the adapter and on GoMLX v0.26's stock simplego with the same float32 inputs, and the
// outputs must agree within float32 rounding. Both backends compute in float32 but not in the
// same order (compute's gobackend uses blocked SIMD kernels, simplego plain loops) and not with
// the same transcendental approximations, so exact equality is not expected; a wrong axis,
// stride, padding or index gives errors of order one instead.
const (
	// tolShort is for ops where each output comes from a few float32 operations: elementwise
	// ops (a few ulps of difference in exp, log, tanh… between implementations) and short sums
	// (≤ ~30 terms: the convolutions' 3×3×3 windows, matrix products over 5–7 terms).
	tolShort = 1e-5
	// tolLong is for long sums and chains (hundreds to thousands of terms): the rounding error
	// of a float32 sum grows with its length and depends on the summation order.
	tolLong = 1e-4
)

// opCase is one graph function of the table.
type opCase struct {
	name   string
	inputs []*tensors.Tensor
	fn     func(ctx *context.Context, in []*Node) []*Node
	tol    float64 // 0: tolShort
}

// one, two and all adapt single-output graph functions of one, two or any number of inputs to
// opCase.fn.
func one(f func(x *Node) *Node) func(*context.Context, []*Node) []*Node {
	return func(_ *context.Context, in []*Node) []*Node { return []*Node{f(in[0])} }
}

func two(f func(x, y *Node) *Node) func(*context.Context, []*Node) []*Node {
	return func(_ *context.Context, in []*Node) []*Node { return []*Node{f(in[0], in[1])} }
}

func all(f func(in []*Node) *Node) func(*context.Context, []*Node) []*Node {
	return func(_ *context.Context, in []*Node) []*Node { return []*Node{f(in)} }
}

// runCase builds fn and runs it on backend b with a fresh context (LayerNormalization creates its
// gain and offset variables there; they start at one and zero, the same on both backends).
func runCase(t *testing.T, b backends.Backend, fn func(*context.Context, []*Node) []*Node, inputs []*tensors.Tensor) ([]*tensors.Tensor, error) {
	t.Helper()
	exec, err := context.NewExec(b, context.New(), fn)
	if err != nil {
		return nil, err
	}
	defer exec.Finalize()
	return exec.Exec(localClones(t, inputs)...)
}

// runBoth runs fn on stock simplego (want) and on the adapter (got), failing t if either cannot.
func runBoth(t *testing.T, stock, adapter backends.Backend, fn func(*context.Context, []*Node) []*Node, inputs []*tensors.Tensor) (want, got []*tensors.Tensor) {
	t.Helper()
	want, err := runCase(t, stock, fn, inputs)
	if err != nil {
		t.Fatalf("simplego: %v", err)
	}
	got, err = runCase(t, adapter, fn, inputs)
	if err != nil {
		t.Fatalf("adapter: %v", err)
	}
	return want, got
}

// compareOutputs fails t unless got has want's shapes and values within tol.
func compareOutputs(t *testing.T, got, want []*tensors.Tensor, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d outputs, simplego gives %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Shape().Equal(want[i].Shape()) {
			t.Errorf("output %d: shape %s, simplego gives %s", i, got[i].Shape(), want[i].Shape())
			continue
		}
		if msg := closeTo(asFloat64(t, got[i]), asFloat64(t, want[i]), tol); msg != "" {
			t.Errorf("output %d (%s): %s", i, want[i].Shape(), msg)
		}
	}
}

func conformanceCases() []opCase {
	rng := newRNG(1)
	u := func(lo, hi float64, dims ...int) *tensors.Tensor { return uniform32(rng, lo, hi, dims...) }
	x := func(dims ...int) *tensors.Tensor { return u(-2, 2, dims...) }
	pos := func(dims ...int) *tensors.Tensor { return u(0.1, 3, dims...) }
	// small integers as floats, so that Equal and ties see equal values.
	smallInts := func(dims ...int) *tensors.Tensor {
		data := make([]float32, size(dims))
		for i := range data {
			data[i] = float32(rng.IntN(3))
		}
		return tensors.FromFlatDataAndDimensions(data, dims...)
	}
	withZeros := tensors.FromFlatDataAndDimensions([]float32{-1.5, 0, 2.25, -1e-7, 1e-7, -3}, 2, 3)
	labels := ints32(rng, 10, 5)
	dummy := tensors.FromScalar(float32(0)) // for graphs without inputs (Iota): the graph comes from it

	// Strides are always set: stock simplego rejects GoMLX v0.26's default (an empty strides list
	// reaches it as stride 0). DeepNB's Conv2D always sets them.
	conv := func(configure func(*ConvolutionBuilder) *ConvolutionBuilder) func(*context.Context, []*Node) []*Node {
		return two(func(img, kernel *Node) *Node { return configure(Convolve(img, kernel).Strides(1)).Done() })
	}
	pool := func(p func(*Node) *PoolBuilder, window, stride int, same bool) func(*context.Context, []*Node) []*Node {
		return one(func(img *Node) *Node {
			b := p(img).Window(window).Strides(stride)
			if same {
				b = b.PadSame()
			} else {
				b = b.NoPadding()
			}
			return b.Done()
		})
	}

	return []opCase{
		// Matrix products: Dense layers, the im2col convolution, the custom gradients.
		{name: "Dot/matrix·matrix", inputs: []*tensors.Tensor{x(5, 7), x(7, 4)}, fn: two(Dot)},
		{name: "Dot/matrix·vector", inputs: []*tensors.Tensor{x(5, 7), x(7)}, fn: two(Dot)},
		{name: "Dot/vector·vector", inputs: []*tensors.Tensor{x(7), x(7)}, fn: two(Dot)},
		{name: "MatMul/batched", inputs: []*tensors.Tensor{x(2, 3, 5), x(2, 5, 4)}, fn: two(MatMul)},
		{name: "MatMul/broadcast rhs", inputs: []*tensors.Tensor{x(2, 3, 5), x(5, 4)}, fn: two(MatMul)},
		{name: "DotGeneral/transposed contractions", inputs: []*tensors.Tensor{x(7, 5), x(4, 7)},
			fn: two(func(a, b *Node) *Node { return DotGeneral(a, []int{0}, nil, b, []int{1}, nil) })},
		{name: "DotGeneral/batch axis not leading", inputs: []*tensors.Tensor{x(3, 2, 5), x(5, 2, 4)},
			fn: two(func(a, b *Node) *Node { return DotGeneral(a, []int{2}, []int{1}, b, []int{0}, []int{1}) })},
		{name: "DotGeneral/two contracting axes", inputs: []*tensors.Tensor{x(3, 4, 5), x(5, 4, 2)},
			fn: two(func(a, b *Node) *Node { return DotGeneral(a, []int{1, 2}, nil, b, []int{1, 0}, nil) })},
		{name: "DotGeneral/long contraction", inputs: []*tensors.Tensor{x(4, 1024), x(1024, 3)}, fn: two(Dot), tol: tolLong},
		{name: "Einsum/bij,bjk->bik", inputs: []*tensors.Tensor{x(2, 3, 4), x(2, 4, 5)},
			fn: two(func(a, b *Node) *Node { return Einsum("bij,bjk->bik", a, b) })},
		{name: "Einsum/ij,kj->ik", inputs: []*tensors.Tensor{x(3, 6), x(4, 6)},
			fn: two(func(a, b *Node) *Node { return Einsum("ij,kj->ik", a, b) })},
		{name: "Einsum/ibj,jbk->bik", inputs: []*tensors.Tensor{x(3, 2, 4), x(4, 2, 5)},
			fn: two(func(a, b *Node) *Node { return Einsum("ibj,jbk->bik", a, b) })},

		// Convolutions (NHWC, kernel [kh, kw, in, out]): Conv2D's native path on the adapter.
		{name: "Convolve/valid", inputs: []*tensors.Tensor{x(2, 9, 9, 3), x(3, 3, 3, 4)},
			fn: conv(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.NoPadding() })},
		{name: "Convolve/stride 2", inputs: []*tensors.Tensor{x(2, 9, 9, 3), x(3, 3, 3, 4)},
			fn: conv(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.Strides(2).NoPadding() })},
		{name: "Convolve/same", inputs: []*tensors.Tensor{x(2, 9, 9, 3), x(3, 3, 3, 4)},
			fn: conv(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.PadSame() })},
		{name: "Convolve/same stride 2", inputs: []*tensors.Tensor{x(2, 8, 8, 3), x(3, 3, 3, 4)},
			fn: conv(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.Strides(2).PadSame() })},
		{name: "Convolve/even kernel same (asymmetric padding)", inputs: []*tensors.Tensor{x(2, 7, 7, 2), x(2, 2, 2, 3)},
			fn: conv(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.PadSame() })},
		{name: "Convolve/dilation 2", inputs: []*tensors.Tensor{x(2, 9, 9, 3), x(3, 3, 3, 4)},
			fn: conv(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.Dilations(2).NoPadding() })},
		{name: "Convolve/one input channel (seed CNN's first layer)", inputs: []*tensors.Tensor{u(0, 1, 2, 10, 10, 1), x(3, 3, 1, 8)},
			fn: conv(func(c *ConvolutionBuilder) *ConvolutionBuilder { return c.NoPadding() })},

		// Pooling (ReduceWindow).
		{name: "MaxPool/2 stride 2", inputs: []*tensors.Tensor{x(2, 8, 8, 3)}, fn: pool(MaxPool, 2, 2, false)},
		{name: "MaxPool/2 stride 2, odd size drops the border", inputs: []*tensors.Tensor{x(2, 7, 7, 3)}, fn: pool(MaxPool, 2, 2, false)},
		{name: "MaxPool/3 stride 2 same", inputs: []*tensors.Tensor{x(2, 7, 7, 3)}, fn: pool(MaxPool, 3, 2, true)},
		{name: "MeanPool/2 stride 2", inputs: []*tensors.Tensor{x(2, 8, 8, 3)}, fn: pool(MeanPool, 2, 2, false)},
		{name: "MeanPool/3 stride 2 same", inputs: []*tensors.Tensor{x(2, 7, 7, 3)}, fn: pool(MeanPool, 3, 2, true)},

		// Elementwise arithmetic and math.
		{name: "Add", inputs: []*tensors.Tensor{x(4, 6), x(4, 6)}, fn: two(Add)},
		{name: "Add/broadcast [4,1]+[1,6]", inputs: []*tensors.Tensor{x(4, 1), x(1, 6)}, fn: two(Add)},
		{name: "Sub", inputs: []*tensors.Tensor{x(4, 6), x(4, 6)}, fn: two(Sub)},
		{name: "Mul", inputs: []*tensors.Tensor{x(4, 6), x(4, 6)}, fn: two(Mul)},
		{name: "Mul/scalar", inputs: []*tensors.Tensor{x(4, 6)}, fn: one(func(x *Node) *Node { return MulScalar(x, 0.3) })},
		{name: "Div", inputs: []*tensors.Tensor{x(4, 6), pos(4, 6)}, fn: two(Div)},
		{name: "Max", inputs: []*tensors.Tensor{x(4, 6), x(4, 6)}, fn: two(Max)},
		{name: "Min", inputs: []*tensors.Tensor{x(4, 6), x(4, 6)}, fn: two(Min)},
		{name: "Pow", inputs: []*tensors.Tensor{u(0.5, 2, 4, 6), x(4, 6)}, fn: two(Pow)},
		{name: "Exp", inputs: []*tensors.Tensor{u(-5, 5, 4, 6)}, fn: one(Exp)},
		{name: "Log", inputs: []*tensors.Tensor{pos(4, 6)}, fn: one(Log)},
		{name: "Log1p", inputs: []*tensors.Tensor{u(-0.5, 3, 4, 6)}, fn: one(Log1p)},
		{name: "Tanh", inputs: []*tensors.Tensor{u(-4, 4, 4, 6)}, fn: one(Tanh)},
		{name: "Logistic", inputs: []*tensors.Tensor{u(-8, 8, 4, 6)}, fn: one(Logistic)},
		{name: "Sqrt", inputs: []*tensors.Tensor{pos(4, 6)}, fn: one(Sqrt)},
		{name: "Rsqrt", inputs: []*tensors.Tensor{pos(4, 6)}, fn: one(Rsqrt)},
		{name: "Reciprocal", inputs: []*tensors.Tensor{pos(4, 6)}, fn: one(Reciprocal)},
		{name: "Square", inputs: []*tensors.Tensor{x(4, 6)}, fn: one(Square)},
		{name: "Cos (Box-Muller in RandomNormal)", inputs: []*tensors.Tensor{u(0, 7, 4, 6)}, fn: one(Cos)},
		{name: "Abs", inputs: []*tensors.Tensor{withZeros}, fn: one(Abs)},
		{name: "Neg", inputs: []*tensors.Tensor{withZeros}, fn: one(Neg)},
		{name: "Sign", inputs: []*tensors.Tensor{withZeros}, fn: one(Sign)},
		{name: "Relu", inputs: []*tensors.Tensor{withZeros}, fn: one(activations.Relu)},
		{name: "Relu/random", inputs: []*tensors.Tensor{x(4, 6)}, fn: one(activations.Relu)},
		{name: "ClipScalar", inputs: []*tensors.Tensor{x(4, 6)}, fn: one(func(x *Node) *Node { return ClipScalar(x, -0.5, 0.75) })},
		{name: "Clip/tensor bounds", inputs: []*tensors.Tensor{x(4, 6), u(-2, 0, 4, 6), u(0, 2, 4, 6)},
			fn: all(func(in []*Node) *Node { return Clip(in[0], in[1], in[2]) })},

		// Softmax and the losses DeepNB trains with.
		{name: "Softmax/last axis", inputs: []*tensors.Tensor{x(5, 10)}, fn: one(func(x *Node) *Node { return Softmax(x) })},
		{name: "Softmax/axis 0", inputs: []*tensors.Tensor{x(5, 10)}, fn: one(func(x *Node) *Node { return Softmax(x, 0) })},
		{name: "LogSoftmax", inputs: []*tensors.Tensor{x(5, 10)}, fn: one(func(x *Node) *Node { return LogSoftmax(x) })},
		{name: "LogSoftmax/large logits", inputs: []*tensors.Tensor{u(-60, 60, 5, 10)}, fn: one(func(x *Node) *Node { return LogSoftmax(x) })},
		{name: "SparseCategoricalCrossEntropyLogits", inputs: []*tensors.Tensor{x(5, 10), ints32(rng, 10, 5, 1)},
			fn: two(func(logits, labels *Node) *Node {
				return losses.SparseCategoricalCrossEntropyLogits([]*Node{labels}, []*Node{logits})
			})},

		// Reductions.
		{name: "ReduceSum/axis 1", inputs: []*tensors.Tensor{x(3, 4, 5)}, fn: one(func(x *Node) *Node { return ReduceSum(x, 1) })},
		{name: "ReduceSum/axes 0,2", inputs: []*tensors.Tensor{x(3, 4, 5)}, fn: one(func(x *Node) *Node { return ReduceSum(x, 0, 2) })},
		{name: "ReduceAllSum/long", inputs: []*tensors.Tensor{x(64, 64)}, fn: one(ReduceAllSum), tol: tolLong},
		{name: "ReduceMax/axis 2", inputs: []*tensors.Tensor{x(3, 4, 5)}, fn: one(func(x *Node) *Node { return ReduceMax(x, 2) })},
		{name: "ReduceAllMax", inputs: []*tensors.Tensor{x(3, 4, 5)}, fn: one(ReduceAllMax)},
		{name: "ReduceMin/axis 0", inputs: []*tensors.Tensor{x(3, 4, 5)}, fn: one(func(x *Node) *Node { return ReduceMin(x, 0) })},
		{name: "ReduceMean/axes 0,1", inputs: []*tensors.Tensor{x(3, 4, 5)}, fn: one(func(x *Node) *Node { return ReduceMean(x, 0, 1) })},
		{name: "ReduceAllMean", inputs: []*tensors.Tensor{x(3, 4, 5)}, fn: one(ReduceAllMean)},
		{name: "ArgMax/axis 1", inputs: []*tensors.Tensor{x(5, 10)}, fn: one(func(x *Node) *Node { return ArgMax(x, 1) })},
		{name: "ArgMax/axis 0, int32", inputs: []*tensors.Tensor{x(5, 10)}, fn: one(func(x *Node) *Node { return ArgMax(x, 0, dtypes.Int32) })},

		// Comparisons, selection, boolean logic (Dropout's mask, MaxPool2D's custom gradient).
		{name: "Where(GreaterThan)", inputs: []*tensors.Tensor{x(4, 6), x(4, 6)},
			fn: two(func(a, b *Node) *Node { return Where(GreaterThan(a, b), a, b) })},
		{name: "Where/scalar branch", inputs: []*tensors.Tensor{x(4, 6)},
			fn: one(func(a *Node) *Node {
				return Where(LessThan(a, ScalarZero(a.Graph(), a.DType())), ScalarZero(a.Graph(), a.DType()), a)
			})},
		{name: "Equal", inputs: []*tensors.Tensor{smallInts(4, 6), smallInts(4, 6)}, fn: two(Equal)},
		{name: "GreaterThan", inputs: []*tensors.Tensor{smallInts(4, 6), smallInts(4, 6)}, fn: two(GreaterThan)},
		{name: "GreaterOrEqual", inputs: []*tensors.Tensor{smallInts(4, 6), smallInts(4, 6)}, fn: two(GreaterOrEqual)},
		{name: "LessThan", inputs: []*tensors.Tensor{smallInts(4, 6), smallInts(4, 6)}, fn: two(LessThan)},
		{name: "LogicalAnd/Or/Not", inputs: []*tensors.Tensor{smallInts(4, 6), smallInts(4, 6)},
			fn: two(func(a, b *Node) *Node {
				p, q := Equal(a, b), GreaterThan(a, b)
				return LogicalOr(LogicalAnd(p, LogicalNot(q)), LogicalAnd(q, LogicalNot(p)))
			})},

		// Indexing: one-hot labels, Gather (embedding-style and take-along-axis) and ScatterSum,
		// which is Gather's gradient.
		{name: "OneHot", inputs: []*tensors.Tensor{labels}, fn: one(func(l *Node) *Node { return OneHot(l, 10, dtypes.Float32) })},
		{name: "OneHot/rank 2", inputs: []*tensors.Tensor{ints32(rng, 4, 3, 2)}, fn: one(func(l *Node) *Node { return OneHot(l, 4, dtypes.Float32) })},
		{name: "Gather/rows", inputs: []*tensors.Tensor{x(6, 4), tensors.FromValue([][]int32{{1}, {3}, {1}, {0}, {5}})},
			fn: two(func(p, i *Node) *Node { return Gather(p, i) })},
		{name: "Gather/take along axis 1", inputs: []*tensors.Tensor{x(5, 10), labels},
			fn: two(func(logits, l *Node) *Node {
				rows := Iota(l.Graph(), shapes.Make(dtypes.Int32, 5, 1), 0)
				return Gather(logits, Concatenate([]*Node{rows, ExpandAxes(l, -1)}, 1))
			})},
		{name: "ScatterSum/duplicate indices", inputs: []*tensors.Tensor{x(6, 4), tensors.FromValue([][]int32{{1}, {3}, {1}, {0}, {5}}), x(5, 4)},
			fn: all(func(in []*Node) *Node { return ScatterSum(in[0], in[1], in[2], false, false) })},
		{name: "Scatter/into zeros", inputs: []*tensors.Tensor{tensors.FromValue([][]int32{{2}, {0}}), x(2, 3)},
			fn: two(func(i, upd *Node) *Node { return Scatter(i, upd, shapes.Make(dtypes.Float32, 4, 3), false, true) })},

		// Shapes and layout.
		{name: "Concatenate/axis 0", inputs: []*tensors.Tensor{x(2, 3), x(1, 3), x(4, 3)},
			fn: all(func(in []*Node) *Node { return Concatenate(in, 0) })},
		{name: "Concatenate/axis 1", inputs: []*tensors.Tensor{x(2, 3), x(2, 1), x(2, 4)},
			fn: all(func(in []*Node) *Node { return Concatenate(in, 1) })},
		{name: "Transpose", inputs: []*tensors.Tensor{x(2, 3, 4)}, fn: one(func(x *Node) *Node { return Transpose(x, 0, 2) })},
		{name: "TransposeAllAxes/4-D", inputs: []*tensors.Tensor{x(2, 3, 4, 5)},
			fn: one(func(x *Node) *Node { return TransposeAllAxes(x, 3, 1, 0, 2) })},
		{name: "Reshape", inputs: []*tensors.Tensor{x(3, 4, 5)}, fn: one(func(x *Node) *Node { return Reshape(x, 5, -1) })},
		{name: "Slice/ranges", inputs: []*tensors.Tensor{x(6, 9)}, fn: one(func(x *Node) *Node { return Slice(x, AxisRange(1, 5), AxisRangeToEnd(3)) })},
		{name: "Slice/strides", inputs: []*tensors.Tensor{x(6, 9, 2)},
			fn: one(func(x *Node) *Node { return Slice(x, AxisRange(1, 6).Stride(2), AxisRange().Stride(3), AxisElem(1)) })},
		{name: "BroadcastToDims", inputs: []*tensors.Tensor{x(1, 4)}, fn: one(func(x *Node) *Node { return BroadcastToDims(x, 3, 4) })},
		{name: "ExpandAxes+BroadcastToDims", inputs: []*tensors.Tensor{x(4)},
			fn: one(func(x *Node) *Node { return BroadcastToDims(ExpandAxes(x, 0, -1), 3, 4, 2) })},
		{name: "ConvertDType/float32→float64", inputs: []*tensors.Tensor{x(4, 6)}, fn: one(func(x *Node) *Node { return ConvertDType(x, dtypes.Float64) })},
		{name: "ConvertDType/float64→float32", inputs: []*tensors.Tensor{uniform64(rng, -2, 2, 4, 6)},
			fn: one(func(x *Node) *Node { return ConvertDType(x, dtypes.Float32) })},
		{name: "ConvertDType/float32→int32", inputs: []*tensors.Tensor{u(-5, 5, 4, 6)}, fn: one(func(x *Node) *Node { return ConvertDType(x, dtypes.Int32) })},
		{name: "ConvertDType/int32→float32", inputs: []*tensors.Tensor{labels}, fn: one(func(x *Node) *Node { return ConvertDType(x, dtypes.Float32) })},
		{name: "ConvertDType/bool→float32", inputs: []*tensors.Tensor{x(4, 6)},
			fn: one(func(x *Node) *Node {
				return ConvertDType(GreaterOrEqual(x, ScalarZero(x.Graph(), x.DType())), dtypes.Float32)
			})},
		{name: "Iota/int32 axis 1", inputs: []*tensors.Tensor{dummy},
			fn: one(func(d *Node) *Node { return Iota(d.Graph(), shapes.Make(dtypes.Int32, 3, 4), 1) })},
		{name: "IotaFull/float32", inputs: []*tensors.Tensor{dummy},
			fn: one(func(d *Node) *Node { return IotaFull(d.Graph(), shapes.Make(dtypes.Float32, 3, 4)) })},

		// GoMLX's LayerNormalization (not used by DeepNB's models; a common layer, cheap to cover).
		{name: "LayerNormalization", inputs: []*tensors.Tensor{x(4, 6)},
			fn: func(ctx *context.Context, in []*Node) []*Node {
				return []*Node{layers.LayerNormalization(ctx, in[0], -1).Done()}
			}},
	}
}

// TestForwardConformance runs every case of conformanceCases on both backends.
func TestForwardConformance(t *testing.T) {
	adapter, stock := testBackends(t)
	for _, c := range conformanceCases() {
		t.Run(c.name, func(t *testing.T) {
			want, got := runBoth(t, stock, adapter, c.fn, c.inputs)
			tol := c.tol
			if tol == 0 {
				tol = tolShort
			}
			compareOutputs(t, got, want, tol)
		})
	}
}

// TestForwardOpsSimplegoLacks checks, against hand-computed results, the ops stock simplego
// cannot run (Pad and Reverse are what GoMLX's convolution gradients need; see layers'
// HasNativeConvGradients), so there is nothing to compare them with.
func TestForwardOpsSimplegoLacks(t *testing.T) {
	adapter, stock := testBackends(t)
	x := tensors.FromValue([][]float32{{1, 2, 3}, {4, 5, 6}})
	for _, c := range []struct {
		name  string
		lacks backends.OpType
		fn    func(x *Node) *Node
		want  *tensors.Tensor
	}{
		{"Reverse/axis 1", backends.OpTypeReverse, func(x *Node) *Node { return Reverse(x, 1) },
			tensors.FromValue([][]float32{{3, 2, 1}, {6, 5, 4}})},
		{"Reverse/both axes", backends.OpTypeReverse, func(x *Node) *Node { return Reverse(x, 0, 1) },
			tensors.FromValue([][]float32{{6, 5, 4}, {3, 2, 1}})},
		{"Pad/edges and interior", backends.OpTypePad, func(x *Node) *Node {
			fill := Scalar(x.Graph(), dtypes.Float32, -1)
			return Pad(x, fill, backends.PadAxis{Start: 1}, backends.PadAxis{End: 2, Interior: 1})
		}, tensors.FromValue([][]float32{
			{-1, -1, -1, -1, -1, -1, -1},
			{1, -1, 2, -1, 3, -1, -1},
			{4, -1, 5, -1, 6, -1, -1},
		})},
	} {
		t.Run(c.name, func(t *testing.T) {
			if stock.Capabilities().Operations[c.lacks] {
				t.Logf("simplego now offers %s: this case could compare with it instead", c.lacks)
			}
			got, err := runCase(t, adapter, one(c.fn), []*tensors.Tensor{x})
			if err != nil {
				t.Fatalf("adapter: %v", err)
			}
			compareOutputs(t, got, []*tensors.Tensor{c.want}, 0)
		})
	}
}

// TestBatchNormOpsMatchFormula checks the fused BatchNormForTraining/Inference ops, which the
// adapter forwards to compute and simplego lacks (GoMLX's own batchnorm layer uses them by
// default; DeepNB's layers.BatchNorm does not), against the plain-op formula run on simplego.
// Where the adapter does not offer an op (gobackend v0.1.35 implements neither), building it must
// fail with an error naming the op instead of computing something.
func TestBatchNormOpsMatchFormula(t *testing.T) {
	adapter, stock := testBackends(t)
	rng := newRNG(2)
	const eps = 1e-3
	inputs := []*tensors.Tensor{uniform32(rng, -2, 2, 3, 4, 4, 5), uniform32(rng, 0.5, 2, 5), uniform32(rng, -1, 1, 5),
		uniform32(rng, -1, 1, 5), uniform32(rng, 0.5, 2, 5)}
	toFeatures := func(v *Node) *Node { return Reshape(v, 1, 1, 1, v.Shape().Dimensions[0]) }
	formula := func(x, scale, offset, mean, variance *Node) *Node {
		return Add(Mul(Div(Sub(x, toFeatures(mean)), Sqrt(AddScalar(toFeatures(variance), eps))), toFeatures(scale)), toFeatures(offset))
	}
	for _, c := range []struct {
		op        backends.OpType
		fused     func(*context.Context, []*Node) []*Node
		reference func(*context.Context, []*Node) []*Node
		inputs    []*tensors.Tensor
		tol       float64
	}{
		{backends.OpTypeBatchNormForTraining,
			func(_ *context.Context, in []*Node) []*Node {
				y, mean, variance := InternalBatchNormForTraining(in[0], in[1], in[2], eps, -1)
				return []*Node{y, mean, variance}
			},
			func(_ *context.Context, in []*Node) []*Node {
				mean := ReduceMean(in[0], 0, 1, 2)
				variance := ReduceMean(Square(Sub(in[0], toFeatures(mean))), 0, 1, 2)
				return []*Node{formula(in[0], in[1], in[2], mean, variance), mean, variance}
			},
			inputs[:3], tolLong}, // 48-term means
		{backends.OpTypeBatchNormForInference,
			all(func(in []*Node) *Node {
				return InternalBatchNormForInference(in[0], in[1], in[2], in[3], in[4], eps, -1)
			}),
			all(func(in []*Node) *Node { return formula(in[0], in[1], in[2], in[3], in[4]) }),
			inputs, tolShort},
	} {
		t.Run(c.op.String(), func(t *testing.T) {
			got, err := runCase(t, adapter, c.fused, c.inputs)
			if !adapter.Capabilities().Operations[c.op] {
				if err == nil || !strings.Contains(err.Error(), c.op.String()) {
					t.Fatalf("the adapter does not offer %s, but building it gave error %v, want one naming the op", c.op, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("adapter offers %s but: %v", c.op, err)
			}
			want, err := runCase(t, stock, c.reference, c.inputs)
			if err != nil {
				t.Fatalf("simplego: %v", err)
			}
			compareOutputs(t, got, want, c.tol)
		})
	}
}

// TestMaxMinPropagateNaN: Max and Min with a NaN operand give NaN on the adapter, as on simplego
// and XLA. compute's gobackend alone returns the other operand (nan.go), and a NaN that a ReLU
// swallowed would hide a diverged model from DeepNB's divergence check.
func TestMaxMinPropagateNaN(t *testing.T) {
	adapter, stock := testBackends(t)
	nan := float32(math.NaN())
	x := tensors.FromValue([]float32{nan, 1, -1, nan, 0})
	y := tensors.FromValue([]float32{0, nan, 2, nan, -3})
	for _, c := range []struct {
		name    string
		fn      func(*context.Context, []*Node) []*Node
		inputs  []*tensors.Tensor
		wantNaN []bool
	}{
		{"Max(x, y)", two(Max), []*tensors.Tensor{x, y}, []bool{true, true, false, true, false}},
		{"Max(y, x)", two(func(a, b *Node) *Node { return Max(b, a) }), []*tensors.Tensor{x, y}, []bool{true, true, false, true, false}},
		{"Min(x, y)", two(Min), []*tensors.Tensor{x, y}, []bool{true, true, false, true, false}},
		{"Min(y, x)", two(func(a, b *Node) *Node { return Min(b, a) }), []*tensors.Tensor{x, y}, []bool{true, true, false, true, false}},
		{"MaxScalar(x, 0)", one(func(a *Node) *Node { return MaxScalar(a, 0) }), []*tensors.Tensor{x}, []bool{true, false, false, true, false}},
		{"Relu", one(activations.Relu), []*tensors.Tensor{x}, []bool{true, false, false, true, false}},
		{"Max/float64", two(func(a, b *Node) *Node { return Max(ConvertDType(a, dtypes.Float64), ConvertDType(b, dtypes.Float64)) }),
			[]*tensors.Tensor{x, y}, []bool{true, true, false, true, false}},
		// The reductions behind the loss and pooling: a NaN anywhere in the window gives NaN.
		{"ReduceMax over pairs", two(func(a, b *Node) *Node {
			return ReduceMax(Concatenate([]*Node{ExpandAxes(a, -1), ExpandAxes(b, -1)}, 1), 1)
		}),
			[]*tensors.Tensor{x, y}, []bool{true, true, false, true, false}},
		{"ReduceMin over pairs", two(func(a, b *Node) *Node {
			return ReduceMin(Concatenate([]*Node{ExpandAxes(a, -1), ExpandAxes(b, -1)}, 1), 1)
		}),
			[]*tensors.Tensor{x, y}, []bool{true, true, false, true, false}},
		{"ReduceAllMax", one(ReduceAllMax), []*tensors.Tensor{x}, []bool{true}},
		{"MaxPool", one(func(a *Node) *Node {
			return MaxPool(Reshape(Slice(a, AxisRange(0, 4)), 1, 2, 2, 1)).Window(2).Strides(2).NoPadding().Done()
		}), []*tensors.Tensor{x}, []bool{true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			want, got := runBoth(t, stock, adapter, c.fn, c.inputs)
			g, w := asFloat64(t, got[0]), asFloat64(t, want[0])
			for i, wantNaN := range c.wantNaN {
				if math.IsNaN(g[i]) != wantNaN {
					t.Errorf("adapter element %d = %g, want NaN: %v (inputs x=%v y=%v)", i, g[i], wantNaN, x.Value(), y.Value())
				}
				if math.IsNaN(w[i]) != wantNaN {
					t.Errorf("simplego element %d = %g, want NaN: %v (the reference changed?)", i, w[i], wantNaN)
				}
			}
			if msg := closeTo(g, w, 0); msg != "" {
				t.Errorf("adapter and simplego differ: %s (adapter %v, simplego %v)", msg, g, w)
			}
		})
	}
}

// undefinedName reports whether a dtype's String() is enumer's fallback for a number without a name.
func undefinedName(s string) bool { return strings.HasPrefix(s, "DType(") }

// TestEnumsAgreeByName: the generated forwarding converts dtypes, reduction and FFT types by
// number (cdtypes.DType(a), compute.ReduceOpType(a)), which is right only while both modules give
// each number the same meaning; the names are the check.
func TestEnumsAgreeByName(t *testing.T) {
	// compute renamed the sub-byte integers after GoMLX v0.26; same numbers, same meaning. (The
	// adapter offers none of them: capabilities.go requires equal names.)
	renamed := map[string]string{"S4": "Int4", "U4": "Uint4", "S2": "Int2", "U2": "Uint2"}
	both := 0
	for i := range 30 {
		g, c := dtypes.DType(i), cdtypes.DType(i)
		gs, cs := g.String(), c.String()
		if undefinedName(gs) || undefinedName(cs) {
			continue
		}
		both++
		if gs != cs && renamed[gs] != cs {
			t.Errorf("dtype %d: GoMLX calls it %s, compute %s", i, gs, cs)
		}
	}
	if both < 20 {
		t.Errorf("only %d dtype numbers in 0..29 are named by both modules: the check no longer means much", both)
	}
	// A dtype the adapter offers must also have the same flat Go type on both sides, or buffers
	// would be misread (capabilities.go leaves Float16 and BFloat16 out for that reason).
	for dt := range testAdapter(t).Capabilities().DTypes {
		if gt, ct := dt.GoType(), cdtypes.DType(dt).GoType(); gt != ct {
			t.Errorf("dtype %s is offered, but its Go type is %v in GoMLX and %v in compute", dt, gt, ct)
		}
	}

	for _, r := range backends.ReduceOpTypeValues() {
		if got := compute.ReduceOpType(r).String(); got != r.String() {
			t.Errorf("ReduceOpType %d: GoMLX %s, compute %s", int(r), r, got)
		}
	}
	if g, c := len(backends.ReduceOpTypeValues()), len(compute.ReduceOpTypeValues()); g != c {
		t.Errorf("GoMLX has %d ReduceOpType values, compute %d", g, c)
	}
	for _, f := range backends.FFTTypeValues() {
		if got := compute.FFTType(f).String(); got != f.String() {
			t.Errorf("FFTType %d: GoMLX %s, compute %s", int(f), f, got)
		}
	}
	if g, c := len(backends.FFTTypeValues()), len(compute.FFTTypeValues()); g != c {
		t.Errorf("GoMLX has %d FFTType values, compute %d", g, c)
	}
}
