package trainer

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/ml/context"
)

// resumeRun trains the toy model for 3 epochs of 10 steps with a checkpoint every 4 steps.
func resumeRun(t *testing.T, dir string, resume bool, onRecord func(*History) error) (*Result, *context.Context, error) {
	t.Helper()
	train := toyBatches(t, toyImages(t, "toy train", 160, 1, false), 16, true)
	eval := toyBatches(t, toyImages(t, "toy validation", 60, 2, false), 30, false)
	ctx := context.New()
	res, err := Fit(testBackend(t), ctx, toyModel, train, eval, "validation", quiet(Config{
		Epochs: 3, LearningRate: 0.02, RecordEvery: 2, CheckpointDir: dir, CheckpointEvery: 4,
		KeepCheckpoints: -1, Resume: resume, OnRecord: onRecord}))
	return res, ctx, err
}

// TestResumeMatchesUninterrupted interrupts a run, resumes it from its newest checkpoint (in the
// middle of an epoch), and checks that it ends bit-for-bit where an uninterrupted run ends: same
// weights, optimizer moments, step, random generator and history.
func TestResumeMatchesUninterrupted(t *testing.T) {
	want, wantCtx, err := resumeRun(t, t.TempDir(), false, nil)
	if err != nil {
		t.Fatalf("uninterrupted run: %v", err)
	}
	if want.Steps != 30 || len(want.History.Epochs) != 3 || len(want.History.Eval) != 3 {
		t.Fatalf("uninterrupted run: %d steps, %d epoch summaries, %d evaluations; want 30, 3, 3",
			want.Steps, len(want.History.Epochs), len(want.History.Eval))
	}

	dir := t.TempDir()
	interrupt := errors.New("interrupted")
	_, _, err = resumeRun(t, dir, false, func(h *History) error {
		if n := len(h.Train); n > 0 && h.Train[n-1].Step == 18 {
			return interrupt
		}
		return nil
	})
	if !errors.Is(err, interrupt) {
		t.Fatalf("interrupted run: got error %v, want the interruption", err)
	}
	latest, ok, err := LatestCheckpoint(dir)
	if err != nil || !ok || filepath.Base(latest) != CheckpointName(16) {
		t.Fatalf("newest checkpoint after the interruption at step 18: %q, %v, %v; want %s", latest, ok, err, CheckpointName(16))
	}

	got, gotCtx, err := resumeRun(t, dir, true, nil)
	if err != nil {
		t.Fatalf("resumed run: %v", err)
	}
	if got.ResumedStep != 16 || got.ResumedFrom != latest {
		t.Errorf("resumed from %q step %d, want %q step 16", got.ResumedFrom, got.ResumedStep, latest)
	}
	if got.Steps != want.Steps || got.Examples != want.Examples {
		t.Errorf("resumed run ended at step %d after %d examples, uninterrupted at %d after %d",
			got.Steps, got.Examples, want.Steps, want.Examples)
	}
	assertSameVariables(t, "resumed vs uninterrupted", variableBytes(t, gotCtx), variableBytes(t, wantCtx))
	if !reflect.DeepEqual(got.History, want.History) {
		t.Errorf("histories differ:\nresumed:       %+v\nuninterrupted: %+v", got.History, want.History)
	}
	if got.Checkpoint != filepath.Join(dir, CheckpointName(30)) {
		t.Errorf("final checkpoint %q, want %s", got.Checkpoint, CheckpointName(30))
	}

	// Resuming a finished run trains no more and reports the same history.
	again, _, err := resumeRun(t, dir, true, nil)
	if err != nil || again.Steps != 30 || !reflect.DeepEqual(again.History, want.History) {
		t.Errorf("resuming a finished run: %v, %d steps; want no error, 30 steps and the same history", err, again.Steps)
	}
}

func TestResumeRefusesOtherSettings(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := resumeRun(t, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	train := toyBatches(t, toyImages(t, "toy train", 160, 1, false), 16, true)
	_, err := Fit(testBackend(t), context.New(), toyModel, train, nil, "validation", quiet(Config{
		Epochs: 3, LearningRate: 0.05, CheckpointDir: dir, Resume: true}))
	if err == nil || !strings.Contains(err.Error(), "other settings") {
		t.Fatalf("resuming with another learning rate: got %v, want an error about other settings", err)
	}
}

// TestCorruptNewestCheckpoint damages the newest checkpoint: resuming must fail with an error that
// names it, and leave every checkpoint where it was.
func TestCorruptNewestCheckpoint(t *testing.T) {
	for _, tt := range []struct {
		name    string
		corrupt func(data []byte) []byte
	}{
		{"flipped byte", func(d []byte) []byte { d[len(d)/2] ^= 0x40; return d }},
		{"truncated", func(d []byte) []byte { return d[:len(d)-100] }},
		{"empty", func([]byte) []byte { return nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, _, err := resumeRun(t, dir, false, nil); err != nil {
				t.Fatal(err)
			}
			before, _ := ListCheckpoints(dir)
			newest := before[len(before)-1]
			data, err := os.ReadFile(newest)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(newest, tt.corrupt(data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err = resumeRun(t, dir, true, nil)
			if err == nil || !strings.Contains(err.Error(), newest) {
				t.Fatalf("resuming from a damaged checkpoint: got %v, want an error naming %s", err, newest)
			}
			if !strings.Contains(err.Error(), filepath.Base(before[len(before)-2])) {
				t.Errorf("error %q does not point at the older checkpoint %s", err, filepath.Base(before[len(before)-2]))
			}
			after, _ := ListCheckpoints(dir)
			if !reflect.DeepEqual(after, before) {
				t.Errorf("checkpoints changed: before %v, after %v", before, after)
			}
			if _, err := LoadCheckpoint(before[len(before)-2]); err != nil {
				t.Errorf("the older checkpoint no longer loads: %v", err)
			}
		})
	}
}
