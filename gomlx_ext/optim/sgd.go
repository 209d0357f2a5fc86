package optim

import (
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// SGDConfig is plain stochastic gradient descent, W ← W − αₜ·∇f. It
// implements optimizers.Interface itself, so optim.SGD(0.1) can be given to
// train.NewTrainer directly; the other methods configure it.
type SGDConfig struct {
	h Hyperparams
}

// SGD returns stochastic gradient descent with learning rate lr, kept
// CONSTANT for every step unless a Schedule is set.
//
// This exists because GoMLX's optimizers.StochasticGradientDescent decays
// the learning rate by default, αₜ = α/√t (its WithDecay(true) default),
// which silently makes "SGD with lr 0.1" a different algorithm from the
// one the notebooks derive.
//
// An invalid lr (≤ 0, NaN, Inf) is reported by Validate, and by UpdateGraph
// as a graph-building error that train.Trainer returns.
func SGD(lr float64) *SGDConfig {
	return &SGDConfig{h: Hyperparams{LearningRate: lr, Form: Plain}}
}

// Schedule sets the learning-rate schedule (default Constant).
func (c *SGDConfig) Schedule(s Schedule) *SGDConfig {
	c.h.Schedule = s
	return c
}

// WeightDecay sets the coupled L2 coefficient λ (default 0): the gradient
// becomes ∇f + λ·W, as if λ/2·‖W‖² were added to the loss.
func (c *SGDConfig) WeightDecay(lambda float64) *SGDConfig {
	c.h.WeightDecay = lambda
	return c
}

// DecoupledWeightDecay sets μ of W ← W − αₜ·μ·W (default 0). For SGD it
// is the same update as WeightDecay(μ).
func (c *SGDConfig) DecoupledWeightDecay(mu float64) *SGDConfig {
	c.h.DecoupledWeightDecay = mu
	return c
}

// Hyperparams returns the rule, for ReferenceStep.
func (c *SGDConfig) Hyperparams() Hyperparams { return c.h }

// Validate reports invalid settings.
func (c *SGDConfig) Validate() error { return c.h.Validate() }

// Done returns the optimizer. It is c itself: it ends a builder chain.
func (c *SGDConfig) Done() optimizers.Interface { return c }

// UpdateGraph builds the update of every trainable variable the loss uses.
// It implements optimizers.Interface and panics on error (graph-building
// convention).
func (c *SGDConfig) UpdateGraph(ctx *context.Context, _ *graph.Graph, loss *graph.Node) {
	updateGraph(ctx, loss, c.h, "")
}

// UpdateGraphWithGradients applies given gradients (one per trainable
// variable in context order); it lets train.Trainer.AccumulateGradients use
// this optimizer.
func (c *SGDConfig) UpdateGraphWithGradients(ctx *context.Context, grads []*graph.Node, lossDType dtypes.DType) {
	applyGradients(ctx, grads, lossDType, c.h, "")
}

// Clear deletes the optimizer's own variables: SGD has none (the learning
// rate and global step are GoMLX's shared variables), so it does nothing.
func (c *SGDConfig) Clear(_ *context.Context) error { return nil }
