package fromscratch_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"

	"github.com/deepnb/deepnb/datasets"
)

var (
	trueW = []float64{2, -3}
	trueB = 0.5
)

func noisyData(t *testing.T, n int, noise float64) ([][]float64, []float64) {
	t.Helper()
	X, y, err := datasets.NoisyLinear(n, trueW, trueB, noise, 3)
	if err != nil {
		t.Fatal(err)
	}
	return X, y
}

// TestLinearGradient compares the hand-derived MSE gradient with central
// differences of the loss, on all examples and on a mini-batch.
func TestLinearGradient(t *testing.T) {
	X, y := noisyData(t, 20, 0.3)
	m := fromscratch.Linear{W: []float64{0.7, 1.1}, B: -0.4}
	for _, idx := range [][]int{nil, {3, 7, 7, 19}} {
		gradW, gradB, err := m.Gradient(X, y, idx)
		if err != nil {
			t.Fatal(err)
		}
		loss := func(theta []float64) float64 {
			var sum float64
			sub := idx
			if sub == nil {
				sub = make([]int, len(X))
				for i := range sub {
					sub[i] = i
				}
			}
			for _, i := range sub {
				d := theta[0]*X[i][0] + theta[1]*X[i][1] + theta[2] - y[i]
				sum += d * d
			}
			return sum / float64(len(sub))
		}
		numeric := fromscratch.NumericalGradient(loss, []float64{0.7, 1.1, -0.4}, 0)
		assertSliceClose(t, "∂L/∂θ", append(gradW, gradB), numeric, 1e-8)
	}
}

func TestLeastSquaresExactWithoutNoise(t *testing.T) {
	X, y := noisyData(t, 12, 0)
	m, err := fromscratch.LeastSquares(X, y)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceClose(t, "w", m.W, trueW, 1e-12)
	assertClose(t, "b", m.B, trueB, 1e-12)
	loss, err := m.Loss(X, y)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "loss", loss, 0, 1e-24)
}

// TestFitLinearRecoversParameters: every batch size drives the loss down to
// the least-squares optimum's neighbourhood; full-batch GD reaches the
// optimum itself, and the optimum is within a few noise/√n of the truth.
func TestFitLinearRecoversParameters(t *testing.T) {
	const n, noise = 200, 0.1
	X, y := noisyData(t, n, noise)
	best, err := fromscratch.LeastSquares(X, y)
	if err != nil {
		t.Fatal(err)
	}
	bestLoss, _ := best.Loss(X, y)
	for j := range trueW {
		assertClose(t, "least-squares w", best.W[j], trueW[j], 5*noise/math.Sqrt(n))
	}
	assertClose(t, "least-squares b", best.B, trueB, 5*noise/math.Sqrt(n))

	init := fromscratch.Linear{W: []float64{0, 0}, B: 0}
	tests := []struct {
		name      string
		cfg       fromscratch.FitConfig
		wantSteps int
		// lossTol bounds final loss − best loss: constant-α SGD keeps
		// jittering around the optimum, full batch settles on it.
		lossTol  float64
		paramTol float64
	}{
		{"full batch", fromscratch.FitConfig{LearningRate: 0.5, Epochs: 300}, 300, 1e-12, 1e-6},
		{"mini-batch 20", fromscratch.FitConfig{LearningRate: 0.1, Epochs: 30, BatchSize: 20, Seed: 1}, 300, 1e-3, 0.05},
		{"stochastic", fromscratch.FitConfig{LearningRate: 0.02, Epochs: 10, BatchSize: 1, Seed: 1}, 2000, 1e-3, 0.05},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := fromscratch.FitLinear(X, y, init, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if res.Steps != tc.wantSteps || len(res.History) != tc.wantSteps+1 {
				t.Errorf("%d steps, %d history points; want %d and %d", res.Steps, len(res.History), tc.wantSteps, tc.wantSteps+1)
			}
			last := res.History[len(res.History)-1]
			assertClose(t, "epochs on the last point", last.Epoch, float64(tc.cfg.Epochs), 1e-12)
			if gap := last.Loss - bestLoss; !(gap >= -1e-15 && gap <= tc.lossTol) {
				t.Errorf("final loss %g − optimum %g = %g, want within [0, %g]", last.Loss, bestLoss, gap, tc.lossTol)
			}
			if res.History[0].Loss < 10*last.Loss {
				t.Errorf("loss only fell from %g to %g", res.History[0].Loss, last.Loss)
			}
			assertSliceClose(t, "w vs least squares", res.Model.W, best.W, tc.paramTol)
			assertClose(t, "b vs least squares", res.Model.B, best.B, tc.paramTol)
		})
	}
	if init.W[0] != 0 || init.W[1] != 0 {
		t.Errorf("FitLinear modified init: %v", init.W)
	}
}

func TestFitLinearErrors(t *testing.T) {
	X, y := noisyData(t, 10, 0.1)
	init := fromscratch.Linear{W: []float64{0, 0}}
	ok := fromscratch.FitConfig{LearningRate: 0.1, Epochs: 1}
	tests := []struct {
		name string
		X    [][]float64
		y    []float64
		init fromscratch.Linear
		cfg  fromscratch.FitConfig
		want string
	}{
		{"lengths", X, y[:5], init, ok, "10 examples in X and 5 targets"},
		{"weights", X, y, fromscratch.Linear{W: []float64{0}}, ok, "init has 1 weights, X has 2 features"},
		{"ragged", [][]float64{{1, 2}, {3}}, []float64{1, 2}, init, ok, "X row 1 has 1 columns"},
		{"NaN target", X[:2], []float64{1, math.NaN()}, init, ok, "y[1] = NaN"},
		{"lr", X, y, init, fromscratch.FitConfig{Epochs: 1}, "learning rate 0"},
		{"epochs", X, y, init, fromscratch.FitConfig{LearningRate: 0.1}, "0 epochs"},
		{"batch", X, y, init, fromscratch.FitConfig{LearningRate: 0.1, Epochs: 1, BatchSize: -2}, "batch size -2"},
		{"diverges", X, y, init, fromscratch.FitConfig{LearningRate: 100, Epochs: 500}, "gradient descent diverged"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fromscratch.FitLinear(tc.X, tc.y, tc.init, tc.cfg)
			assertErrorContains(t, err, tc.want)
		})
	}
	_, err := fromscratch.LeastSquares(X[:2], y[:2])
	assertErrorContains(t, err, "2 examples cannot determine 2 weights")
	_, err = fromscratch.LeastSquares([][]float64{{1}, {1}, {1}}, []float64{1, 2, 3})
	assertErrorContains(t, err, "singular")
	_, _, err = init.Gradient(X, y, []int{10})
	assertErrorContains(t, err, "index 10 out of range")
	_, _, err = init.Gradient(X, y, []int{})
	assertErrorContains(t, err, "empty batch")
}
