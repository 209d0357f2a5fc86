package optim_test

import (
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
)

// The trainer problem: ŷ = X·w with X = I₂ and y = [3, −1], GoMLX's MSE
// (mean over the 2 outputs): L = ½((w₁ − 3)² + (w₂ + 1)²), ∇L = w − y.
var trainerY = []float64{3, -1}

func linearModel(ctx *context.Context, _ any, inputs []*graph.Node) []*graph.Node {
	x := inputs[0]
	w := ctx.VariableWithValue("w", []float64{0, 0}).ValueGraph(x.Graph())
	return []*graph.Node{graph.Dot(x, w)}
}

func trainSteps(t *testing.T, trainer *train.Trainer, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		x := tensors.FromValue([][]float64{{1, 0}, {0, 1}})
		y := tensors.FromValue(trainerY)
		if _, err := trainer.TrainStep(nil, []*tensors.Tensor{x}, []*tensors.Tensor{y}); err != nil {
			t.Fatalf("train step %d: %v", i+1, err)
		}
	}
}

// TestTrainerSGD: with constant α = 0.1, w ← w − 0.1(w − y) = 0.9w + 0.1y,
// so w_t = y·(1 − 0.9ᵗ): after 3 steps y·0.271 = [0.813, −0.271].
func TestTrainerSGD(t *testing.T) {
	ctx := context.New()
	trainer := train.NewTrainer(testBackend(t), ctx, linearModel, losses.MeanSquaredError, optim.SGD(0.1), nil, nil)
	trainSteps(t, trainer, 3)
	assertSliceClose(t, "w after 3 steps", readVar(t, ctx, context.RootScope, "w"), []float64{0.813, -0.271}, 1e-12)
	if got := trainer.GlobalStep(); got != 3 {
		t.Errorf("trainer global step = %d, want 3", got)
	}
}

// TestTrainerAccumulateGradients drives UpdateGraphWithGradients: 4 train
// steps accumulating 2 batches each are 2 optimizer steps with the mean of
// two identical gradients. EMA momentum (α = 0.1, β = 0.9) by hand:
//
//	1: ∇ = [−3, 1]         v = [−0.3, 0.1]    w = [0.03, −0.01]
//	2: ∇ = [−2.97, 0.99]   v = [−0.567, 0.189] w = [0.0867, −0.0289]
func TestTrainerAccumulateGradients(t *testing.T) {
	ctx := context.New()
	opt := optim.Momentum()
	trainer := train.NewTrainer(testBackend(t), ctx, linearModel, losses.MeanSquaredError, opt, nil, nil)
	if err := trainer.AccumulateGradients(2); err != nil {
		t.Fatalf("AccumulateGradients: %v", err)
	}
	trainSteps(t, trainer, 4)
	assertSliceClose(t, "w after 2 accumulated steps", readVar(t, ctx, context.RootScope, "w"), []float64{0.0867, -0.0289}, 1e-12)
	if got := optimizers.GetGlobalStep(ctx); got != 2 {
		t.Errorf("global step = %d, want 2", got)
	}

	ref, err := optim.NewReference(opt.Hyperparams(), 2)
	if err != nil {
		t.Fatalf("NewReference: %v", err)
	}
	w := []float64{0, 0}
	for i := 0; i < 2; i++ {
		if err := ref.Update(w, []float64{w[0] - trainerY[0], w[1] - trainerY[1]}); err != nil {
			t.Fatalf("Reference.Update: %v", err)
		}
	}
	assertSliceClose(t, "reference w", w, []float64{0.0867, -0.0289}, 1e-12)
}
