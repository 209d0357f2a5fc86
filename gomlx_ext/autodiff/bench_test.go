package autodiff_test

import (
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
)

// BenchmarkMLPStep measures one training step (forward, Backward, update) of the 2-8-8-2 tanh
// network of notebooks/06_autodiff.ipynb on 200 spiral points.
func BenchmarkMLPStep(b *testing.B) {
	m, _ := autodiff.NewMLP([]int{2, 8, 8, 2}, (*autodiff.Value).Tanh, 1)
	X, y, _ := datasets.Spirals(200, 2, 0.2, 1)
	for b.Loop() {
		out, _ := m.Forward(X)
		L, _ := autodiff.SoftmaxCrossEntropy(out, y)
		L.Backward()
		m.Step(0.5)
	}
}
