package optim_test

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// The tiny quadratic of the hand computations: L(w) = ½ Σ aᵢ·wᵢ² with
// a = [1, 4] and w₀ = [1, −2], so ∇L = [aᵢ·wᵢ] = [1, −8] at w₀.
var (
	quadA  = []float64{1, 4}
	quadW0 = []float64{1, -2}
)

func quadGrad(w []float64) []float64 {
	g := make([]float64, len(w))
	for i := range w {
		g[i] = quadA[i] * w[i]
	}
	return g
}

func quadraticLoss(ctx *context.Context, g *graph.Graph) *graph.Node {
	w := ctx.VariableWithValue("w", quadW0).ValueGraph(g)
	a := graph.Const(g, quadA)
	return graph.MulScalar(graph.ReduceAllSum(graph.Mul(a, graph.Mul(w, w))), 0.5)
}

// stepper builds a context.Exec that takes one optimizer step on lossFn per
// call; the returned function runs it and returns the weights after it.
func stepper(t *testing.T, ctx *context.Context, opt optimizers.Interface,
	lossFn func(*context.Context, *graph.Graph) *graph.Node) func() []float64 {
	t.Helper()
	// Unchecked: a second executor on the same (or a restored) context must
	// reuse w instead of failing because it already exists.
	exec, err := context.NewExec(testBackend(t), ctx.Checked(false), func(ctx *context.Context, g *graph.Graph) *graph.Node {
		loss := lossFn(ctx, g)
		opt.UpdateGraph(ctx, g, loss)
		return loss
	})
	if err != nil {
		t.Fatalf("building the training step: %v", err)
	}
	return func() []float64 {
		t.Helper()
		if _, err := exec.Exec(); err != nil {
			t.Fatalf("training step: %v", err)
		}
		return readVar(t, ctx, context.RootScope, "w")
	}
}

// readVar returns a float64 or float32 variable's values as float64.
func readVar(t *testing.T, ctx *context.Context, scope, name string) []float64 {
	t.Helper()
	v := ctx.GetVariableByScopeAndName(scope, name)
	if v == nil {
		t.Fatalf("variable %s/%s not found", scope, name)
	}
	value, err := v.Value()
	if err != nil {
		t.Fatalf("variable %s/%s: %v", scope, name, err)
	}
	if value.DType() == dtypes.Float32 {
		f32, err := tensors.CopyFlatData[float32](value)
		if err != nil {
			t.Fatalf("variable %s/%s: %v", scope, name, err)
		}
		flat := make([]float64, len(f32))
		for i, f := range f32 {
			flat[i] = float64(f)
		}
		return flat
	}
	flat, err := tensors.CopyFlatData[float64](value)
	if err != nil {
		t.Fatalf("variable %s/%s: %v", scope, name, err)
	}
	return flat
}

func assertSliceClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= tol*math.Max(1, math.Abs(want[i]))) {
			t.Errorf("%s = %v, want %v (tolerance %g)", what, got, want, tol)
			return
		}
	}
}
