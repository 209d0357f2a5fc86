package autodiff_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

func maxAbsDiff(t *testing.T, what string, a, b [][]float64) float64 {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d rows vs %d", what, len(a), len(b))
	}
	d := 0.0
	for i := range a {
		if len(a[i]) != len(b[i]) {
			t.Fatalf("%s: row %d has %d vs %d entries", what, i, len(a[i]), len(b[i]))
		}
		for j := range a[i] {
			d = math.Max(d, math.Abs(a[i][j]-b[i][j]))
		}
	}
	return d
}

func data(m [][]*autodiff.Value) [][]float64 {
	out := make([][]float64, len(m))
	for i, row := range m {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = v.Data
		}
	}
	return out
}

// twoLayerProblem is a 5-4-3 network with random non-zero weights and biases and a batch of 6.
func twoLayerProblem(t *testing.T) (*fromscratch.TwoLayer, [][]float64, []int) {
	t.Helper()
	p, err := fromscratch.RandomTwoLayer(5, 4, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	X := make([][]float64, 6)
	labels := make([]int, len(X))
	for i := range X {
		X[i] = make([]float64, 5)
		for k := range X[i] {
			X[i][k] = rng.NormFloat64()
		}
		labels[i] = rng.IntN(3)
	}
	return p, X, labels
}

// TestTwoLayerEqualsBackprop builds notebook 05's network from Values and checks its loss and
// every gradient against fromscratch's hand-written backward pass (TwoLayer.Gradients).
func TestTwoLayerEqualsBackprop(t *testing.T) {
	p, X, labels := twoLayerProblem(t)
	for _, act := range []struct {
		name string
		fs   fromscratch.Activation
		f    func(*autodiff.Value) *autodiff.Value
	}{{"relu", fromscratch.ActReLU, (*autodiff.Value).ReLU}, {"tanh", fromscratch.ActTanh, (*autodiff.Value).Tanh}} {
		must := func(m [][]*autodiff.Value, err error) [][]*autodiff.Value {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		Xv := must(autodiff.Matrix(X, "X"))
		W1 := must(autodiff.Matrix(p.W1, "W1"))
		W2 := must(autodiff.Matrix(p.W2, "W2"))
		b1, _ := autodiff.Vector(p.B1, "b1")
		b2, _ := autodiff.Vector(p.B2, "b2")
		Z1 := must(autodiff.Dense(Xv, W1, b1))
		wantZ1, _ := fromscratch.DenseForwardXW(X, p.W1, p.B1)
		if d := maxAbsDiff(t, "z1", data(Z1), wantZ1); d > 1e-15 {
			t.Errorf("%s: Dense vs DenseForwardXW: max difference %g", act.name, d)
		}
		logits := must(autodiff.Dense(autodiff.Map(Z1, act.f), W2, b2))
		L, err := autodiff.SoftmaxCrossEntropy(logits, labels)
		if err != nil {
			t.Fatal(err)
		}
		L.Backward()

		wantLoss, grads, err := p.Gradients(act.fs, X, labels)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(L.Data-wantLoss) > 1e-14 {
			t.Errorf("%s: loss %v, TwoLayer.Forward %v", act.name, L.Data, wantLoss)
		}
		worst := math.Max(maxAbsDiff(t, "W1", autodiff.Grads(W1), grads.W1), maxAbsDiff(t, "W2", autodiff.Grads(W2), grads.W2))
		worst = math.Max(worst, maxAbsDiff(t, "b", [][]float64{autodiff.VectorGrads(b1), autodiff.VectorGrads(b2)}, [][]float64{grads.B1, grads.B2}))
		if worst > 1e-14 {
			t.Errorf("%s: gradients vs TwoLayer.Backward: max difference %g", act.name, worst)
		}
		t.Logf("%s: loss %.6f, gradients max |autodiff − backprop| = %.2g", act.name, L.Data, worst)
	}
}

// TestSoftmaxCrossEntropyLargeLogits checks logits near 1000 neither overflow nor lose the
// gradient δ = softmax − onehot (divided by n).
func TestSoftmaxCrossEntropyLargeLogits(t *testing.T) {
	raw := [][]float64{{1000, 999, 998}, {-5, 0, 5}}
	labels := []int{1, 2}
	Z, _ := autodiff.Matrix(raw, "z")
	L, err := autodiff.SoftmaxCrossEntropy(Z, labels)
	if err != nil {
		t.Fatal(err)
	}
	L.Backward()
	wantLoss, delta, _ := fromscratch.SoftmaxCrossEntropy(raw, labels)
	if math.Abs(L.Data-wantLoss) > 1e-13 {
		t.Errorf("loss %v, want %v", L.Data, wantLoss)
	}
	if d := maxAbsDiff(t, "δ", autodiff.Grads(Z), delta); d > 1e-15 {
		t.Errorf("∂L/∂z vs fromscratch's δ: max difference %g", d)
	}
}
