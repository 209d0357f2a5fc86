package optim

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// updateGraph computes the gradients of loss and applies rule h. Like every
// GoMLX graph-building function it panics on error; train.Trainer and
// context.Exec return that panic as an error.
func updateGraph(ctx *context.Context, loss *graph.Node, h Hyperparams, scope string) {
	if !loss.Shape().IsScalar() {
		panic(fmt.Errorf("optim %s: the loss must be a scalar, got shape %s", h.Form, loss.Shape()))
	}
	grads := ctx.BuildTrainableVariablesGradientsGraph(loss)
	applyGradients(ctx, grads, loss.DType(), h, scope)
}

// applyGradients applies rule h to every trainable variable used by the
// graph, given their gradients in the order ctx.IterVariables lists them
// (the order of ctx.BuildTrainableVariablesGradientsGraph).
func applyGradients(ctx *context.Context, grads []*graph.Node, lossDType dtypes.DType, h Hyperparams, scope string) {
	if err := h.Validate(); err != nil {
		panic(err)
	}
	if len(grads) == 0 {
		panic(errors.New("optim: no gradients to apply: does the loss use any trainable variable?"))
	}
	g := grads[0].Graph()

	// Same variables as GoMLX's own optimizers: the base learning rate in
	// /optimizers/learning_rate and the global step, incremented here.
	baseLR := optimizers.LearningRateVar(ctx, lossDType, h.LearningRate).ValueGraph(g)
	step := optimizers.IncrementGlobalStepGraph(ctx, g, lossDType)
	lr := h.Schedule.LearningRateGraph(baseLR, step)

	i := 0
	for v := range ctx.IterVariables() {
		if !v.Trainable || !v.InUseByGraph(g) {
			continue
		}
		if i >= len(grads) {
			panic(fmt.Errorf("optim: more trainable variables than the %d gradients given -- were variables "+
				"created after the gradients were computed?", len(grads)))
		}
		updateVariable(ctx, v, grads[i], lr, h, scope)
		i++
	}
	if i != len(grads) {
		panic(fmt.Errorf("optim: %d gradients given for %d trainable variables", len(grads), i))
	}
}

// updateVariable applies one step of rule h to variable v; see the package
// documentation for the equations (ReferenceStep computes the same).
func updateVariable(ctx *context.Context, v *context.Variable, grad, lr *graph.Node, h Hyperparams, scope string) {
	g := grad.Graph()
	w := v.ValueGraph(g)
	dtype := w.DType()
	if !dtype.IsFloat() {
		panic(fmt.Errorf("optim: trainable variable %s has dtype %s, want a float dtype", v.ScopeAndName(), dtype))
	}
	if !grad.Shape().Equal(w.Shape()) {
		panic(fmt.Errorf("optim: gradient of %s has shape %s, variable has %s", v.ScopeAndName(), grad.Shape(), w.Shape()))
	}
	if lr.DType() != dtype {
		lr = graph.ConvertDType(lr, dtype)
	}
	optimizers.TraceNaNInGradients(ctx, v, grad)
	grad = optimizers.ClipNaNsInGradients(ctx, grad)

	if h.WeightDecay > 0 {
		grad = graph.Add(grad, graph.MulScalar(w, h.WeightDecay))
	}
	d := grad
	if h.Form.hasVelocity() {
		velVar := velocityVariable(ctx, v, scope)
		beta := graph.Scalar(g, dtype, h.Beta)
		vel := graph.Mul(beta, velVar.ValueGraph(g))
		if h.Form == MomentumEMA {
			vel = graph.Add(vel, graph.Mul(graph.OneMinus(beta), grad))
		} else {
			vel = graph.Add(vel, grad)
		}
		velVar.SetValueGraph(vel)
		d = vel
		if h.Form == Nesterov {
			d = graph.Add(grad, graph.Mul(beta, vel))
		}
	}
	if h.DecoupledWeightDecay > 0 {
		d = graph.Add(d, graph.MulScalar(w, h.DecoupledWeightDecay))
	}
	update := optimizers.ClipStepByValue(ctx, graph.Mul(lr, d))
	v.SetValueGraph(optimizers.ClipNaNsInUpdates(ctx, w, graph.Sub(w, update)))
}

// velocityVariable returns (creating it at zero if needed) the velocity of
// trainable variable v: /<scope><v's scope>/<v's name>_velocity.
func velocityVariable(ctx *context.Context, v *context.Variable, scope string) *context.Variable {
	path := context.ScopeSeparator + scope
	if v.Scope() != context.RootScope {
		path += v.Scope()
	}
	return ctx.Checked(false).InAbsPath(path).
		WithInitializer(initializers.Zero).
		VariableWithShape(v.Name()+"_velocity", v.Shape().Clone()).
		SetTrainable(false)
}

// clearScope deletes every variable under /<scope>.
func clearScope(ctx *context.Context, scope string) error {
	if err := ctx.InAbsPath(context.ScopeSeparator + scope).DeleteVariablesInScope(); err != nil {
		return fmt.Errorf("optim: clearing optimizer state in scope %q: %w", scope, err)
	}
	return nil
}
