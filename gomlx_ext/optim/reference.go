package optim

import "fmt"

// ReferenceStep applies one update of rule h, in plain Go, to the weights w
// in place: step is the global step t of this update (1 for the first),
// grad is ∇f at w, and velocity (same length as w, zeros at the start) is
// read and updated in place; it may be nil for Plain. It computes exactly
// what the graph optimizers compute, in the same order, except for GoMLX's
// optional context parameters clip_step_by_value and clip_nan (off by default).
func ReferenceStep(h Hyperparams, step int64, w, grad, velocity []float64) error {
	if err := h.Validate(); err != nil {
		return err
	}
	if len(grad) != len(w) {
		return fmt.Errorf("optim.ReferenceStep: step %d: grad has %d values, w has %d", step, len(grad), len(w))
	}
	if h.Form.hasVelocity() && len(velocity) != len(w) {
		return fmt.Errorf("optim.ReferenceStep: step %d: %s needs a velocity of %d values, got %d",
			step, h.Form, len(w), len(velocity))
	}
	lr := h.LearningRateAt(step)
	beta := h.Beta
	for i := range w {
		g := grad[i] + h.WeightDecay*w[i]
		var d float64
		switch h.Form {
		case Plain:
			d = g
		case MomentumEMA:
			velocity[i] = beta*velocity[i] + (1-beta)*g
			d = velocity[i]
		case Classical:
			velocity[i] = beta*velocity[i] + g
			d = velocity[i]
		case Nesterov:
			velocity[i] = beta*velocity[i] + g
			d = g + beta*velocity[i]
		}
		w[i] -= lr * (d + h.DecoupledWeightDecay*w[i])
	}
	return nil
}

// Reference is a plain-Go optimizer for one []float64 of weights: it
// counts steps and keeps the velocity between calls of Update.
type Reference struct {
	// Hyperparams is the rule applied.
	Hyperparams Hyperparams
	// Step is the global step of the last update (0 before the first).
	Step int64
	// Velocity has one value per weight; all zero for Plain.
	Velocity []float64
}

// NewReference returns a Reference for `size` weights, with zero velocity.
func NewReference(h Hyperparams, size int) (*Reference, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	if size < 1 {
		return nil, fmt.Errorf("optim.NewReference: size %d, want >= 1", size)
	}
	return &Reference{Hyperparams: h, Velocity: make([]float64, size)}, nil
}

// Update applies the next step to w in place, given the gradient at w.
func (r *Reference) Update(w, grad []float64) error {
	if err := ReferenceStep(r.Hyperparams, r.Step+1, w, grad, r.Velocity); err != nil {
		return err
	}
	r.Step++
	return nil
}
