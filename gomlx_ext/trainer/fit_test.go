package trainer

import (
	"math"
	"regexp"
	"slices"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/metrics"

	"github.com/gomlx/gomlx/pkg/ml/context"
)

func TestFitHistory(t *testing.T) {
	train := toyBatches(t, toyImages(t, "toy train", 160, 1, false), 16, true)
	eval := toyBatches(t, toyImages(t, "toy validation", 60, 2, false), 30, false)
	var calls int
	res, err := Fit(testBackend(t), context.New(), toyModel, train, eval, "validation", quiet(Config{
		Epochs: 3, LearningRate: 0.02, RecordEvery: 5, EvalEvery: 4,
		OnRecord: func(*History) error { calls++; return nil }}))
	if err != nil {
		t.Fatal(err)
	}
	h := res.History
	if res.Steps != 30 || res.Examples != 480 || res.Epochs != 3 {
		t.Errorf("%d steps, %d examples, %d epochs; want 30, 480, 3", res.Steps, res.Examples, res.Epochs)
	}
	// Train points at step 1 and every 5 steps; evaluations every 4 steps and at epoch ends
	// (steps 10, 20, 30), without repeating step 20.
	var trainSteps, evalSteps []int
	for _, p := range h.Train {
		trainSteps = append(trainSteps, p.Step)
	}
	for _, p := range h.Eval {
		evalSteps = append(evalSteps, p.Step)
	}
	if got, want := trainSteps, []int{1, 5, 10, 15, 20, 25, 30}; !slices.Equal(got, want) {
		t.Errorf("train points at steps %v, want %v", got, want)
	}
	if got, want := evalSteps, []int{4, 8, 10, 12, 16, 20, 24, 28, 30}; !slices.Equal(got, want) {
		t.Errorf("evaluations at steps %v, want %v", got, want)
	}
	if len(h.Epochs) != 3 || h.Epochs[2].Epoch != 3 || h.Epochs[2].Step != 30 || h.Eval[len(h.Eval)-1].Epoch != 3 {
		t.Fatalf("epoch summaries %+v", h.Epochs)
	}
	for _, e := range h.Epochs {
		if !(e.TrainLoss > 0) || !(e.TrainAccuracy > 0) || !(e.EvalLoss > 0) || e.LearningRate != 0.02 {
			t.Errorf("epoch %+v: want positive train and eval numbers and learning rate 0.02", e)
		}
	}
	if first, last := h.Epochs[0], h.Epochs[2]; !(last.TrainLoss < first.TrainLoss) || last.EvalAccuracy < 0.9 {
		t.Errorf("no learning on separable toy data: epoch 1 %+v, epoch 3 %+v", first, last)
	}
	if calls != len(h.Train)+len(h.Eval)+len(h.Epochs) {
		t.Errorf("OnRecord called %d times, want one per train point, evaluation and epoch (%d)",
			calls, len(h.Train)+len(h.Eval)+len(h.Epochs))
	}
}

// TestDivergenceStopsWithTheStep trains with an absurd learning rate: the loss overflows and Fit
// must stop with an error naming the step.
func TestDivergenceStopsWithTheStep(t *testing.T) {
	train := toyBatches(t, toyImages(t, "toy train", 160, 1, false), 16, true)
	_, err := Fit(testBackend(t), context.New(), toyModel, train, nil, "validation", quiet(Config{
		Epochs: 5, LearningRate: 1e30}))
	if err == nil {
		t.Fatal("training with learning rate 1e30 succeeded, want a divergence error")
	}
	t.Logf("error: %v", err)
	if !regexp.MustCompile(`^step \d+ \(epoch \d+\): training diverged: the loss is (NaN|\+Inf|-Inf)`).MatchString(err.Error()) {
		t.Errorf("error %q does not name the step and the non-finite loss", err)
	}
}

// TestEvaluationIsExact evaluates on a held-out set of 32 clean images then 18 with random
// labels, in batches of 32 and 18: the recorded accuracy must be the fraction of all 50
// examples, not the mean of the two batch accuracies.
func TestEvaluationIsExact(t *testing.T) {
	b := testBackend(t)
	train := toyBatches(t, toyImages(t, "toy train", 160, 1, false), 16, true)
	heldOut := toyImages(t, "held out", 50, 2, false)
	noise := toyImages(t, "noise", 18, 3, true)
	copy(heldOut.Labels[32:], noise.Labels)
	copy(heldOut.Pixels[32*toySide*toySide:], noise.Pixels)
	ctx := context.New()
	res, err := Fit(b, ctx, toyModel, train, toyBatches(t, heldOut, 32, false), "validation", quiet(Config{Epochs: 3, LearningRate: 0.02}))
	if err != nil {
		t.Fatal(err)
	}
	predicted := metrics.ArgMax(toyLogits(t, ctx, heldOut), toyClasses)
	want, _ := metrics.Accuracy(heldOut.Labels, predicted, toyClasses)
	first, _ := metrics.Accuracy(heldOut.Labels[:32], predicted[:32], toyClasses)
	second, _ := metrics.Accuracy(heldOut.Labels[32:], predicted[32:], toyClasses)
	if first == second {
		t.Fatalf("both batches have accuracy %g: the test cannot tell the weighting apart", first)
	}
	if got, _ := res.History.LastEval(); math.Abs(got.Accuracy-want) > 1e-6 {
		t.Errorf("held-out accuracy %.6f in the history, %.6f over all 50 examples (batches: %.4f, %.4f)", got.Accuracy, want, first, second)
	}
}
