package autodiff_test

import (
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// TestMLPShapesAndSeed checks the layer shapes, the parameter count and that a seed fixes the
// weights.
func TestMLPShapesAndSeed(t *testing.T) {
	m, err := autodiff.NewMLP([]int{2, 8, 8, 2}, (*autodiff.Value).Tanh, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Parameters()); got != 2*8+8+8*8+8+8*2+2 {
		t.Errorf("%d parameters, want 114", got)
	}
	if m.Layers[2].Act != nil || m.Layers[0].Act == nil {
		t.Error("want the activation after every layer but the last")
	}
	again, _ := autodiff.NewMLP([]int{2, 8, 8, 2}, (*autodiff.Value).Tanh, 3)
	other, _ := autodiff.NewMLP([]int{2, 8, 8, 2}, (*autodiff.Value).Tanh, 4)
	same, differ := true, false
	for i, p := range m.Parameters() {
		same = same && p.Data == again.Parameters()[i].Data
		differ = differ || p.Data != other.Parameters()[i].Data
	}
	if !same || !differ {
		t.Errorf("same seed same weights: %v; other seed other weights: %v", same, differ)
	}
}

// TestMLPGradientsMatchFiniteDifferences checks one Backward of the MLP's loss against central
// differences in every parameter.
func TestMLPGradientsMatchFiniteDifferences(t *testing.T) {
	m, _ := autodiff.NewMLP([]int{2, 4, 3, 2}, (*autodiff.Value).Tanh, 5)
	X, y, err := datasets.Spirals(12, 2, 0.2, 5)
	if err != nil {
		t.Fatal(err)
	}
	loss := func() *autodiff.Value {
		out, err := m.Forward(X)
		if err != nil {
			t.Fatal(err)
		}
		L, err := autodiff.SoftmaxCrossEntropy(out, y)
		if err != nil {
			t.Fatal(err)
		}
		return L
	}
	params := m.Parameters()
	loss().Backward()
	w := make([]float64, len(params))
	for i, p := range params {
		w[i] = p.Data
	}
	num := fromscratch.NumericalGradient(func(v []float64) float64 {
		for i, p := range params {
			p.Data = v[i]
		}
		return loss().Data
	}, w, 0)
	for i, p := range params {
		p.Data = w[i]
		if d := fromscratch.RelativeError(p.Grad, num[i], 1e-2); d > 1e-6 {
			t.Errorf("parameter %s: Backward %v, central difference %v", p.Label, p.Grad, num[i])
		}
	}
}

// TestMLPStepLowersLoss checks 200 gradient-descent steps lower the loss on a small spiral set.
func TestMLPStepLowersLoss(t *testing.T) {
	m, _ := autodiff.NewMLP([]int{2, 8, 2}, (*autodiff.Value).Tanh, 1)
	X, y, _ := datasets.Spirals(40, 2, 0.1, 1)
	var first, last float64
	for step := range 200 {
		out, _ := m.Forward(X)
		L, _ := autodiff.SoftmaxCrossEntropy(out, y)
		L.Backward()
		m.Step(0.5)
		if step == 0 {
			first = L.Data
		}
		last = L.Data
	}
	if !(last < 0.8*first) {
		t.Errorf("loss %v after 200 steps, %v at the start: want at least 20%% lower", last, first)
	}
}
