package fromscratch

import (
	"fmt"
	"math"
)

// RMSPropConfig holds RMSProp's settings.
//
// Introduced in notebooks/08_initialisation.ipynb.
type RMSPropConfig struct {
	// LearningRate is α > 0.
	LearningRate float64
	// Rho is the decay of the running mean of g², 0 ≤ ρ < 1 (Hinton's lecture: 0.9).
	Rho float64
	// Epsilon > 0 is added to the root, outside it.
	Epsilon float64
	// BiasCorrection divides the running mean by 1−ρᵗ, as Adam does with its second moment.
	// Hinton's RMSProp (and PyTorch's) has none; GoMLX's optimizers.RMSProp, which is Adam
	// without the first moment, has it.
	BiasCorrection bool
}

// Validate reports the first invalid setting.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (c RMSPropConfig) Validate() error {
	switch {
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0):
		return fmt.Errorf("fromscratch: RMSProp learning rate = %g, want a finite value > 0", c.LearningRate)
	case !(c.Rho >= 0 && c.Rho < 1):
		return fmt.Errorf("fromscratch: RMSProp rho = %g, want 0 <= rho < 1", c.Rho)
	case !(c.Epsilon > 0) || math.IsInf(c.Epsilon, 0):
		return fmt.Errorf("fromscratch: RMSProp epsilon = %g, want a finite value > 0", c.Epsilon)
	}
	return nil
}

// RMSProp divides each weight's step by a running root mean square of its gradients, in
// plain Go. Step t = 1, 2, … of Update computes, for every weight,
//
//	s ← ρ·s + (1−ρ)·g²
//	ŝ = s/(1−ρᵗ) with BiasCorrection, else ŝ = s
//	W ← W − α·g/(√ŝ + ε)
//
// Introduced in notebooks/08_initialisation.ipynb.
type RMSProp struct {
	// Config is the rule applied.
	Config RMSPropConfig
	// Step is t of the last update (0 before the first).
	Step int
	// S is the running mean of g², one value per weight, zero at the start.
	S []float64
}

// NewRMSProp returns RMSProp for `size` weights with s = 0.
//
// Introduced in notebooks/08_initialisation.ipynb.
func NewRMSProp(c RMSPropConfig, size int) (*RMSProp, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if size < 1 {
		return nil, fmt.Errorf("fromscratch: NewRMSProp: size %d, want >= 1", size)
	}
	return &RMSProp{Config: c, S: make([]float64, size)}, nil
}

// Update applies step t+1 to w in place, given the gradient at w.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (r *RMSProp) Update(w, grad []float64) error {
	if err := checkUpdate("RMSProp", r.Step+1, w, grad, len(r.S)); err != nil {
		return err
	}
	r.Step++
	c := r.Config
	correct := 1.0
	if c.BiasCorrection {
		correct = 1 - math.Pow(c.Rho, float64(r.Step))
	}
	for i, g := range grad {
		r.S[i] = c.Rho*r.S[i] + (1-c.Rho)*g*g
		w[i] -= c.LearningRate * g / (math.Sqrt(r.S[i]/correct) + c.Epsilon)
	}
	return nil
}
