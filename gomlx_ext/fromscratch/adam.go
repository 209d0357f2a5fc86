package fromscratch

import (
	"fmt"
	"math"
)

// AdamConfig holds Adam's settings. DefaultAdam has GoMLX's defaults.
//
// Introduced in notebooks/08_initialisation.ipynb.
type AdamConfig struct {
	// LearningRate is α > 0.
	LearningRate float64
	// Beta1 is the decay of the first moment (the running mean of g), 0 ≤ β₁ < 1.
	Beta1 float64
	// Beta2 is the decay of the second moment (the running mean of g²), 0 ≤ β₂ < 1.
	Beta2 float64
	// Epsilon > 0 is added to √v̂, outside the square root (as GoMLX, PyTorch and the
	// paper do), so a weight whose gradient has always been 0 does not divide by 0.
	Epsilon float64
}

// DefaultAdam returns α = 0.001, β₁ = 0.9, β₂ = 0.999 and ε = 1e-7: the defaults of GoMLX's
// optimizers.Adam (the paper and PyTorch use ε = 1e-8).
//
// Not used by a notebook, only by the package's tests: notebooks/08_initialisation.ipynb writes
// its AdamConfig out in full.
func DefaultAdam() AdamConfig {
	return AdamConfig{LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}
}

// Validate reports the first invalid setting.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (c AdamConfig) Validate() error {
	switch {
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0):
		return fmt.Errorf("fromscratch: Adam learning rate = %g, want a finite value > 0", c.LearningRate)
	case !(c.Beta1 >= 0 && c.Beta1 < 1):
		return fmt.Errorf("fromscratch: Adam beta1 = %g, want 0 <= beta1 < 1", c.Beta1)
	case !(c.Beta2 >= 0 && c.Beta2 < 1):
		return fmt.Errorf("fromscratch: Adam beta2 = %g, want 0 <= beta2 < 1", c.Beta2)
	case !(c.Epsilon > 0) || math.IsInf(c.Epsilon, 0):
		return fmt.Errorf("fromscratch: Adam epsilon = %g, want a finite value > 0", c.Epsilon)
	}
	return nil
}

// Adam is the Adam optimizer (Kingma and Ba, 2014) for one []float64 of weights, in plain Go.
// Step t = 1, 2, … of Update computes, for every weight,
//
//	m ← β₁·m + (1−β₁)·g          running mean of the gradient (momentum)
//	v ← β₂·v + (1−β₂)·g²         running mean of its square
//	m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)  bias correction: m and v start at 0
//	W ← W − α·m̂/(√v̂ + ε)
//
// Without the correction the first steps would be (1−β₁)/√(1−β₂) ≈ 3.2 times too large for
// the defaults; with it the first step is α·g/(|g| + ε) ≈ α·sign(g) for every weight.
//
// Introduced in notebooks/08_initialisation.ipynb.
type Adam struct {
	// Config is the rule applied.
	Config AdamConfig
	// Step is t of the last update (0 before the first).
	Step int
	// M and V are the first and second moments, one value per weight, zero at the start.
	M, V []float64
}

// NewAdam returns Adam for `size` weights with zero moments.
//
// Introduced in notebooks/08_initialisation.ipynb.
func NewAdam(c AdamConfig, size int) (*Adam, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if size < 1 {
		return nil, fmt.Errorf("fromscratch: NewAdam: size %d, want >= 1", size)
	}
	return &Adam{Config: c, M: make([]float64, size), V: make([]float64, size)}, nil
}

// Update applies step t+1 to w in place, given the gradient at w.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (a *Adam) Update(w, grad []float64) error {
	if err := checkUpdate("Adam", a.Step+1, w, grad, len(a.M)); err != nil {
		return err
	}
	a.Step++
	c := a.Config
	t := float64(a.Step)
	correct1, correct2 := 1-math.Pow(c.Beta1, t), 1-math.Pow(c.Beta2, t)
	for i, g := range grad {
		a.M[i] = c.Beta1*a.M[i] + (1-c.Beta1)*g
		a.V[i] = c.Beta2*a.V[i] + (1-c.Beta2)*g*g
		mHat, vHat := a.M[i]/correct1, a.V[i]/correct2
		w[i] -= c.LearningRate * mHat / (math.Sqrt(vHat) + c.Epsilon)
	}
	return nil
}

// checkUpdate is the input check of the optimizers' Update methods.
func checkUpdate(name string, step int, w, grad []float64, size int) error {
	if len(w) != size || len(grad) != size {
		return fmt.Errorf("fromscratch: %s step %d: w has %d values and grad %d, want %d (the size it was made for)",
			name, step, len(w), len(grad), size)
	}
	if err := checkFinite("grad", grad); err != nil {
		return fmt.Errorf("fromscratch: %s step %d: %w", name, step, err)
	}
	return nil
}
