package optim

import (
	"fmt"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// MomentumConfig is gradient descent with momentum, configured with a
// builder that ends in Done:
//
//	opt := optim.Momentum().LearningRate(0.1).Beta(0.9).Form(optim.Nesterov).Done()
//
// It also implements optimizers.Interface itself.
type MomentumConfig struct {
	h     Hyperparams
	scope string
}

// Momentum returns momentum with the defaults: learning rate
// DefaultSGDLearningRate (0.1), β = DefaultBeta (0.9), Form MomentumEMA, a
// Constant schedule, no weight decay, velocities under DefaultMomentumScope.
func Momentum() *MomentumConfig {
	return &MomentumConfig{
		h:     Hyperparams{LearningRate: DefaultSGDLearningRate, Form: MomentumEMA, Beta: DefaultBeta},
		scope: DefaultMomentumScope,
	}
}

// LearningRate sets the base learning rate α (default DefaultSGDLearningRate).
func (c *MomentumConfig) LearningRate(lr float64) *MomentumConfig {
	c.h.LearningRate = lr
	return c
}

// Beta sets the momentum coefficient β, 0 ≤ β < 1 (default DefaultBeta).
func (c *MomentumConfig) Beta(beta float64) *MomentumConfig {
	c.h.Beta = beta
	return c
}

// Form selects MomentumEMA (default), Classical or Nesterov. Plain turns
// it into SGD (no velocity is kept).
func (c *MomentumConfig) Form(f Form) *MomentumConfig {
	c.h.Form = f
	return c
}

// Schedule sets the learning-rate schedule (default Constant).
func (c *MomentumConfig) Schedule(s Schedule) *MomentumConfig {
	c.h.Schedule = s
	return c
}

// WeightDecay sets the coupled L2 coefficient λ (default 0): λ·W is added
// to the gradient before it enters the velocity, exactly as if λ/2·‖W‖²
// were added to the loss.
func (c *MomentumConfig) WeightDecay(lambda float64) *MomentumConfig {
	c.h.WeightDecay = lambda
	return c
}

// DecoupledWeightDecay sets μ of W ← W − αₜ·μ·W, applied outside the
// velocity (default 0).
func (c *MomentumConfig) DecoupledWeightDecay(mu float64) *MomentumConfig {
	c.h.DecoupledWeightDecay = mu
	return c
}

// Scope sets the top-level context scope of the velocities (default
// DefaultMomentumScope); two momentum optimizers on one context need two.
func (c *MomentumConfig) Scope(name string) *MomentumConfig {
	c.scope = name
	return c
}

// Hyperparams returns the rule, for ReferenceStep.
func (c *MomentumConfig) Hyperparams() Hyperparams { return c.h }

// Validate reports invalid settings.
func (c *MomentumConfig) Validate() error {
	if err := c.h.Validate(); err != nil {
		return err
	}
	return c.validateScope()
}

// validateScope rejects scopes that would make Clear delete more than the
// velocities: "" is the root scope, and a separator would nest it.
func (c *MomentumConfig) validateScope() error {
	if c.scope == "" || strings.Contains(c.scope, context.ScopeSeparator) {
		return fmt.Errorf("optim: momentum scope %q, want a non-empty name without %q", c.scope, context.ScopeSeparator)
	}
	return nil
}

// Done returns the optimizer. It is c itself: it ends a builder chain.
func (c *MomentumConfig) Done() optimizers.Interface { return c }

// UpdateGraph builds the update of every trainable variable the loss uses,
// and of their velocities. It implements optimizers.Interface and panics on
// error (graph-building convention).
func (c *MomentumConfig) UpdateGraph(ctx *context.Context, _ *graph.Graph, loss *graph.Node) {
	if err := c.validateScope(); err != nil {
		panic(err)
	}
	updateGraph(ctx, loss, c.h, c.scope)
}

// UpdateGraphWithGradients applies given gradients (one per trainable
// variable in context order); it lets train.Trainer.AccumulateGradients use
// this optimizer.
func (c *MomentumConfig) UpdateGraphWithGradients(ctx *context.Context, grads []*graph.Node, lossDType dtypes.DType) {
	if err := c.validateScope(); err != nil {
		panic(err)
	}
	applyGradients(ctx, grads, lossDType, c.h, c.scope)
}

// Clear deletes the velocities (everything under the optimizer's scope),
// e.g. before saving a model for inference or to restart momentum.
func (c *MomentumConfig) Clear(ctx *context.Context) error {
	if err := c.validateScope(); err != nil {
		return err
	}
	return clearScope(ctx, c.scope)
}
