package trainer

import (
	"strings"
	"testing"
)

// TestSummaryWithoutHeldOutSet checks that a run without a held-out set does not report a held-out
// loss and accuracy of 0, but the last epoch's training means.
func TestSummaryWithoutHeldOutSet(t *testing.T) {
	r := &Result{Epochs: 1, Steps: 10, History: &History{Epochs: []EpochPoint{{Epoch: 1, TrainLoss: 0.5, TrainAccuracy: 0.8}}}}
	got := r.Summary()
	if strings.Contains(got, "accuracy 0.0000") || !strings.Contains(got, "training loss 0.5000 accuracy 0.8000") {
		t.Errorf("Summary() = %q, want the last epoch's training loss 0.5000 and accuracy 0.8000", got)
	}
	r.History.EvalName = "validation"
	r.History.Eval = []Point{{Loss: 0.25, Accuracy: 0.9}}
	if got := r.Summary(); !strings.Contains(got, "validation loss 0.2500 accuracy 0.9000") {
		t.Errorf("Summary() = %q, want the validation loss 0.2500 and accuracy 0.9000", got)
	}
}
