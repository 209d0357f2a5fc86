package fromscratch

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Linear is the model ŷ = w·x + b: one neuron with the identity activation,
// the smallest network there is.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
type Linear struct {
	// W holds one weight per feature.
	W []float64
	// B is the bias.
	B float64
}

// Predict returns w·x + b. Extra values of the longer slice are ignored;
// PredictBatch checks the lengths.
func (m Linear) Predict(x []float64) float64 {
	yHat := m.B
	for i := range min(len(x), len(m.W)) {
		yHat += m.W[i] * x[i]
	}
	return yHat
}

// PredictBatch returns ŷᵢ for every row of X.
func (m Linear) PredictBatch(X [][]float64) ([]float64, error) {
	yHat := make([]float64, len(X))
	for i, x := range X {
		if len(x) != len(m.W) {
			return nil, fmt.Errorf("fromscratch.Linear: example %d has %d features, the model has %d weights", i, len(x), len(m.W))
		}
		yHat[i] = m.Predict(x)
	}
	return yHat, nil
}

// Loss returns the mean squared error 1/n Σ (ŷᵢ − yᵢ)² over all examples,
// computed by MSE (notebooks/03_losses.ipynb).
func (m Linear) Loss(X [][]float64, y []float64) (float64, error) {
	yHat, err := m.PredictBatch(X)
	if err != nil {
		return 0, err
	}
	return MSE(yHat, y)
}

// Gradient returns ∂L/∂w and ∂L/∂b of the mean squared error over the
// examples listed in idx (all of them when idx is nil):
//
//	L = 1/B Σᵢ (ŷᵢ − yᵢ)²,  ∂L/∂w = 2/B Σᵢ (ŷᵢ − yᵢ)·xᵢ,  ∂L/∂b = 2/B Σᵢ (ŷᵢ − yᵢ)
//
// where B = len(idx): the chain rule through the square (2(ŷ − y)) and
// through ŷ = w·x + b (∂ŷ/∂w = x, ∂ŷ/∂b = 1).
func (m Linear) Gradient(X [][]float64, y []float64, idx []int) (gradW []float64, gradB float64, err error) {
	if len(X) != len(y) {
		return nil, 0, fmt.Errorf("fromscratch.Linear.Gradient: %d examples in X but %d targets", len(X), len(y))
	}
	if idx == nil {
		idx = make([]int, len(X))
		for i := range idx {
			idx[i] = i
		}
	}
	if len(idx) == 0 {
		return nil, 0, fmt.Errorf("fromscratch.Linear.Gradient: empty batch")
	}
	gradW = make([]float64, len(m.W))
	for _, i := range idx {
		if i < 0 || i >= len(X) {
			return nil, 0, fmt.Errorf("fromscratch.Linear.Gradient: example index %d out of range [0, %d)", i, len(X))
		}
		if len(X[i]) != len(m.W) {
			return nil, 0, fmt.Errorf("fromscratch.Linear.Gradient: example %d has %d features, the model has %d weights", i, len(X[i]), len(m.W))
		}
		residual := m.Predict(X[i]) - y[i]
		for j, xj := range X[i] {
			gradW[j] += residual * xj
		}
		gradB += residual
	}
	scale := 2 / float64(len(idx))
	for j := range gradW {
		gradW[j] *= scale
	}
	return gradW, gradB * scale, nil
}

// FitConfig sets up FitLinear.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
type FitConfig struct {
	// LearningRate is α (finite, > 0).
	LearningRate float64
	// Epochs is the number of passes over the data (≥ 1).
	Epochs int
	// BatchSize is the number of examples per gradient step: 0 or ≥ n is
	// full-batch gradient descent (one step per epoch), 1 is stochastic
	// gradient descent (n steps per epoch), anything between is mini-batch.
	// The last batch of an epoch may be smaller.
	BatchSize int
	// Seed drives the shuffle of the examples before each epoch (unused by
	// full-batch, which needs no order).
	Seed uint64
}

// LossPoint is the loss on the whole data set after some training.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
type LossPoint struct {
	// Step is the number of updates made so far.
	Step int
	// Epoch is the number of examples used so far divided by n, so runs
	// with different batch sizes share one axis.
	Epoch float64
	// Loss is the mean squared error over all n examples.
	Loss float64
}

// FitResult is the outcome of FitLinear.
type FitResult struct {
	// Model holds the trained parameters.
	Model Linear
	// History holds the full-data loss before training (step 0) and after
	// every update.
	History []LossPoint
	// Steps is the number of updates made.
	Steps int
}

// FitLinear trains a Linear model on (X, y) from init with gradient descent
// on the mean squared error, w ← w − α∂L/∂w and b ← b − α∂L/∂b, each step
// using BatchSize examples. It returns an error, naming the step, if the
// loss stops being finite (the learning rate is too large). init is not
// modified.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func FitLinear(X [][]float64, y []float64, init Linear, cfg FitConfig) (FitResult, error) {
	n := len(X)
	if n == 0 || n != len(y) {
		return FitResult{}, fmt.Errorf("fromscratch.FitLinear: %d examples in X and %d targets, want the same non-zero number", n, len(y))
	}
	if err := CheckMatrix("X", X); err != nil {
		return FitResult{}, fmt.Errorf("fromscratch.FitLinear: %w", err)
	}
	if err := CheckVector("y", y, len(y)); err != nil {
		return FitResult{}, fmt.Errorf("fromscratch.FitLinear: %w", err)
	}
	if len(init.W) != len(X[0]) {
		return FitResult{}, fmt.Errorf("fromscratch.FitLinear: init has %d weights, X has %d features", len(init.W), len(X[0]))
	}
	if !(cfg.LearningRate > 0) || math.IsInf(cfg.LearningRate, 0) {
		return FitResult{}, fmt.Errorf("fromscratch.FitLinear: learning rate %g, want a finite value > 0", cfg.LearningRate)
	}
	if cfg.Epochs < 1 {
		return FitResult{}, fmt.Errorf("fromscratch.FitLinear: %d epochs, want ≥ 1", cfg.Epochs)
	}
	if cfg.BatchSize < 0 {
		return FitResult{}, fmt.Errorf("fromscratch.FitLinear: batch size %d, want ≥ 0 (0 = full batch)", cfg.BatchSize)
	}
	batchSize := cfg.BatchSize
	if batchSize == 0 || batchSize > n {
		batchSize = n
	}

	m := Linear{W: append([]float64(nil), init.W...), B: init.B}
	loss, err := m.Loss(X, y)
	if err != nil {
		return FitResult{}, fmt.Errorf("fromscratch.FitLinear: initial loss: %w", err)
	}
	res := FitResult{History: []LossPoint{{Step: 0, Epoch: 0, Loss: loss}}}
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(batchSize)))
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	seen := 0
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		if batchSize < n {
			rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		for start := 0; start < n; start += batchSize {
			batch := order[start:min(start+batchSize, n)]
			gradW, gradB, err := m.Gradient(X, y, batch)
			if err != nil {
				return FitResult{}, fmt.Errorf("fromscratch.FitLinear: epoch %d, step %d: %w", epoch, res.Steps+1, err)
			}
			for j := range m.W {
				m.W[j] -= cfg.LearningRate * gradW[j]
			}
			m.B -= cfg.LearningRate * gradB
			res.Steps++
			seen += len(batch)
			loss, err := m.Loss(X, y)
			if err != nil {
				return FitResult{}, fmt.Errorf("fromscratch.FitLinear: step %d: %w", res.Steps, err)
			}
			if !isFinite(loss) {
				return FitResult{}, fmt.Errorf("fromscratch.FitLinear: loss is %v after step %d (epoch %d) with learning rate %g: "+
					"gradient descent diverged, try a smaller learning rate", loss, res.Steps, epoch, cfg.LearningRate)
			}
			res.History = append(res.History, LossPoint{Step: res.Steps, Epoch: float64(seen) / float64(n), Loss: loss})
		}
	}
	res.Model = m
	return res, nil
}

// LeastSquares returns the Linear model with the smallest mean squared error
// on (X, y), solved directly rather than by descent: the answer gradient
// descent should approach. Setting the gradient of the MSE to zero gives the
// normal equations (ZᵀZ)·θ = Zᵀy for θ = [w; b] and Z = [X 1] (X with a
// column of ones for the bias), a (d+1)×(d+1) system.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func LeastSquares(X [][]float64, y []float64) (Linear, error) {
	if len(X) != len(y) {
		return Linear{}, fmt.Errorf("fromscratch.LeastSquares: %d examples in X but %d targets", len(X), len(y))
	}
	if err := CheckMatrix("X", X); err != nil {
		return Linear{}, fmt.Errorf("fromscratch.LeastSquares: %w", err)
	}
	if err := CheckVector("y", y, len(y)); err != nil {
		return Linear{}, fmt.Errorf("fromscratch.LeastSquares: %w", err)
	}
	n, d := len(X), len(X[0])
	if n < d+1 {
		return Linear{}, fmt.Errorf("fromscratch.LeastSquares: %d examples cannot determine %d weights and a bias", n, d)
	}
	gram := make([][]float64, d+1) // ZᵀZ
	for j := range gram {
		gram[j] = make([]float64, d+1)
	}
	rhs := make([]float64, d+1) // Zᵀy
	z := make([]float64, d+1)
	for i, x := range X {
		copy(z, x)
		z[d] = 1
		for j := range z {
			rhs[j] += z[j] * y[i]
			for k := range z {
				gram[j][k] += z[j] * z[k]
			}
		}
	}
	theta, err := solve(gram, rhs)
	if err != nil {
		return Linear{}, fmt.Errorf("fromscratch.LeastSquares: normal equations for %d weights and a bias from %d examples: %w", d, n, err)
	}
	return Linear{W: theta[:d], B: theta[d]}, nil
}
