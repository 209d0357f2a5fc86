package fromscratch_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

func randMatrix(rng *rand.Rand, n, d int, scale, shift float64) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, d)
		for j := range m[i] {
			m[i][j] = scale*rng.NormFloat64() + shift
		}
	}
	return m
}

func maxAbsDiff(a, b []float64) float64 {
	worst := 0.0
	for i := range a {
		worst = math.Max(worst, math.Abs(a[i]-b[i]))
	}
	return worst
}

func flat(m [][]float64) []float64 {
	var out []float64
	for _, row := range m {
		out = append(out, row...)
	}
	return out
}

// normCase is one normalisation layer under test: its forward pass and its backward passes.
type normCase struct {
	name      string
	forward   func(x [][]float64, gamma, beta []float64) ([][]float64, any)
	backwards map[string]func(dy [][]float64, cache any) ([][]float64, []float64, []float64)
}

func normCases(t *testing.T) []normCase {
	t.Helper()
	const eps = 1e-5
	bnFwd := func(x [][]float64, g, b []float64) ([][]float64, any) {
		y, c, err := fromscratch.BatchNormForward(x, g, b, eps)
		if err != nil {
			t.Fatal(err)
		}
		return y, c
	}
	bn := func(f func([][]float64, fromscratch.BatchNormCache) ([][]float64, []float64, []float64, error)) func([][]float64, any) ([][]float64, []float64, []float64) {
		return func(dy [][]float64, c any) ([][]float64, []float64, []float64) {
			dx, dg, db, err := f(dy, c.(fromscratch.BatchNormCache))
			if err != nil {
				t.Fatal(err)
			}
			return dx, dg, db
		}
	}
	lnFwd := func(x [][]float64, g, b []float64) ([][]float64, any) {
		y, c, err := fromscratch.LayerNormForward(x, g, b, eps)
		if err != nil {
			t.Fatal(err)
		}
		return y, c
	}
	ln := func(dy [][]float64, c any) ([][]float64, []float64, []float64) {
		dx, dg, db, err := fromscratch.LayerNormBackward(dy, c.(fromscratch.LayerNormCache))
		if err != nil {
			t.Fatal(err)
		}
		return dx, dg, db
	}
	return []normCase{
		{"BatchNorm", bnFwd, map[string]func([][]float64, any) ([][]float64, []float64, []float64){
			"steps": bn(fromscratch.BatchNormBackwardSteps), "compact": bn(fromscratch.BatchNormBackwardCompact)}},
		{"LayerNorm", lnFwd, map[string]func([][]float64, any) ([][]float64, []float64, []float64){"compact": ln}},
	}
}

// TestNormBackward checks every backward pass against central differences of L = Σ y⊙R.
func TestNormBackward(t *testing.T) {
	const n, d = 6, 4
	for _, tc := range normCases(t) {
		rng := rand.New(rand.NewPCG(1, 2))
		x := randMatrix(rng, n, d, 2, 0.5)
		gamma, beta := flat(randMatrix(rng, 1, d, 1, 1)), flat(randMatrix(rng, 1, d, 1, 0))
		R := randMatrix(rng, n, d, 1, 0)
		loss := func(x [][]float64, g, b []float64) float64 {
			y, _ := tc.forward(x, g, b)
			s := 0.0
			for i := range y {
				for j := range y[i] {
					s += y[i][j] * R[i][j]
				}
			}
			return s
		}
		numX := fromscratch.NumericalGradient(func(w []float64) float64 { return loss(fromscratch.Unflatten(w, n, d), gamma, beta) }, flat(x), 0)
		numG := fromscratch.NumericalGradient(func(w []float64) float64 { return loss(x, w, beta) }, gamma, 0)
		numB := fromscratch.NumericalGradient(func(w []float64) float64 { return loss(x, gamma, w) }, beta, 0)
		_, cache := tc.forward(x, gamma, beta)
		var first []float64
		for name, back := range tc.backwards {
			dx, dg, db := back(R, cache)
			for _, c := range []struct {
				what      string
				got, want []float64
			}{{"dx", flat(dx), numX}, {"dgamma", dg, numG}, {"dbeta", db, numB}} {
				if diff := maxAbsDiff(c.got, c.want); !(diff < 1e-7) {
					t.Errorf("%s %s backward: %s differs from central differences by %g", tc.name, name, c.what, diff)
				}
			}
			if first == nil {
				first = flat(dx)
			} else if diff := maxAbsDiff(first, flat(dx)); !(diff < 1e-12) {
				t.Errorf("%s: the backward passes' dx differ by %g", tc.name, diff)
			}
		}
	}
}

func TestBatchNormForwardNormalises(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := randMatrix(rng, 50, 3, 4, -2)
	y, c, err := fromscratch.BatchNormForward(x, []float64{1, 1, 1}, []float64{0, 0, 0}, 1e-12)
	if err != nil {
		t.Fatal(err)
	}
	for j := range 3 {
		mean, sq := 0.0, 0.0
		for i := range y {
			mean += y[i][j] / 50
			sq += y[i][j] * y[i][j] / 50
		}
		if math.Abs(mean) > 1e-12 || math.Abs(sq-1) > 1e-9 {
			t.Errorf("feature %d: normalised mean %g, second moment %g, want 0 and 1", j, mean, sq)
		}
	}
	// Inference with the batch's own statistics is the training-mode output.
	inf, err := fromscratch.BatchNormInference(x, []float64{1, 1, 1}, []float64{0, 0, 0}, c.Mean, c.Var, 1e-12)
	if err != nil {
		t.Fatal(err)
	}
	if diff := maxAbsDiff(flat(inf), flat(y)); diff > 1e-12 {
		t.Errorf("inference with the batch statistics differs from training mode by %g", diff)
	}
}

func TestRunningStats(t *testing.T) {
	r, err := fromscratch.NewRunningStats(2, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	c := fromscratch.BatchNormCache{Mean: []float64{10, -1}, Var: []float64{4, 0}}
	if err := r.Update(c); err != nil {
		t.Fatal(err)
	}
	want := []float64{1, -0.1, 0.9*1 + 0.1*4, 0.9}
	if got := append(append([]float64(nil), r.Mean...), r.Var...); maxAbsDiff(got, want) > 1e-15 {
		t.Errorf("after one update: %v, want %v", got, want)
	}
	if err := r.Update(fromscratch.BatchNormCache{Mean: []float64{1}, Var: []float64{1}}); err == nil {
		t.Error("Update accepted statistics of 1 feature for 2")
	}
	if _, err := fromscratch.NewRunningStats(2, 1); err == nil {
		t.Error("NewRunningStats accepted momentum 1")
	}
}

func TestNormErrors(t *testing.T) {
	x := [][]float64{{1, 2}, {3, 4}}
	g, b := []float64{1, 1}, []float64{0, 0}
	_, c, _ := fromscratch.BatchNormForward(x, g, b, 1e-5)
	tests := []struct {
		name, want string
		err        error
	}{
		{"short gamma", "gamma", errOf2(fromscratch.BatchNormForward(x, []float64{1}, b, 1e-5))},
		{"NaN in x", "x[1][0]", errOf2(fromscratch.BatchNormForward([][]float64{{1, 2}, {math.NaN(), 4}}, g, b, 1e-5))},
		{"ragged x", "x row 1", errOf2(fromscratch.BatchNormForward([][]float64{{1, 2}, {3}}, g, b, 1e-5))},
		{"zero eps", "eps", errOf2(fromscratch.BatchNormForward(x, g, b, 0))},
		{"short beta in LayerNorm", "LayerNormForward: beta", errOf2(fromscratch.LayerNormForward(x, g, []float64{0}, 1e-5))},
		{"dy of the wrong shape", "dy is [1 2]", errOf3(fromscratch.BatchNormBackwardCompact([][]float64{{1, 2}}, c))},
		{"empty cache", "empty cache", errOf3(fromscratch.BatchNormBackwardSteps(x, fromscratch.BatchNormCache{}))},
		{"negative running variance", "variance[1]", errOf(fromscratch.BatchNormInference(x, g, b, []float64{0, 0}, []float64{1, -1}, 1e-5))},
	}
	for _, tc := range tests {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %q", tc.name, tc.err, tc.want)
		}
	}
}

func errOf2[A, B any](_ A, _ B, err error) error { return err }

func errOf[A any](_ A, err error) error { return err }

func errOf3[A, B, C any](_ A, _ B, _ C, err error) error { return err }
