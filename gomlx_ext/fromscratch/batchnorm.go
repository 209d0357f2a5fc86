package fromscratch

import (
	"fmt"
	"math"
)

// Batch normalisation (Ioffe & Szegedy, 2015) in plain Go, forward and backward, introduced in
// notebooks/14_batchnorm_by_hand.ipynb. For a batch x of N examples × D features it normalises
// every feature over the batch:
//
//	μ_j = (1/N) Σ_n x_nj,   σ²_j = (1/N) Σ_n (x_nj − μ_j)²   (the biased estimator)
//	x̂_nj = (x_nj − μ_j)/√(σ²_j + ε),   y_nj = γ_j x̂_nj + β_j.
//
// Every output therefore depends on every example of the batch through μ and σ², and the
// backward pass must carry those dependences: BatchNormBackwardSteps walks the computation graph
// node by node, BatchNormBackwardCompact uses the closed form they sum to.

// BatchNormCache holds what the backward pass needs from a training-mode forward pass.
type BatchNormCache struct {
	X, XHat   [][]float64 // the input and its normalised value, N × D
	Mean, Var []float64   // the batch's per-feature mean and biased variance, D
	Gamma     []float64   // the scale γ used, D
	Eps       float64     // the ε added to the variance
}

// BatchNormForward is the training-mode forward pass: it normalises x (N × D, N ≥ 1) with its own
// per-feature batch statistics, then scales by gamma and shifts by beta (D values each).
func BatchNormForward(x [][]float64, gamma, beta []float64, eps float64) ([][]float64, BatchNormCache, error) {
	if err := checkNormArgs("BatchNormForward", x, gamma, beta, eps); err != nil {
		return nil, BatchNormCache{}, err
	}
	n, d := len(x), len(x[0])
	mean, variance := make([]float64, d), make([]float64, d)
	for _, row := range x {
		for j, v := range row {
			mean[j] += v / float64(n)
		}
	}
	for _, row := range x {
		for j, v := range row {
			variance[j] += (v - mean[j]) * (v - mean[j]) / float64(n)
		}
	}
	xhat, y := newMatrix(n, d), newMatrix(n, d)
	for i, row := range x {
		for j, v := range row {
			xhat[i][j] = (v - mean[j]) / math.Sqrt(variance[j]+eps)
			y[i][j] = gamma[j]*xhat[i][j] + beta[j]
		}
	}
	cache := BatchNormCache{X: cloneMatrix(x), XHat: xhat, Mean: mean, Var: variance,
		Gamma: append([]float64(nil), gamma...), Eps: eps}
	return y, cache, nil
}

// BatchNormInference is the inference-mode forward pass: it normalises x with fixed statistics
// (usually the running averages of RunningStats), so each example's output depends on that
// example alone.
func BatchNormInference(x [][]float64, gamma, beta, mean, variance []float64, eps float64) ([][]float64, error) {
	if err := checkNormArgs("BatchNormInference", x, gamma, beta, eps); err != nil {
		return nil, err
	}
	d := len(x[0])
	if err := checkVector("BatchNormInference: mean", mean, d); err != nil {
		return nil, err
	}
	if err := checkVector("BatchNormInference: variance", variance, d); err != nil {
		return nil, err
	}
	for j, v := range variance {
		if v < 0 {
			return nil, fmt.Errorf("BatchNormInference: variance[%d] = %g, want ≥ 0", j, v)
		}
	}
	y := newMatrix(len(x), d)
	for i, row := range x {
		for j, v := range row {
			y[i][j] = gamma[j]*(v-mean[j])/math.Sqrt(variance[j]+eps) + beta[j]
		}
	}
	return y, nil
}

// BatchNormBackwardSteps returns ∂L/∂x, ∂L/∂γ and ∂L/∂β given dy = ∂L/∂y, by walking the forward
// computation backwards one node at a time: y = γx̂+β, x̂ = c·r with c = x−μ and r = 1/s,
// s = √(v+ε), v = mean(c²), μ = mean(x). Each node's gradient is the sum over the nodes it feeds.
func BatchNormBackwardSteps(dy [][]float64, c BatchNormCache) (dx [][]float64, dgamma, dbeta []float64, err error) {
	if err := checkNormBackward("BatchNormBackwardSteps", dy, c); err != nil {
		return nil, nil, nil, err
	}
	n, d := len(dy), len(dy[0])
	nf := float64(n)
	dgamma, dbeta = make([]float64, d), make([]float64, d)
	dx = newMatrix(n, d)
	for j := range d {
		s := math.Sqrt(c.Var[j] + c.Eps)
		r := 1 / s
		// y = γ·x̂ + β
		dxhat := make([]float64, n)
		for i := range n {
			dbeta[j] += dy[i][j]
			dgamma[j] += dy[i][j] * c.XHat[i][j]
			dxhat[i] = dy[i][j] * c.Gamma[j]
		}
		// x̂ = centred · r: centred gets dxhat·r; r gets Σ dxhat·centred.
		centred, dcentred := make([]float64, n), make([]float64, n)
		dr := 0.0
		for i := range n {
			centred[i] = c.X[i][j] - c.Mean[j]
			dcentred[i] = dxhat[i] * r
			dr += dxhat[i] * centred[i]
		}
		ds := -dr / (s * s) // r = 1/s
		dv := ds / (2 * s)  // s = √(v+ε)
		for i := range n {  // v = (1/N) Σ centred²
			dcentred[i] += dv * 2 * centred[i] / nf
		}
		dmean := 0.0 // centred = x − μ
		for i := range n {
			dmean -= dcentred[i]
		}
		for i := range n { // μ = (1/N) Σ x, and x feeds centred directly
			dx[i][j] = dcentred[i] + dmean/nf
		}
	}
	return dx, dgamma, dbeta, nil
}

// BatchNormBackwardCompact returns the same gradients as BatchNormBackwardSteps from the closed
// form the steps add up to:
//
//	dx_nj = γ_j / (N √(σ²_j+ε)) · (N dy_nj − Σ_m dy_mj − x̂_nj Σ_m dy_mj x̂_mj),
//	dγ_j = Σ_n dy_nj x̂_nj,   dβ_j = Σ_n dy_nj.
func BatchNormBackwardCompact(dy [][]float64, c BatchNormCache) (dx [][]float64, dgamma, dbeta []float64, err error) {
	if err := checkNormBackward("BatchNormBackwardCompact", dy, c); err != nil {
		return nil, nil, nil, err
	}
	n, d := len(dy), len(dy[0])
	dgamma, dbeta = make([]float64, d), make([]float64, d)
	for i := range n {
		for j := range d {
			dbeta[j] += dy[i][j]
			dgamma[j] += dy[i][j] * c.XHat[i][j]
		}
	}
	dx = newMatrix(n, d)
	for i := range n {
		for j := range d {
			k := c.Gamma[j] / (float64(n) * math.Sqrt(c.Var[j]+c.Eps))
			dx[i][j] = k * (float64(n)*dy[i][j] - dbeta[j] - c.XHat[i][j]*dgamma[j])
		}
	}
	return dx, dgamma, dbeta, nil
}

// RunningStats are the per-feature moving averages of the batch mean and variance that batch
// norm uses at inference. Update blends in one batch: stat ← Momentum·stat + (1−Momentum)·batch
// (GoMLX's and Keras' convention; PyTorch's "momentum" is 1 − this one, and PyTorch averages the
// unbiased variance, where this keeps the biased one the forward pass used).
type RunningStats struct {
	Mean, Var []float64
	Momentum  float64
}

// NewRunningStats starts the averages at mean 0 and variance 1 for d features.
func NewRunningStats(d int, momentum float64) (*RunningStats, error) {
	if d < 1 || !(momentum >= 0 && momentum < 1) {
		return nil, fmt.Errorf("NewRunningStats: %d features with momentum %g, want ≥ 1 and 0 ≤ momentum < 1", d, momentum)
	}
	r := &RunningStats{Mean: make([]float64, d), Var: make([]float64, d), Momentum: momentum}
	for j := range r.Var {
		r.Var[j] = 1
	}
	return r, nil
}

// Update blends the statistics of one training-mode forward pass into the averages.
func (r *RunningStats) Update(c BatchNormCache) error {
	if len(c.Mean) != len(r.Mean) || len(c.Var) != len(r.Var) {
		return fmt.Errorf("RunningStats.Update: batch statistics of %d features, running ones of %d", len(c.Mean), len(r.Mean))
	}
	m := r.Momentum
	for j := range r.Mean {
		r.Mean[j] = m*r.Mean[j] + (1-m)*c.Mean[j]
		r.Var[j] = m*r.Var[j] + (1-m)*c.Var[j]
	}
	return nil
}

// checkNormArgs validates a normalisation layer's input x (N × D) and its D-vectors γ and β.
func checkNormArgs(fn string, x [][]float64, gamma, beta []float64, eps float64) error {
	if err := checkMatrix(fn+": x", x); err != nil {
		return err
	}
	d := len(x[0])
	if err := checkVector(fn+": gamma", gamma, d); err != nil {
		return err
	}
	if err := checkVector(fn+": beta", beta, d); err != nil {
		return err
	}
	if !(eps > 0) || math.IsInf(eps, 0) {
		return fmt.Errorf("%s: eps = %g, want a finite value > 0", fn, eps)
	}
	return nil
}

// checkNormBackward validates dy against the cache of the forward pass it belongs to.
func checkNormBackward(fn string, dy [][]float64, c BatchNormCache) error {
	if len(c.XHat) == 0 {
		return errEmptyCache(fn)
	}
	return sameDims(fn+": dy", dy, "the cached x", c.X)
}

func errEmptyCache(fn string) error {
	return fmt.Errorf("%s: empty cache, want the one its forward pass returned", fn)
}
