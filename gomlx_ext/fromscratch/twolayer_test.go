package fromscratch_test

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

func TestSoftmaxCrossEntropyByHand(t *testing.T) {
	// Two equal logits: p = (½, ½), L = log 2, δ = (p − onehot)/n.
	loss, delta, err := fromscratch.SoftmaxCrossEntropy([][]float64{{0, 0}, {3, 3}}, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(loss-math.Ln2) > 1e-15 {
		t.Errorf("loss %.17g, want log 2", loss)
	}
	want := [][]float64{{-0.25, 0.25}, {0.25, -0.25}}
	for i := range want {
		for j := range want[i] {
			if math.Abs(delta[i][j]-want[i][j]) > 1e-15 {
				t.Errorf("delta = %v, want %v", delta, want)
			}
		}
	}
}

func TestDenseByHand(t *testing.T) {
	a := [][]float64{{1, 2}, {3, -1}}
	W := [][]float64{{0.5, -1, 2}, {1, 0, -0.5}}
	b := []float64{0.1, 0.2, 0.3}
	z, err := fromscratch.DenseForwardXW(a, W, b)
	if err != nil {
		t.Fatal(err)
	}
	wantZ := [][]float64{{2.6, -0.8, 1.3}, {0.6, -2.8, 6.8}}
	delta := [][]float64{{1, 0, -1}, {0, 2, 1}}
	dW, db, dA, err := fromscratch.DenseBackwardXW(a, W, delta)
	if err != nil {
		t.Fatal(err)
	}
	// dW = aᵀ·δ, db = column sums of δ, dA = δ·Wᵀ.
	wantDW := [][]float64{{1, 6, 2}, {2, -2, -3}}
	wantDb := []float64{1, 2, 0}
	wantDA := [][]float64{{-1.5, 1.5}, {0, -0.5}}
	check := func(name string, got, want [][]float64) {
		t.Helper()
		for i := range want {
			for j := range want[i] {
				if math.Abs(got[i][j]-want[i][j]) > 1e-12 {
					t.Errorf("%s = %v, want %v", name, got, want)
					return
				}
			}
		}
	}
	check("z", z, wantZ)
	check("dW", dW, wantDW)
	check("dA", dA, wantDA)
	check("db", [][]float64{db}, [][]float64{wantDb})
}

func TestActivationDerivatives(t *testing.T) {
	tests := []struct {
		act     fromscratch.Activation
		z, f, d float64
	}{
		{fromscratch.ActReLU, 2, 2, 1},
		{fromscratch.ActReLU, -2, 0, 0},
		{fromscratch.ActReLU, 0, 0, 1}, // GoMLX's convention at the kink
		{fromscratch.ActTanh, 0, 0, 1},
		{fromscratch.ActTanh, 1, math.Tanh(1), 1 - math.Tanh(1)*math.Tanh(1)},
	}
	for _, tt := range tests {
		f, df, ok := tt.act.Elementwise()
		if !ok {
			t.Fatalf("%s is not element-wise", tt.act)
		}
		if f, d := f(tt.z), df(tt.z); f != tt.f || d != tt.d {
			t.Errorf("%s(%g) = %g, f' = %g; want %g, %g", tt.act, tt.z, f, d, tt.f, tt.d)
		}
	}
	delta, err := fromscratch.ActTanh.Backward([][]float64{{0, 1}}, [][]float64{{2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if delta[0][0] != 2 || math.Abs(delta[0][1]-3*(1-math.Tanh(1)*math.Tanh(1))) > 1e-15 {
		t.Errorf("Backward = %v", delta)
	}
}

func TestBadInputIsAnError(t *testing.T) {
	p, err := fromscratch.RandomTwoLayer(3, 2, 2, 9)
	if err != nil {
		t.Fatal(err)
	}
	X := [][]float64{{1, 2, 3}, {0, 1, 0}}
	tests := []struct {
		name    string
		run     func() error
		wantSub string
	}{
		{"ragged X", func() error {
			_, _, err := p.Forward(fromscratch.ActReLU, [][]float64{{1, 2, 3}, {1}}, []int{0, 1})
			return err
		}, "row 1"},
		{"X too narrow", func() error { _, _, err := p.Forward(fromscratch.ActReLU, [][]float64{{1, 2}}, []int{0}); return err }, "layer 1"},
		{"NaN in X", func() error {
			_, _, err := p.Forward(fromscratch.ActReLU, [][]float64{{1, math.NaN(), 3}}, []int{0})
			return err
		}, "finite"},
		{"label out of range", func() error { _, _, err := p.Forward(fromscratch.ActReLU, X, []int{0, 2}); return err }, "label 2"},
		{"too few labels", func() error { _, _, err := p.Forward(fromscratch.ActReLU, X, []int{0}); return err }, "labels"},
		{"unknown activation", func() error { _, _, err := p.Gradients(fromscratch.Activation(9), X, []int{0, 1}); return err }, "activation"},
		{"nil cache", func() error { _, err := p.Backward(fromscratch.ActReLU, nil); return err }, "cache"},
		{"W2 rows mismatch", func() error {
			q := p.Clone()
			q.W2 = q.W2[:1]
			return q.Validate()
		}, "W2"},
		{"b1 length", func() error {
			q := p.Clone()
			q.B1 = append(q.B1, 0)
			return q.Validate()
		}, "b1"},
		{"too few classes", func() error { _, err := fromscratch.RandomTwoLayer(3, 2, 1, 0); return err }, "classes"},
		{"accuracy pixels", func() error { _, err := p.Accuracy(fromscratch.ActReLU, make([]float32, 5), []int32{0, 1}); return err }, "pixel"},
		{"dense backward shapes", func() error { _, _, _, err := fromscratch.DenseBackwardXW(X, p.W1, [][]float64{{1}}); return err }, "do not fit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil {
				t.Fatalf("no error")
			}
			if !strings.Contains(err.Error(), tt.wantSub) {
				t.Errorf("error %q does not mention %q", err, tt.wantSub)
			}
		})
	}
}

func TestAccuracy(t *testing.T) {
	// in = hidden = out = 2, identity weights: the logits are relu(x), so the
	// prediction is the larger of the two inputs.
	p := &fromscratch.TwoLayer{
		W1: [][]float64{{1, 0}, {0, 1}}, B1: []float64{0, 0},
		W2: [][]float64{{1, 0}, {0, 1}}, B2: []float64{0, 0},
	}
	pixels := []float32{0.9, 0.1, 0.2, 0.7, 0.6, 0.3, 0.1, 0.8}
	labels := []int32{0, 1, 1, 1} // the third is wrong
	acc, err := p.Accuracy(fromscratch.ActReLU, pixels, labels)
	if err != nil {
		t.Fatal(err)
	}
	if acc != 0.75 {
		t.Errorf("accuracy %g, want 0.75", acc)
	}
}

func TestRandomTwoLayerIsSeeded(t *testing.T) {
	a, _ := fromscratch.RandomTwoLayer(5, 4, 3, 11)
	b, _ := fromscratch.RandomTwoLayer(5, 4, 3, 11)
	c, _ := fromscratch.RandomTwoLayer(5, 4, 3, 12)
	if rel, _, _ := a.MaxRelativeDifference(b); rel != 0 {
		t.Errorf("same seed, weights differ by %g", rel)
	}
	if rel, _, _ := a.MaxRelativeDifference(c); rel == 0 {
		t.Error("different seeds, same weights")
	}
	for _, v := range a.B1 {
		if v == 0 {
			t.Error("a bias is exactly zero: initial values should be non-trivial")
		}
	}
}
