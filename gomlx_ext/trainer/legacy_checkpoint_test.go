package trainer

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gomlx/gomlx/pkg/ml/context"
)

// The files in testdata were written by the checkpoint code of 2026-11-30 (format v1), before
// the packages were reorganised; they must keep loading. Set DEEPNB_WRITE_LEGACY_CHECKPOINT=1 to
// write them again — only when the format changes on purpose, and then keep the old file too.
const (
	legacyCheckpointFile = "testdata/checkpoint-v1-toy.ckpt"
	legacyLogitsFile     = "testdata/checkpoint-v1-toy.logits.json"
)

// legacyLogits runs toyModel with the variables of ctx on a fixed toy test set and returns its
// logits, row by row.
func legacyLogits(t *testing.T, ctx *context.Context) [][]float32 {
	t.Helper()
	flat := toyLogits(t, ctx, toyImages(t, "toy test", 12, 3, false))
	rows := make([][]float32, len(flat)/toyClasses)
	for i := range rows {
		rows[i] = flat[i*toyClasses : (i+1)*toyClasses]
	}
	return rows
}

// TestWriteLegacyCheckpoint writes the legacy files when asked to (see above).
func TestWriteLegacyCheckpoint(t *testing.T) {
	if os.Getenv("DEEPNB_WRITE_LEGACY_CHECKPOINT") != "1" {
		t.Skip("set DEEPNB_WRITE_LEGACY_CHECKPOINT=1 to write " + legacyCheckpointFile)
	}
	dir := t.TempDir()
	ctx := context.New()
	train := toyBatches(t, toyImages(t, "toy train", 96, 1, false), 16, true)
	res, err := Fit(testBackend(t), ctx, toyModel, train, nil, "validation",
		quiet(Config{Epochs: 2, LearningRate: 0.02, CheckpointDir: dir}))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(res.Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(legacyCheckpointFile, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(legacyLogits(t, ctx), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(legacyLogitsFile, js, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLegacyCheckpointLoads loads a checkpoint written by the old code, restores it into a fresh
// context and checks that the model computes the logits it computed when the file was written.
func TestLegacyCheckpointLoads(t *testing.T) {
	ck, err := LoadCheckpoint(filepath.FromSlash(legacyCheckpointFile))
	if err != nil {
		t.Fatalf("checkpoint written by the old code no longer loads: %v", err)
	}
	if ck.State.Step != 12 || ck.State.Epoch != 2 || !ck.State.Finished || ck.State.History == nil {
		t.Errorf("legacy state: step %d, epoch %d, finished %v, history %v; want step 12, epoch 2, finished, a history",
			ck.State.Step, ck.State.Epoch, ck.State.Finished, ck.State.History != nil)
	}
	fresh := context.New()
	if err := ck.Restore(fresh); err != nil {
		t.Fatalf("restore legacy checkpoint: %v", err)
	}
	raw, err := os.ReadFile(legacyLogitsFile)
	if err != nil {
		t.Fatal(err)
	}
	var want [][]float32
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%s: %v", legacyLogitsFile, err)
	}
	got := legacyLogits(t, fresh)
	if len(got) != len(want) {
		t.Fatalf("%d rows of logits, want %d", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			if math.Abs(float64(got[i][j]-want[i][j])) > 1e-6 {
				t.Fatalf("logit [%d][%d] = %g after loading the legacy checkpoint, want %g", i, j, got[i][j], want[i][j])
			}
		}
	}
}
