package fromscratch_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

func TestScaleWeights(t *testing.T) {
	m, err := fromscratch.NewDeepMLP([]int{3, 4, 2}, fromscratch.ActTanh, fromscratch.Init{Kind: fromscratch.InitGlorot}, 7)
	if err != nil {
		t.Fatal(err)
	}
	m.B[0][1] = 0.5 // a nonzero bias must stay as it is
	orig, _ := fromscratch.NewDeepMLP([]int{3, 4, 2}, fromscratch.ActTanh, fromscratch.Init{Kind: fromscratch.InitGlorot}, 7)
	if err := m.ScaleWeights(2.5); err != nil {
		t.Fatal(err)
	}
	for l := range m.W {
		for k, row := range m.W[l] {
			for j, w := range row {
				assertClose(t, "scaled weight", w, 2.5*orig.W[l][k][j], 1e-15)
			}
		}
	}
	assertClose(t, "bias", m.B[0][1], 0.5, 0)
	for _, g := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		assertErrorContains(t, m.ScaleWeights(g), "want a finite value > 0")
	}
}

func TestTraceFinite(t *testing.T) {
	m, _ := fromscratch.NewDeepMLP([]int{3, 4, 4, 2}, fromscratch.ActReLU, fromscratch.Init{Kind: fromscratch.InitHe}, 1)
	X := [][]float64{{1, 0, -1}, {0.5, 2, 0}}
	tr, err := m.Pass(X, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Finite(); err != nil {
		t.Fatalf("a finite pass: %v", err)
	}
	tr.DW[2][1][0] = math.Inf(-1)
	assertErrorContains(t, tr.Finite(), "layer 3: ∂L/∂W[1][0] is -Inf")
	tr.A[1][0][3] = math.NaN()
	assertErrorContains(t, tr.Finite(), "layer 2: a[0][3] is NaN")
	tr.Loss = math.NaN()
	assertErrorContains(t, tr.Finite(), "loss is NaN")
}

// trace builds a DeepTrace with the given hidden layers' A (and Z = A) and an output layer.
func traceOf(hidden ...[][]float64) *fromscratch.DeepTrace {
	tr := &fromscratch.DeepTrace{}
	for _, a := range hidden {
		tr.A, tr.Z = append(tr.A, a), append(tr.Z, a)
	}
	out := [][]float64{{0}}
	tr.A, tr.Z = append(tr.A, out), append(tr.Z, out)
	return tr
}

func TestUnitSpread(t *testing.T) {
	cases := []struct {
		name string
		a    [][]float64
		want float64
	}{
		// Unit 0 takes 1 and 3 (std 1), unit 1 is 5 for both examples (std 0): √((1 + 0)/2).
		{"one unit varies", [][]float64{{1, 5}, {3, 5}}, math.Sqrt(0.5)},
		// Every unit constant but the units differ: the pooled std is large, the spread 0.
		{"offsets only", [][]float64{{0, 10, -3}, {0, 10, -3}, {0, 10, -3}}, 0},
		// Both units std 2 (values m ± 2): adding a per-unit constant changes nothing.
		{"shifted", [][]float64{{-2, 98}, {2, 102}}, 2},
		// Outputs 0.5 ± 1e-14: E[a²] − E[a]² would lose this to rounding in a² ≈ 0.25.
		{"tiny deviations at 0.5", [][]float64{{0.5 - 1e-14}, {0.5 + 1e-14}}, 1e-14},
	}
	// A deep sigmoid layer whose unit gives the same float64 for all 128 digits: the spread is
	// exactly 0. A mean Σa/n of the raw values rounds (to 0.49924332858363163 here) and the old
	// two-pass formula gave 7.2e-16 instead, ten times the true spread of notebook 08's sigmoid
	// layer 6 at g = 0.01 (6.9e-17).
	const c = 0.49924332858363235
	same := make([][]float64, 128)
	for i := range same {
		same[i] = []float64{c, 0.5, c}
	}
	cases = append(cases, struct {
		name string
		a    [][]float64
		want float64
	}{"128 identical rows", same, 0})
	for _, c := range cases {
		got := traceOf(c.a).UnitSpread()
		if len(got) != 1 {
			t.Fatalf("%s: %d layers, want 1 (the output layer is left out)", c.name, len(got))
		}
		tol := 1e-12 * math.Max(c.want, 1e-3)
		if c.want == 0 {
			tol = 0 // constant columns: exactly 0, not merely small
		}
		assertClose(t, c.name, got[0], c.want, tol)
	}
}

func TestFlatShare(t *testing.T) {
	z := [][]float64{{0, 1, -1, 10}, {3, -3, 0.5, -20}}
	cases := []struct {
		act  fromscratch.Activation
		want float64
	}{
		// σ'(z) < 0.0025 when |z| > 6.0: 10 and −20.
		{fromscratch.ActSigmoid, 2.0 / 8},
		// tanh'(z) < 0.01 when |z| > 2.99: 3, −3, 10, −20.
		{fromscratch.ActTanh, 4.0 / 8},
		// relu'(z) = 0 for z < 0: −1, −3, −20 (ReLUDeriv(0) is 1, GoMLX's convention).
		{fromscratch.ActReLU, 3.0 / 8},
		{fromscratch.ActIdentity, 0},
	}
	for _, c := range cases {
		got, err := traceOf(z).FlatShare(c.act, 0)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, c.act.String(), got, c.want, 0)
	}
	_, err := traceOf(z).FlatShare(fromscratch.ActTanh, 1)
	assertErrorContains(t, err, "hidden layer index 1, want 0…0")
	_, err = traceOf(z).FlatShare(fromscratch.ActSoftmax, 0)
	assertErrorContains(t, err, "softmax is not element-wise")
}

// TestFlatShareUsesLargestSlope checks the largest slope FlatShare measures against: a value
// just above the largest slope over a fine grid of z counts every entry as flat, the true one
// none at z = 0.
func TestFlatShareUsesLargestSlope(t *testing.T) {
	for _, act := range []fromscratch.Activation{fromscratch.ActSigmoid, fromscratch.ActTanh} {
		_, df, _ := act.Elementwise()
		top := 0.0
		for z := -5.0; z <= 5; z += 1e-3 {
			top = math.Max(top, df(z))
		}
		// The z where df is FlatSlope·top, found by bisection on z > 0: just below is steep,
		// just above flat.
		lo, hi := 0.0, 50.0
		for range 200 {
			mid := (lo + hi) / 2
			if df(mid) < fromscratch.FlatSlope*top {
				hi = mid
			} else {
				lo = mid
			}
		}
		got, _ := traceOf([][]float64{{lo * 0.999, hi * 1.001}}).FlatShare(act, 0)
		assertClose(t, act.String()+": share of {just steep, just flat}", got, 0.5, 0)
	}
}

// TestLookAtScaleLinearRegime checks the spread against the derivation in the notebook: for a
// small g a sigmoid layer multiplies the per-unit spread by σ'(≈0)·g·σ_Glorot·√n = g/4 for a
// 64→64 layer, tanh by g; ReLU's flat share does not depend on g (positive homogeneity).
func TestLookAtScaleLinearRegime(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	X, labels := make([][]float64, 64), make([]int, 64)
	for i := range X {
		X[i] = make([]float64, 20)
		for j := range X[i] {
			X[i][j] = rng.Float64()
		}
		labels[i] = i % 10
	}
	sizes := []int{20, 64, 64, 64, 64, 10}
	glorot := fromscratch.Init{Kind: fromscratch.InitGlorot}
	const g = 0.05
	for _, c := range []struct {
		act   fromscratch.Activation
		slope float64
	}{{fromscratch.ActSigmoid, 0.25}, {fromscratch.ActTanh, 1}} {
		s, err := fromscratch.LookAtScale(sizes, c.act, glorot, 1, g, X, labels)
		if err != nil {
			t.Fatal(err)
		}
		perLayer := math.Pow(s.SpreadRatio(), 1.0/3)
		// 15 %: three random 64×64 layers; a wrong factor (g, g/2, g/4 confused) is off by 2×.
		if math.Abs(perLayer/(c.slope*g)-1) > 0.15 {
			t.Errorf("%s, g = %g: spread per layer %.4g, want %.4g ± 15 %%", c.act, g, perLayer, c.slope*g)
		}
	}
	sig, _ := fromscratch.LookAtScale(sizes, fromscratch.ActSigmoid, glorot, 1, g, X, labels)
	if r := sig.RMSRatio(); math.Abs(r-1) > 0.01 {
		t.Errorf("sigmoid, g = %g: RMS ratio %.4g, want ≈ 1 (every output ≈ 0.5)", g, r)
	}
	he := fromscratch.Init{Kind: fromscratch.InitHe}
	var shares []float64
	for _, g := range []float64{0.01, 1, 100} {
		s, err := fromscratch.LookAtScale(sizes, fromscratch.ActReLU, he, 1, g, X, labels)
		if err != nil {
			t.Fatal(err)
		}
		shares = append(shares, s.FlatShare)
	}
	if shares[0] != shares[1] || shares[1] != shares[2] || shares[0] == 0 {
		t.Errorf("relu: flat shares %v at g = 0.01, 1, 100, want one nonzero value", shares)
	}
	_, err := fromscratch.LookAtScale(sizes, fromscratch.ActTanh, glorot, 1, 0, X, labels)
	assertErrorContains(t, err, "g = 0")
}
