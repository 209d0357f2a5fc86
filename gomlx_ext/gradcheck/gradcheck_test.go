package gradcheck_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/deepnb/deepnb/gomlx_ext/gradcheck"
)

// A small layer with non-trivial values: f(W, b) = Σᵢ tanh(zᵢ)², z = W·x + b.
var (
	layerX = []float64{0.5, -1.5, 2.0}
	layerW = [][]float64{{0.3, -0.2, 0.1}, {-0.7, 0.4, 0.25}}
	layerB = []float64{0.1, -0.3}
)

func layerFn(g *graph.Graph, params []*graph.Node) *graph.Node {
	w, b := params[0], params[1]
	x := graph.Const(g, layerX)
	z := graph.Add(graph.Dot(w, x), b)
	t := graph.Tanh(z)
	return graph.ReduceAllSum(graph.Mul(t, t))
}

// layerGrad is the hand derivation: ∂f/∂zᵢ = 2·tanh(zᵢ)·(1 − tanh²(zᵢ)),
// ∂f/∂Wᵢⱼ = ∂f/∂zᵢ · xⱼ and ∂f/∂bᵢ = ∂f/∂zᵢ.
func layerGrad() (dW [][]float64, db []float64) {
	for i, row := range layerW {
		z := layerB[i]
		for j, w := range row {
			z += w * layerX[j]
		}
		t := math.Tanh(z)
		dz := 2 * t * (1 - t*t)
		db = append(db, dz)
		dWi := make([]float64, len(row))
		for j := range row {
			dWi[j] = dz * layerX[j]
		}
		dW = append(dW, dWi)
	}
	return dW, db
}

func TestKnownGradientPasses(t *testing.T) {
	dW, db := layerGrad()
	report, err := gradcheck.New(testBackend(t), layerFn).
		Param("W", layerW).
		Param("b", layerB).
		Manual("W", dW).
		Manual("b", db).
		Run()
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !report.Passed() {
		t.Fatalf("known gradient did not pass:\n%s\n%s", report, report.ManualTable())
	}
	if report.MaxRelErr >= 1e-6 {
		t.Errorf("max rel err %g, want < 1e-6", report.MaxRelErr)
	}
	want := [][]float64{flatten(dW), db}
	for i, p := range report.Params {
		if len(p.Indices) != len(want[i]) {
			t.Errorf("%s: %d elements checked, want all %d", p.Name, len(p.Indices), len(want[i]))
		}
		for k, a := range p.Autodiff {
			if math.Abs(a-want[i][k]) > 1e-12 {
				t.Errorf("%s autodiff[%d] = %.15g, hand derivation %.15g", p.Name, k, a, want[i][k])
			}
		}
	}
	if s := report.String(); !strings.Contains(s, "| W ") || !strings.Contains(s, "[2 3]") || !strings.Contains(s, ": ok") {
		t.Errorf("String() lacks the W row, its shape or the verdict:\n%s", s)
	}
	if s := report.ManualTable(); !strings.Contains(s, "finite difference") || !strings.Contains(s, ": ok") {
		t.Errorf("ManualTable() lacks the header or the verdict:\n%s", s)
	}
}

// TestWrongCustomGradientIsFlagged injects a gradient 3× too large with
// graph.IdentityWithCustomGradient: f = Σ p², true ∂f/∂p = 2p, autodiff
// says 6p, so every element has relative error |6p − 2p| / |6p| = 2/3.
func TestWrongCustomGradientIsFlagged(t *testing.T) {
	fn := func(g *graph.Graph, params []*graph.Node) *graph.Node {
		p := graph.IdentityWithCustomGradient(params[1], func(_, v *graph.Node) *graph.Node {
			return graph.MulScalar(v, 3)
		})
		return graph.ReduceAllSum(graph.Mul(p, p))
	}
	report, err := gradcheck.New(testBackend(t), fn).
		Param("ok", []float64{1}). // unused by fn: gradient 0, finite difference 0.
		Param("p", [][]float64{{0.5, -1.25}, {2, 0.75}}).
		Run()
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if report.Passed() {
		t.Fatalf("wrong gradient passed:\n%s", report)
	}
	if failed := report.Failed(); len(failed) != 1 || failed[0] != "p" {
		t.Errorf("Failed() = %v, want [p]\n%s", failed, report)
	}
	if math.Abs(report.Params[1].MaxRelErr-2.0/3) > 1e-6 {
		t.Errorf("max rel err = %g, want 2/3", report.Params[1].MaxRelErr)
	}
	if s := report.String(); !strings.Contains(s, "FAILED") {
		t.Errorf("String() does not say FAILED:\n%s", s)
	}
}

// TestWrongManualGradientIsFlagged: autodiff is right, the hand-written
// gradient forgot the factor 2 of ∂(p²)/∂p.
func TestWrongManualGradientIsFlagged(t *testing.T) {
	fn := func(_ *graph.Graph, params []*graph.Node) *graph.Node {
		return graph.ReduceAllSum(graph.Mul(params[0], params[0]))
	}
	p := []float64{0.5, -1.5, 3}
	report, err := gradcheck.New(testBackend(t), fn).Param("p", p).Manual("p", p).Run()
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if report.MaxRelErr >= 1e-6 {
		t.Errorf("autodiff rel err %g, want < 1e-6", report.MaxRelErr)
	}
	// |p − 2p| / |2p| = 1/2 for every element.
	if math.Abs(report.ManualMaxRelErr-0.5) > 1e-6 || report.Passed() {
		t.Errorf("manual rel err %g (want 0.5), passed %v (want false)\n%s", report.ManualMaxRelErr, report.Passed(), report.ManualTable())
	}
}

func TestTensorAndScalarParams(t *testing.T) {
	// f(a, s) = s · Σ exp(a): ∂f/∂a = s·exp(a), ∂f/∂s = Σ exp(a).
	fn := func(_ *graph.Graph, params []*graph.Node) *graph.Node {
		return graph.Mul(params[1], graph.ReduceAllSum(graph.Exp(params[0])))
	}
	a := tensors.FromValue([][]float32{{0.25, -0.5}, {1, 0.125}})
	report, err := gradcheck.Check(testBackend(t), fn, a, 1.5)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if !report.Passed() {
		t.Fatalf("did not pass:\n%s", report)
	}
	aFlat := []float64{0.25, -0.5, 1, 0.125} // exact in float32
	var sumExp float64
	for i, x := range aFlat {
		sumExp += math.Exp(x)
		if got := report.Params[0].Autodiff[i]; math.Abs(got-1.5*math.Exp(x)) > 1e-12 {
			t.Errorf("∂f/∂a[%d] = %g, want %g", i, got, 1.5*math.Exp(x))
		}
	}
	if got := report.Params[1].Autodiff[0]; math.Abs(got-sumExp) > 1e-12 {
		t.Errorf("∂f/∂s = %g, want %g", got, sumExp)
	}
	if report.Params[0].Name != "params[0]" || len(report.Params[1].Shape) != 0 {
		t.Errorf("names/shapes: %q %v", report.Params[0].Name, report.Params[1].Shape)
	}
	if math.Abs(report.Value-1.5*sumExp) > 1e-12 {
		t.Errorf("Value = %g, want %g", report.Value, 1.5*sumExp)
	}
}

func TestMaxElements(t *testing.T) {
	fn := func(_ *graph.Graph, params []*graph.Node) *graph.Node {
		return graph.ReduceAllSum(graph.Sin(params[0]))
	}
	p := make([]float64, 10)
	for i := range p {
		p[i] = 0.1 * float64(i+1)
	}
	report, err := gradcheck.New(testBackend(t), fn).Param("p", p).MaxElements(4).Run()
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := report.Params[0].Indices
	want := []int{0, 2, 5, 7}
	if len(got) != len(want) {
		t.Fatalf("Indices = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Indices = %v, want %v", got, want)
		}
		if n := report.Params[0].Numeric[i]; math.Abs(n-math.Cos(p[want[i]])) > 1e-8 {
			t.Errorf("numeric[%d] = %g, want cos(%g) = %g", i, n, p[want[i]], math.Cos(p[want[i]]))
		}
	}
}

func TestErrors(t *testing.T) {
	square := func(_ *graph.Graph, params []*graph.Node) *graph.Node {
		return graph.ReduceAllSum(graph.Mul(params[0], params[0]))
	}
	tests := []struct {
		name string
		run  func(c *gradcheck.Checker) *gradcheck.Checker
		fn   gradcheck.Func
		want string
	}{
		{"no params", func(c *gradcheck.Checker) *gradcheck.Checker { return c }, square, "no parameters"},
		{"ragged", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("W", [][]float64{{1, 2}, {3}})
		}, square, `parameter "W": row 1`},
		{"duplicate", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("p", 1.0).Param("p", 2.0)
		}, square, "added twice"},
		{"NaN param", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("p", []float64{1, math.NaN()})
		}, square, "element 1 is NaN"},
		{"unsupported type", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("p", []int{1})
		}, square, "unsupported type []int"},
		{"bad step", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("p", 1.0).Step(0)
		}, square, "step h = 0"},
		{"manual shape", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("p", []float64{1, 2}).Manual("p", []float64{1})
		}, square, "manual gradient \"p\" has shape [1]"},
		{"manual name", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("p", 1.0).Manual("q", 1.0)
		}, square, "names no parameter"},
		{"not scalar", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("p", []float64{1, 2})
		}, func(_ *graph.Graph, params []*graph.Node) *graph.Node { return params[0] }, "want a float scalar"},
		{"fn panics", func(c *gradcheck.Checker) *gradcheck.Checker {
			return c.Param("p", 1.0)
		}, func(_ *graph.Graph, _ []*graph.Node) *graph.Node { panic("boom") }, "boom"},
		{"nil fn", func(c *gradcheck.Checker) *gradcheck.Checker { return c.Param("p", 1.0) }, nil, "function is nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			report, err := tc.run(gradcheck.New(testBackend(t), tc.fn)).Run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
			if report != nil {
				t.Errorf("report = %v, want nil with an error", report)
			}
		})
	}
}

func flatten(x [][]float64) []float64 {
	var out []float64
	for _, row := range x {
		out = append(out, row...)
	}
	return out
}
