package optim

import (
	"errors"
	"fmt"
	"math"
)

const (
	// DefaultSGDLearningRate is the base learning rate α of SGD and Momentum
	// when none is given (the same as GoMLX's SGD default).
	DefaultSGDLearningRate = 0.1

	// DefaultBeta is Momentum's default β.
	DefaultBeta = 0.9

	// DefaultMomentumScope is the context scope under which Momentum keeps
	// its velocities: the velocity of variable /a/b/w is
	// /MomentumOptimizer/a/b/w_velocity.
	DefaultMomentumScope = "MomentumOptimizer"
)

// Hyperparams are the settings of one update rule. The graph optimizers
// (SGD, Momentum) expose theirs with a Hyperparams method, and the plain-Go
// ReferenceStep takes them, so both always run the same rule.
type Hyperparams struct {
	// LearningRate is the base rate α (> 0). The graph optimizers keep it,
	// like GoMLX's own, in the context variable /optimizers/learning_rate,
	// created from this value when missing. train.NewTrainer deletes that
	// variable, so a new trainer always starts from this value; a custom
	// loop reusing a context where it already exists (an earlier optimizer,
	// a restored checkpoint) trains with the stored value instead.
	LearningRate float64
	// Form is the update rule: Plain (SGD), MomentumEMA, Classical or Nesterov.
	Form Form
	// Beta is the momentum coefficient β, 0 ≤ β < 1; unused by Plain.
	Beta float64
	// WeightDecay is the coupled L2 coefficient λ ≥ 0: λ·W is added to the
	// gradient before the momentum update, exactly as if λ/2·‖W‖² were added
	// to the loss. Applied to every trainable variable, biases included.
	WeightDecay float64
	// DecoupledWeightDecay is μ ≥ 0 of W ← W − αₜ·μ·W, applied outside the
	// momentum (AdamW style). For Plain it equals WeightDecay.
	DecoupledWeightDecay float64
	// Schedule turns α into αₜ; the zero value is Constant.
	Schedule Schedule
}

// Validate reports every invalid setting.
func (h Hyperparams) Validate() error {
	var errs []error
	if !(h.LearningRate > 0) || math.IsInf(h.LearningRate, 0) {
		errs = append(errs, fmt.Errorf("learning rate = %g, want a finite value > 0", h.LearningRate))
	}
	if !h.Form.valid() {
		errs = append(errs, fmt.Errorf("unknown form %s", h.Form))
	}
	if h.Form.hasVelocity() && !(h.Beta >= 0 && h.Beta < 1) {
		errs = append(errs, fmt.Errorf("beta = %g, want 0 <= beta < 1", h.Beta))
	}
	if !(h.WeightDecay >= 0) || math.IsInf(h.WeightDecay, 0) {
		errs = append(errs, fmt.Errorf("weight decay = %g, want a finite value >= 0", h.WeightDecay))
	}
	if !(h.DecoupledWeightDecay >= 0) || math.IsInf(h.DecoupledWeightDecay, 0) {
		errs = append(errs, fmt.Errorf("decoupled weight decay = %g, want a finite value >= 0", h.DecoupledWeightDecay))
	}
	if err := h.Schedule.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("optim: invalid %s hyperparameters: %w", h.Form, errors.Join(errs...))
	}
	return nil
}

// LearningRateAt returns αₜ, the learning rate of the update at global step t.
func (h Hyperparams) LearningRateAt(step int64) float64 {
	return h.Schedule.At(h.LearningRate, step)
}
