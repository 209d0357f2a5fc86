package optim_test

import (
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/checkpoints"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
)

// TestStateSurvivesCheckpoint: classical momentum (α = 0.1, β = 0.9) runs
// two steps (w = [0.72, 0], v = [1.8, −12], see TestHandComputedUpdates),
// is saved, loaded into a fresh context, and takes the third step. Only a
// restored velocity gives w = [0.486, 1.08]; a velocity restarted at zero
// would give v = ∇L = [0.72, 0] and w = [0.648, 0].
func TestStateSurvivesCheckpoint(t *testing.T) {
	dir := t.TempDir()
	newOpt := func() optimizers.Interface { return optim.Momentum().Form(optim.Classical) }

	ctx := context.New()
	handler, err := checkpoints.Build(ctx).Dir(dir).Done()
	if err != nil {
		t.Fatalf("checkpoint handler: %v", err)
	}
	step := stepper(t, ctx, newOpt(), quadraticLoss)
	step()
	assertSliceClose(t, "w after 2 steps", step(), []float64{0.72, 0}, 1e-12)
	if err := handler.Save(); err != nil {
		t.Fatalf("saving checkpoint: %v", err)
	}

	restored := context.New()
	if _, err := checkpoints.Load(restored).Dir(dir).Done(); err != nil {
		t.Fatalf("loading checkpoint: %v", err)
	}
	step = stepper(t, restored, newOpt(), quadraticLoss)
	assertSliceClose(t, "w after the restored 3rd step", step(), []float64{0.486, 1.08}, 1e-12)
	assertSliceClose(t, "restored velocity after 3rd step",
		readVar(t, restored, "/"+optim.DefaultMomentumScope, "w_velocity"), []float64{2.34, -10.8}, 1e-12)
	if got := optimizers.GetGlobalStep(restored); got != 3 {
		t.Errorf("global step after restore + 1 step = %d, want 3", got)
	}
}

// TestClear: Clear deletes the velocities and nothing else; a new training
// step then restarts momentum from zero: from w = [0.72, 0] (2 classical
// steps), v = ∇L = [0.72, 0] and w = [0.648, 0].
func TestClear(t *testing.T) {
	ctx := context.New()
	opt := optim.Momentum().Form(optim.Classical)
	step := stepper(t, ctx, opt, quadraticLoss)
	step()
	step()
	if err := opt.Clear(ctx); err != nil {
		t.Fatalf("Clear: %v", err)
	}
	if v := ctx.GetVariableByScopeAndName("/"+optim.DefaultMomentumScope, "w_velocity"); v != nil {
		t.Fatalf("velocity still present after Clear: %v", v)
	}
	assertSliceClose(t, "w kept by Clear", readVar(t, ctx, context.RootScope, "w"), []float64{0.72, 0}, 1e-12)
	if got := optimizers.GetGlobalStep(ctx); got != 2 {
		t.Errorf("global step after Clear = %d, want 2 (it is not the optimizer's own state)", got)
	}
	// Executors compiled before Clear refer to the deleted variables: build a new one.
	step = stepper(t, ctx, opt, quadraticLoss)
	assertSliceClose(t, "w after restarting momentum", step(), []float64{0.648, 0}, 1e-12)

	if err := optim.SGD(0.1).Clear(ctx); err != nil {
		t.Errorf("SGD Clear: %v", err)
	}
}

// TestVelocityScopeFollowsVariable: a variable in scope /layer0/dense gets
// its velocity in /MomentumOptimizer/layer0/dense, and a custom scope is honoured.
func TestVelocityScopeFollowsVariable(t *testing.T) {
	ctx := context.New()
	opt := optim.Momentum().Scope("mom2")
	exec, err := context.NewExec(testBackend(t), ctx, func(ctx *context.Context, g *graph.Graph) *graph.Node {
		w := ctx.In("layer0").In("dense").VariableWithValue("weights", []float64{2}).ValueGraph(g)
		loss := graph.ReduceAllSum(graph.Mul(w, w)) // ∇ = 2w = 4, EMA velocity 0.1·4 = 0.4
		opt.UpdateGraph(ctx, g, loss)
		return loss
	})
	if err != nil {
		t.Fatalf("NewExec: %v", err)
	}
	if _, err := exec.Exec(); err != nil {
		t.Fatalf("Exec: %v", err)
	}
	assertSliceClose(t, "velocity", readVar(t, ctx, "/mom2/layer0/dense", "weights_velocity"), []float64{0.4}, 1e-12)
}
