package layers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func testBackend(t *testing.T) backends.Backend {
	t.Helper()
	b, _, err := backend.New()
	if err != nil {
		t.Fatalf("backend: %v", err)
	}
	t.Cleanup(b.Finalize)
	return b
}

// randomValues returns non-trivial float64 values (zeros hide bugs) of the given dimensions.
func randomValues(rng *rand.Rand, dims ...int) *tensors.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	data := make([]float64, n)
	for i := range data {
		data[i] = rng.Float64()*2 - 1
	}
	return tensors.FromFlatDataAndDimensions(data, dims...)
}

// execArgs passes tensors to an Exec, which takes ...any.
func execArgs(values []*tensors.Tensor) []any {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return args
}

// checkGradients compares the custom gradients of op with central finite differences of
// loss = Σ op(inputs)·R, where R is a fixed random weighting, in float64. It takes them twice: with
// the inputs as context variables (training) and as plain graph inputs (a gradient with respect to
// an image, as a saliency map takes it), since a custom gradient must not drop either.
func checkGradients(t *testing.T, op func(inputs []*Node) *Node, values ...*tensors.Tensor) {
	t.Helper()
	b := testBackend(t)
	rng := rand.New(rand.NewPCG(7, 11))
	var weighting *tensors.Tensor
	lossOf := func(inputs []*Node) *Node {
		y := op(inputs)
		if weighting == nil {
			weighting = randomValues(rng, y.Shape().Dimensions...)
		}
		return ReduceAllSum(Mul(y, Const(y.Graph(), weighting)))
	}

	// Autodiff through the layers' custom gradients: inputs are context variables, so they count as
	// trainable.
	ctx := context.New()
	vars := make([]*context.Variable, len(values))
	for i, v := range values {
		vars[i] = ctx.VariableWithValue(fmt.Sprintf("input%d", i), tensors.FromFlatDataAndDimensions(tensors.MustCopyFlatData[float64](v), v.Shape().Dimensions...))
	}
	gradExec, err := context.NewExec(b, ctx, func(ctx *context.Context, g *Graph) []*Node {
		nodes := make([]*Node, len(vars))
		for i, v := range vars {
			nodes[i] = v.ValueGraph(g)
		}
		return Gradient(lossOf(nodes), nodes...)
	})
	if err != nil {
		t.Fatalf("gradient exec: %v", err)
	}
	varGrads, err := gradExec.Exec()
	if err != nil {
		t.Fatalf("gradient: %v", err)
	}
	inputGradExec, err := NewExec(b, func(inputs []*Node) []*Node { return Gradient(lossOf(inputs), inputs...) })
	if err != nil {
		t.Fatalf("input-gradient exec: %v", err)
	}
	inputGrads, err := inputGradExec.Exec(execArgs(values)...)
	if err != nil {
		t.Fatalf("input gradient: %v", err)
	}

	lossExec, err := NewExec(b, func(inputs []*Node) *Node { return lossOf(inputs) })
	if err != nil {
		t.Fatalf("loss exec: %v", err)
	}
	loss := func(inputs []*tensors.Tensor) float64 {
		out, err := lossExec.Exec(execArgs(inputs)...)
		if err != nil {
			t.Fatalf("loss: %v", err)
		}
		return tensors.MustCopyFlatData[float64](out[0])[0]
	}

	const h = 1e-5
	for n := range 2 * len(values) {
		i, v, grads, as := n%len(values), values[n%len(values)], varGrads, "a variable"
		if n >= len(values) {
			grads, as = inputGrads, "a graph input"
		}
		auto := tensors.MustCopyFlatData[float64](grads[i])
		base := tensors.MustCopyFlatData[float64](v)
		maxRel := 0.0
		for j := range base {
			perturbed := func(delta float64) float64 {
				data := append([]float64(nil), base...)
				data[j] += delta
				inputs := append([]*tensors.Tensor(nil), values...)
				inputs[i] = tensors.FromFlatDataAndDimensions(data, v.Shape().Dimensions...)
				return loss(inputs)
			}
			numeric := (perturbed(h) - perturbed(-h)) / (2 * h)
			rel := math.Abs(auto[j]-numeric) / math.Max(1e-8, math.Max(math.Abs(auto[j]), math.Abs(numeric)))
			if math.Abs(auto[j]-numeric) > 1e-7 {
				maxRel = math.Max(maxRel, rel)
			}
		}
		if maxRel > 1e-5 {
			t.Errorf("input %d %s as %s: max relative difference autodiff vs finite differences %.3g > 1e-5", i, v.Shape(), as, maxRel)
		}
	}
}

func TestMatMulBiasGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checkGradients(t, func(in []*Node) *Node { return MatMulBias(in[0], in[1], in[2]) },
		randomValues(rng, 4, 5), randomValues(rng, 5, 3), randomValues(rng, 3))
}

func TestConvIm2colGradient(t *testing.T) {
	for _, tt := range []struct {
		name    string
		padding Padding
		k       int
	}{{"valid3", Valid, 3}, {"same3", Same, 3}, {"valid2", Valid, 2}, {"same5", Same, 5}} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			checkGradients(t, func(in []*Node) *Node { return convIm2col(in[0], in[1], tt.padding, 1) },
				randomValues(rng, 2, 6, 5, 2), randomValues(rng, tt.k, tt.k, 2, 3))
		})
	}
}

// TestConvIm2colBiasGradient: with the bias folded into the product, the gradients of the input,
// the kernel and the bias (the last row of the kernel-gradient product) match finite differences.
func TestConvIm2colBiasGradient(t *testing.T) {
	for _, tt := range []struct {
		name    string
		padding Padding
		stride  int
	}{{"valid1", Valid, 1}, {"same1", Same, 1}, {"same2", Same, 2}} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 5))
			checkGradients(t, func(in []*Node) *Node { return convIm2colBias(in[0], in[1], in[2], tt.padding, tt.stride) },
				randomValues(rng, 2, 6, 5, 2), randomValues(rng, 3, 3, 2, 3), randomValues(rng, 3))
		})
	}
}

func TestMaxPoolGradient(t *testing.T) {
	for _, dims := range [][]int{{2, 4, 6, 3}, {1, 5, 7, 2}} {
		t.Run(fmt.Sprint(dims), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, 6))
			checkGradients(t, func(in []*Node) *Node { return maxPoolStrided(in[0], 2) }, randomValues(rng, dims...))
		})
	}
}
