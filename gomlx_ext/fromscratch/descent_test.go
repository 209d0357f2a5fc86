package fromscratch_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// bowl is a 2×2 positive-definite matrix with eigenvalues 2 ± √3.25 (≈ 0.197 and 3.80, see eig2).
var bowl = [][]float64{{3, 1.5}, {1.5, 1}}

// eig2 returns the eigenvalues of [[a, b], [b, c]] in closed form, ascending.
func eig2(a, b, c float64) (lo, hi float64) {
	mid, r := (a+c)/2, math.Hypot((a-c)/2, b)
	return mid - r, mid + r
}

func TestQuadraticEigenvalues(t *testing.T) {
	lo, hi := eig2(3, 1.5, 1)
	tests := []struct {
		name string
		A    [][]float64
		want []float64
	}{
		{"2x2 closed form", bowl, []float64{lo, hi}},
		{"diagonal, unsorted", [][]float64{{5, 0, 0}, {0, 0.5, 0}, {0, 0, 2}}, []float64{0.5, 2, 5}},
		// [[2,1,0],[1,2,1],[0,1,2]] has eigenvalues 2 − √2, 2, 2 + √2.
		{"3x3 tridiagonal", [][]float64{{2, 1, 0}, {1, 2, 1}, {0, 1, 2}}, []float64{2 - math.Sqrt2, 2, 2 + math.Sqrt2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := fromscratch.NewQuadratic(tc.A)
			if err != nil {
				t.Fatal(err)
			}
			assertSliceClose(t, "eigenvalues", q.Eigenvalues(), tc.want, 1e-12)
			n := len(tc.want)
			assertClose(t, "MaxStableLR", q.MaxStableLR(), 2/tc.want[n-1], 1e-12)
			assertClose(t, "Condition", q.Condition(), tc.want[n-1]/tc.want[0], 1e-9)
		})
	}
}

func TestQuadraticGradient(t *testing.T) {
	q, err := fromscratch.NewQuadratic(bowl)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range [][]float64{{1, 2}, {-0.7, 0.3}, {2.5, -1.5}} {
		assertSliceClose(t, "∇f vs central difference", q.Grad(w), fromscratch.NumericalGradient(q.Value, w, 0), 1e-8)
	}
	// ½ (1, 2)·A·(1, 2) = ½ (3 + 2·1.5·2 + 1·4) = 6.5
	assertClose(t, "f(1, 2)", q.Value([]float64{1, 2}), 6.5, 1e-15)
	if v := q.Value([]float64{1}); !math.IsNaN(v) {
		t.Errorf("Value of a wrong-length w = %g, want NaN", v)
	}
}

// TestGradientDescentStability: on ½wᵀAw gradient descent converges for
// every α below 2/λmax and diverges above it.
func TestGradientDescentStability(t *testing.T) {
	q, err := fromscratch.NewQuadratic(bowl)
	if err != nil {
		t.Fatal(err)
	}
	w0 := []float64{1.5, -2}
	tests := []struct {
		fraction float64 // α as a fraction of 2/λmax
		converge bool
	}{
		{0.05, true},
		{0.5, true},
		{0.95, true},
		{1.05, false},
		{1.5, false},
	}
	for _, tc := range tests {
		lr := tc.fraction * q.MaxStableLR()
		res, err := fromscratch.GradientDescent(q, w0, fromscratch.GDConfig{LearningRate: lr, MaxSteps: 5000, Tol: 1e-9})
		if err != nil {
			t.Fatalf("α=%g: %v", lr, err)
		}
		final := fromscratch.Norm(res.Final())
		if tc.converge {
			if !res.Converged || final > 1e-8 {
				t.Errorf("α = %.3g·2/λmax: converged=%v after %d steps, ‖w‖ = %g; want convergence to 0",
					tc.fraction, res.Converged, res.Steps, final)
			}
			continue
		}
		if res.Converged || !(final > 1e6*fromscratch.Norm(w0)) {
			t.Errorf("α = %.3g·2/λmax: converged=%v, ‖w‖ = %g after %d steps; want divergence",
				tc.fraction, res.Converged, final, res.Steps)
		}
		// Far along, each step multiplies ‖w‖ by the contraction factor |1 − αλmax|.
		k := min(res.Steps, 200)
		ratio := fromscratch.Norm(res.Path[k]) / fromscratch.Norm(res.Path[k-1])
		assertClose(t, "growth per step", ratio, q.ContractionFactor(lr), 1e-6)
	}
}

func TestGradientDescentOverflowStops(t *testing.T) {
	q, _ := fromscratch.NewQuadratic(bowl)
	res, err := fromscratch.GradientDescent(q, []float64{1, 1}, fromscratch.GDConfig{LearningRate: 10 * q.MaxStableLR(), MaxSteps: 100000})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Overflowed || res.Steps >= 100000 {
		t.Errorf("Overflowed = %v after %d steps, want an early stop on overflow", res.Overflowed, res.Steps)
	}
	if len(res.Path) != res.Steps+1 || len(res.Values) != len(res.Path) || len(res.GradNorms) != len(res.Path) {
		t.Errorf("record lengths %d, %d, %d for %d steps", len(res.Path), len(res.Values), len(res.GradNorms), res.Steps)
	}
}

func TestStepsToReach(t *testing.T) {
	path := [][]float64{{4, 0}, {2, 0}, {1, 0}, {0.5, 0}}
	if got := fromscratch.StepsToReach(path, []float64{0, 0}, 1); got != 2 {
		t.Errorf("StepsToReach = %d, want 2", got)
	}
	if got := fromscratch.StepsToReach(path, []float64{0, 0}, 0.1); got != -1 {
		t.Errorf("StepsToReach = %d, want -1", got)
	}
}

func TestGradientDescentErrors(t *testing.T) {
	q, _ := fromscratch.NewQuadratic(bowl)
	bad := fromscratch.Func{F: func([]float64) float64 { return 0 }, G: func([]float64) []float64 { return []float64{1} }}
	ok := fromscratch.GDConfig{LearningRate: 0.1, MaxSteps: 10}
	tests := []struct {
		name string
		obj  fromscratch.Objective
		w0   []float64
		cfg  fromscratch.GDConfig
		want string
	}{
		{"nil objective", nil, []float64{1}, ok, "objective is nil"},
		{"empty w0", q, nil, ok, "empty starting point"},
		{"NaN w0", q, []float64{math.NaN(), 0}, ok, "w0[0] = NaN"},
		{"zero lr", q, []float64{1, 1}, fromscratch.GDConfig{MaxSteps: 10}, "learning rate 0"},
		{"no steps", q, []float64{1, 1}, fromscratch.GDConfig{LearningRate: 0.1}, "MaxSteps 0"},
		{"negative tol", q, []float64{1, 1}, fromscratch.GDConfig{LearningRate: 0.1, MaxSteps: 1, Tol: -1}, "Tol -1"},
		{"gradient length", bad, []float64{1, 1}, ok, "gradient has 1 values, w has 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fromscratch.GradientDescent(tc.obj, tc.w0, tc.cfg)
			assertErrorContains(t, err, tc.want)
		})
	}
}

func TestNewQuadraticErrors(t *testing.T) {
	tests := []struct {
		name string
		A    [][]float64
		want string
	}{
		{"empty", nil, "A is empty"},
		{"not square", [][]float64{{1, 0}, {0}}, "row 1 has 1 values, want 2"},
		{"asymmetric", [][]float64{{1, 2}, {0, 1}}, "must be symmetric"},
		{"indefinite", [][]float64{{1, 0}, {0, -1}}, "smallest eigenvalue of A is -1"},
		{"singular", [][]float64{{1, 1}, {1, 1}}, "want > 0"},
		{"NaN", [][]float64{{1, math.NaN()}, {math.NaN(), 1}}, "NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fromscratch.NewQuadratic(tc.A)
			assertErrorContains(t, err, tc.want)
		})
	}
}
