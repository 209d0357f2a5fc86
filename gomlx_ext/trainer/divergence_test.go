package trainer

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/ml/context"
)

// divergingRun trains the toy model on random labels with Adam at learning rate 10: the weights
// grow by up to 10 a step, the model grows confidently wrong and the loss grows far past its
// early value, yet stays finite (Adam's steps are bounded by the rate).
func divergingRun(t *testing.T, dir string, factor float64) (*Result, error) {
	t.Helper()
	train := toyBatches(t, toyImages(t, "toy train", 160, 1, true), 16, true)
	return Fit(testBackend(t), context.New(), toyModel, train, nil, "validation", quiet(Config{
		Epochs: 6, LearningRate: 10, CheckpointDir: dir, CheckpointEvery: 1, KeepCheckpoints: -1, DivergenceFactor: factor}))
}

func TestDivergenceStopsTraining(t *testing.T) {
	dir := t.TempDir()
	_, err := divergingRun(t, dir, 0)
	if err == nil {
		t.Fatal("Adam at learning rate 10 trained 60 steps without a word; want a divergence error")
	}
	t.Log(err)
	for _, want := range []string{"training diverged: the training loss (moving average) is", "more than 10× its early value",
		"last batch losses", "lower the learning rate (10 now)", "predates it"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q", want)
		}
	}
	var step int
	if _, scanErr := fmtSscanStep(err.Error(), &step); scanErr != nil || step < 2 || step >= 60 {
		t.Fatalf("error %q: want it to start with the step (%v)", err, scanErr)
	}
	// The newest checkpoint predates the divergence and is valid.
	latest, ok, _ := LatestCheckpoint(dir)
	if !ok {
		t.Fatal("no checkpoint before the divergence")
	}
	ck, lerr := LoadCheckpoint(latest)
	if lerr != nil || ck.State.Step >= step || !strings.Contains(err.Error(), filepath.Base(latest)) {
		t.Errorf("newest checkpoint %s (step %v, %v) should predate step %d and be named in the error", latest, ck, lerr, step)
	}

	// Turned off, the same run trains to the end, through the smoothed losses the check stops at.
	res, err := divergingRun(t, t.TempDir(), -1)
	if err != nil {
		t.Fatalf("with the check off: %v", err)
	}
	peak := 0.0
	for _, p := range res.History.Train {
		peak = max(peak, p.Loss)
	}
	if first := res.History.Train[0].Loss; peak < DefaultDivergenceFactor*first {
		t.Errorf("with the check off the smoothed loss peaked at %g, below %d× its first %g: the test run no longer diverges, so the test proves nothing",
			peak, DefaultDivergenceFactor, first)
	}
}

func TestNonFiniteLossStopsTraining(t *testing.T) {
	images := toyImages(t, "toy train", 64, 1, false)
	train := toyBatches(t, images, 16, false)
	// After NewBatches's validation, which rejects a NaN pixel: the data of a custom dataset.
	images.Pixels[0] = float32(math.NaN())
	_, err := Fit(testBackend(t), context.New(), toyModel, train, nil, "validation", quiet(Config{Epochs: 1, DivergenceFactor: -1}))
	want := "step 1 (epoch 1): training diverged: the loss is NaN; last batch losses NaN; no checkpoint was written; " +
		"the loss of step 1 comes before any update, so check the inputs for NaN or infinite values (datasets.Images.Validate) " +
		"and the model for a log or division of zero before you lower the learning rate (0.001 now)"
	if err == nil || err.Error() != want {
		t.Errorf("a NaN pixel: got  %v\nwant a divergence error at step 1, even with the factor check off, pointing at the inputs: %s", err, want)
	}
	t.Logf("error line: %v", err)
}

func TestDivergenceFactorValidated(t *testing.T) {
	for _, f := range []float64{0.5, 1, math.NaN()} {
		if _, err := (Config{Epochs: 1, DivergenceFactor: f}).withDefaults(); err == nil || !strings.Contains(err.Error(), "DivergenceFactor") {
			t.Errorf("DivergenceFactor %g: got %v, want an error naming it", f, err)
		}
	}
}

func fmtSscanStep(s string, step *int) (int, error) { return fmt.Sscanf(s, "step %d ", step) }
