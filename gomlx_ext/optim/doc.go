// Package optim holds the optimizers DeepNB trains with: SGD with a truly
// constant learning rate, and momentum in three forms (the seed text's EMA
// form, classical heavy ball, Nesterov). Both implement GoMLX's
// optimizers.Interface, so they plug into train.NewTrainer like the stock
// ones, and keep their state (velocities) in context variables, so
// checkpoints save and restore it.
//
// Introduced in notebooks/07_momentum.ipynb. ReferenceStep appears earlier,
// in notebooks/04_gradient_descent.ipynb, which checks one hand-computed
// SGD step against it.
//
// Every rule also exists in plain Go on []float64 (ReferenceStep,
// Reference), driven by the same Hyperparams, so notebooks can trace the
// updates by hand and tests can compare the GoMLX graphs with them.
//
// The update for step t (t = 1 for the first update, GoMLX's global step
// after increment), with gradient ∇f, learning rate αₜ = Schedule(α, t),
// coupled L2 weight decay λ, decoupled weight decay μ and momentum β:
//
//	g ← ∇f + λ·W                         coupled L2: same as adding λ/2·‖W‖² to the loss
//	SGD:        d ← g
//	EMA:        v ← β·v + (1−β)·g;  d ← v   (the default momentum form)
//	Classical:  v ← β·v + g;        d ← v
//	Nesterov:   v ← β·v + g;        d ← g + β·v
//	W ← W − αₜ·(d + μ·W)                 decoupled decay, as in AdamW
//
// Velocities v start at zero. Schedules: Constant, StepDecay, Cosine, and a linear warm-up
// (Warmup, Schedule.WithWarmup, introduced in notebooks/08_initialisation.ipynb).
package optim
