package trainer

import (
	"path/filepath"
	"testing"

	"github.com/gomlx/gomlx/pkg/ml/context"
)

func TestEarlyStoppingObserve(t *testing.T) {
	for _, tt := range []struct {
		name     string
		es       EarlyStopping
		values   []float64 // losses or accuracies, one evaluation per step 1, 2, …
		stopAt   int       // index of the evaluation that stops; -1: none
		bestStep int
	}{
		{"loss improves", EarlyStopping{Patience: 1}, []float64{3, 2, 1}, -1, 3},
		{"loss turns up", EarlyStopping{Patience: 2}, []float64{3, 2, 2.5, 2.1, 1}, 3, 2},
		{"min delta", EarlyStopping{Patience: 1, MinDelta: 0.5}, []float64{3, 2.8}, 1, 1},
		{"accuracy", EarlyStopping{Monitor: MonitorAccuracy, Patience: 1}, []float64{0.5, 0.7, 0.6}, 2, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var s EarlyStopState
			stopped := -1
			for i, v := range tt.values {
				p := Point{Step: i + 1, Loss: v, Accuracy: v}
				if _, stop := tt.es.observe(&s, p); stop {
					stopped = i
					break
				}
			}
			if stopped != tt.stopAt || s.Step != tt.bestStep {
				t.Errorf("stopped at evaluation %d with best step %d, want %d and %d", stopped, s.Step, tt.stopAt, tt.bestStep)
			}
		})
	}
}

// TestEarlyStoppingOnNoise trains on random labels: the training loss falls (memorisation) while
// the validation loss rises, so early stopping must end the run and restore the best weights.
func TestEarlyStoppingOnNoise(t *testing.T) {
	dir := t.TempDir()
	train := toyBatches(t, toyImages(t, "noise train", 48, 1, true), 16, true)
	eval := toyBatches(t, toyImages(t, "noise validation", 60, 2, true), 30, false)
	ctx := context.New()
	const epochs = 60
	res, err := Fit(testBackend(t), ctx, toyModel, train, eval, "validation", quiet(Config{
		Epochs: epochs, LearningRate: 0.03, CheckpointDir: dir,
		EarlyStopping: &EarlyStopping{Patience: 3, RestoreBest: true}}))
	if err != nil {
		t.Fatal(err)
	}
	h := res.History
	if !res.StoppedEarly || res.Epochs >= epochs {
		t.Fatalf("ran %d of %d epochs, stopped early: %v; want an early stop", res.Epochs, epochs, res.StoppedEarly)
	}
	best := h.Eval[0]
	for _, p := range h.Eval {
		if p.Loss < best.Loss {
			best = p
		}
	}
	if res.BestStep != best.Step {
		t.Errorf("best step %d, but the lowest validation loss %.4f was at step %d", res.BestStep, best.Loss, best.Step)
	}
	if last := h.Eval[len(h.Eval)-1]; last.Step-best.Step != 3*3 {
		t.Errorf("stopped at step %d, best at %d: want 3 evaluations (3 steps each) of patience", last.Step, best.Step)
	}
	saved, err := LoadCheckpoint(filepath.Join(dir, BestCheckpointName))
	if err != nil {
		t.Fatal(err)
	}
	bestCtx := context.New()
	if err := saved.Restore(bestCtx); err != nil {
		t.Fatal(err)
	}
	if saved.State.Step != best.Step {
		t.Errorf("%s holds step %d, want %d", BestCheckpointName, saved.State.Step, best.Step)
	}
	got, want := variableBytes(t, ctx), variableBytes(t, bestCtx)
	for _, name := range []string{"/hidden/weights", "/logits/weights", "/logits/biases"} {
		if string(got[name]) != string(want[name]) {
			t.Errorf("after Fit, %s is not the best step's value", name)
		}
	}
	t.Logf("stopped after %d epochs; best validation loss %.4f at step %d", res.Epochs, best.Loss, best.Step)
}
