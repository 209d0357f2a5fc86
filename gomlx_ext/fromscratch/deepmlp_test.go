package fromscratch_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

func tinyBatch() ([][]float64, []int) {
	X := [][]float64{{0.5, -1, 0.25, 2}, {-0.3, 0.8, 1.5, -0.6}, {1, 0.1, -0.7, 0.4}}
	return X, []int{2, 0, 1}
}

// TestDeepMLPGradients compares every weight's gradient with central differences, for each
// hidden activation (ReLU away from its kink: no pre-activation is within 1e-3 of 0 here).
func TestDeepMLPGradients(t *testing.T) {
	X, labels := tinyBatch()
	for _, act := range []fromscratch.Activation{fromscratch.ActSigmoid, fromscratch.ActTanh, fromscratch.ActReLU} {
		m, err := fromscratch.NewDeepMLP([]int{4, 5, 5, 5, 3}, act, fromscratch.Init{Kind: fromscratch.InitHe}, 7)
		if err != nil {
			t.Fatal(err)
		}
		for l := range m.B {
			for j := range m.B[l] {
				m.B[l][j] = 0.1 * float64(j-2)
			}
		}
		tr, err := m.Pass(X, labels)
		if err != nil {
			t.Fatal(err)
		}
		for l := range m.W {
			flat := fromscratch.CloneMatrix(m.W[l])
			cols := len(flat[0])
			w := make([]float64, 0, len(flat)*cols)
			for _, row := range flat {
				w = append(w, row...)
			}
			loss := func(w []float64) float64 {
				saved := m.W[l]
				m.W[l] = fromscratch.Unflatten(w, len(flat), cols)
				defer func() { m.W[l] = saved }()
				tr, err := m.Pass(X, labels)
				if err != nil {
					t.Fatal(err)
				}
				return tr.Loss
			}
			num := fromscratch.NumericalGradient(loss, w, 1e-6)
			for i, g := range num {
				got := tr.DW[l][i/cols][i%cols]
				if math.Abs(got-g) > 1e-7 {
					t.Fatalf("%s layer %d weight %d: backprop %g, finite differences %g", act, l+1, i, got, g)
				}
			}
		}
	}
}

func TestInitStd(t *testing.T) {
	for _, tc := range []struct {
		init fromscratch.Init
		want float64
	}{
		{fromscratch.Init{Kind: fromscratch.InitZeros}, 0},
		{fromscratch.Init{Kind: fromscratch.InitNormal, Std: 0.5}, 0.5},
		{fromscratch.Init{Kind: fromscratch.InitGlorot}, math.Sqrt(2.0 / (400 + 100))},
		{fromscratch.Init{Kind: fromscratch.InitHe}, math.Sqrt(2.0 / 400)},
	} {
		m, err := fromscratch.NewDeepMLP([]int{400, 100}, fromscratch.ActReLU, tc.init, 1)
		if err != nil {
			t.Fatal(err)
		}
		s, n := 0.0, 0
		for _, row := range m.W[0] {
			for _, v := range row {
				s += v * v
				n++
			}
		}
		// 40,000 draws: the sample std is within 1 % of σ with overwhelming probability.
		assertClose(t, tc.init.String()+" sample std", math.Sqrt(s/float64(n)), tc.want, 0.01*tc.want)
	}
	_, err := fromscratch.NewDeepMLP([]int{4, 3}, fromscratch.ActReLU, fromscratch.Init{Kind: fromscratch.InitNormal, Std: -1}, 1)
	assertErrorContains(t, err, "std = -1")
	_, err = fromscratch.NewDeepMLP([]int{4}, fromscratch.ActReLU, fromscratch.Init{Kind: fromscratch.InitHe}, 1)
	assertErrorContains(t, err, "at least an input")
	_, err = fromscratch.NewDeepMLP([]int{4, 3}, fromscratch.ActSoftmax, fromscratch.Init{Kind: fromscratch.InitHe}, 1)
	assertErrorContains(t, err, "hidden activation softmax")
}

// TestZeroInitStaysSymmetric: from all-zero weights every hidden unit of a layer gets the
// same gradient, so SGD keeps them equal; with sigmoid (σ(0) = ½ ≠ 0) the weights do move.
func TestZeroInitStaysSymmetric(t *testing.T) {
	X, _ := tinyBatch()
	labels := []int{2, 0, 2} // unbalanced: with one example per class the first gradient of the output weights is 0
	m, err := fromscratch.NewDeepMLP([]int{4, 6, 6, 3}, fromscratch.ActSigmoid, fromscratch.Init{Kind: fromscratch.InitZeros}, 1)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if _, err := m.SGDStep(X, labels, 0.5); err != nil {
			t.Fatal(err)
		}
	}
	moved := 0.0
	for l := 0; l < m.Layers()-1; l++ {
		for _, row := range m.W[l] {
			for j := range row {
				if row[j] != row[0] {
					t.Fatalf("layer %d: unit %d has weight %g, unit 0 %g", l+1, j, row[j], row[0])
				}
				moved = math.Max(moved, math.Abs(row[j]))
			}
		}
	}
	if moved == 0 {
		t.Error("no hidden weight moved from 0")
	}
	if _, err := m.SGDStep(X, labels, 0); err == nil {
		t.Error("SGDStep with learning rate 0: no error")
	}
}

// TestTraceRMS checks GradRMS and ActRMS against the norms divided by √(entries), and that
// ActRMS is √E[a²], not the standard deviation, for a positive activation.
func TestTraceRMS(t *testing.T) {
	X, labels := tinyBatch()
	m, err := fromscratch.NewDeepMLP([]int{4, 5, 5, 3}, fromscratch.ActReLU, fromscratch.Init{Kind: fromscratch.InitHe}, 3)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := m.Pass(X, labels)
	if err != nil {
		t.Fatal(err)
	}
	norms, rms := tr.GradNorms(), tr.GradRMS()
	for l, dW := range tr.DW {
		want := norms[l] / math.Sqrt(float64(len(dW)*len(dW[0])))
		if math.Abs(rms[l]-want) > 1e-15*want {
			t.Errorf("GradRMS layer %d = %g, want ‖∂L/∂W‖/√entries = %g", l+1, rms[l], want)
		}
	}
	act := tr.ActRMS()
	if len(act) != 2 {
		t.Fatalf("ActRMS has %d layers, want the 2 hidden ones", len(act))
	}
	for l, a := range act {
		sum, n := 0.0, 0
		for _, row := range tr.A[l] {
			for _, v := range row {
				sum += v * v
				n++
			}
		}
		if want := math.Sqrt(sum / float64(n)); math.Abs(a-want) > 1e-15*want {
			t.Errorf("ActRMS layer %d = %g, want %g", l+1, a, want)
		}
	}
}

func TestNumericalRank(t *testing.T) {
	cases := []struct {
		name string
		m    [][]float64
		want int
	}{
		{"identical columns", [][]float64{{0.3, 0.3, 0.3}, {-1.7, -1.7, -1.7}, {2, 2, 2}, {0.1, 0.1, 0.1}}, 1},
		{"full rank", [][]float64{{1, 0, 2}, {0, 1, 1}, {1, 1, 0}, {2, -1, 1}}, 3},
		{"third = first + second", [][]float64{{1, 2, 3}, {0, 1, 1}, {4, -1, 3}, {2, 2, 4}}, 2},
		{"all zero", [][]float64{{0, 0}, {0, 0}}, 0},
		{"more columns than rows", [][]float64{{1, 2, 3, 4}, {0, 1, 0, 1}}, 2},
	}
	for _, c := range cases {
		got, err := fromscratch.NumericalRank(c.m, 1e-10)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got != c.want {
			t.Errorf("%s: rank %d, want %d", c.name, got, c.want)
		}
	}
	for _, bad := range []struct {
		m   [][]float64
		tol float64
	}{{nil, 1e-10}, {[][]float64{{1, 2}}, 0}, {[][]float64{{1, 2}}, 1}, {[][]float64{{1, 2}, {3}}, 1e-10},
		{[][]float64{{1, math.NaN()}}, 1e-10}} {
		if _, err := fromscratch.NumericalRank(bad.m, bad.tol); err == nil {
			t.Errorf("NumericalRank(%v, %g): no error", bad.m, bad.tol)
		}
	}
}
