package trainer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/pkg/ml/context"
)

// trainedContext trains the toy model for one epoch and returns its context.
func trainedContext(t *testing.T) *context.Context {
	t.Helper()
	ctx := context.New()
	train := toyBatches(t, toyImages(t, "toy train", 96, 1, false), 16, true)
	if _, err := Fit(testBackend(t), ctx, toyModel, train, nil, "validation", quiet(Config{Epochs: 1, LearningRate: 0.02})); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// TestCheckpointRoundTrip saves a trained context, loads it into a fresh one and checks that the
// variables and the predictions are identical.
func TestCheckpointRoundTrip(t *testing.T) {
	ctx := trainedContext(t)
	ck, err := Capture(ctx, RunState{Step: 6, History: &History{EvalName: "validation"}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), CheckpointName(6))
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.State.Step != 6 || loaded.Path != path {
		t.Errorf("loaded step %d from %q, want 6 from %q", loaded.State.Step, loaded.Path, path)
	}
	fresh := context.New()
	if err := loaded.Restore(fresh); err != nil {
		t.Fatal(err)
	}
	assertSameVariables(t, "restored", variableBytes(t, fresh), variableBytes(t, ctx))

	test := toyImages(t, "toy test", 50, 3, false)
	want, got := toyLogits(t, ctx, test), toyLogits(t, fresh, test)
	if !slices.Equal(got, want) {
		t.Errorf("logits after save → load differ, want identical")
	}

	// Restoring into a context whose variable has another shape is an error naming it.
	other := context.New()
	other.InAbsPath("/hidden").VariableWithValue("weights", [][]float32{{1, 2}})
	if err := loaded.Restore(other); err == nil || !strings.Contains(err.Error(), "/hidden/weights") {
		t.Errorf("restoring into a mismatched model: got %v, want an error naming /hidden/weights", err)
	}
}

func TestDecodeRejectsForeignFiles(t *testing.T) {
	for _, tt := range []struct {
		name string
		data string
		want string
	}{
		{"empty", "", "not a DeepNB checkpoint"},
		{"other format", strings.Repeat("x", 100), "not a DeepNB checkpoint"},
		{"magic only", checkpointMagic + strings.Repeat("\x00", 40), "SHA-256 mismatch"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeCheckpoint([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestCheckpointWritesAreAtomic rewrites a checkpoint while another goroutine keeps loading it:
// every load must see a complete, verified checkpoint, and no temporary file may remain.
func TestCheckpointWritesAreAtomic(t *testing.T) {
	ctx := trainedContext(t)
	dir := t.TempDir()
	path := filepath.Join(dir, CheckpointName(1))
	ck, err := Capture(ctx, RunState{Step: 1, History: &History{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	const writes = 40
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for step := 2; step <= writes; step++ {
			ck.State.Step = step
			if err := ck.Save(path); err != nil {
				t.Errorf("save %d: %v", step, err)
				break
			}
		}
		close(done)
	}()
	reads := 0
	for stop := false; !stop; {
		select {
		case <-done:
			stop = true
		default:
		}
		if _, err := LoadCheckpoint(path); err != nil {
			t.Fatalf("read %d while rewriting: %v", reads, err)
		}
		reads++
	}
	wg.Wait()
	final, err := LoadCheckpoint(path)
	if err != nil || final.State.Step != writes {
		t.Fatalf("final checkpoint: step %v, %v; want %d", final, err, writes)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %v, want only %s", entries, CheckpointName(1))
	}
	t.Logf("%d reads during %d rewrites, all complete", reads, writes-1)
}

// TestInterruptedWriteIsNeverListed plays back what a kill during a write leaves behind — the
// temporary file of atomicfile.WriteFile, half-written — and checks that it is not a checkpoint
// and that the next run clears it away.
func TestInterruptedWriteIsNeverListed(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := resumeRun(t, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	complete, _ := ListCheckpoints(dir)
	newest, err := os.ReadFile(complete[len(complete)-1])
	if err != nil {
		t.Fatal(err)
	}
	partial := filepath.Join(dir, "."+CheckpointName(99)+".tmp-123456")
	if err := os.WriteFile(partial, newest[:len(newest)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	listed, _ := ListCheckpoints(dir)
	if len(listed) != len(complete) || listed[len(listed)-1] != complete[len(complete)-1] {
		t.Fatalf("with a half-written temporary file present, ListCheckpoints = %v, want %v", listed, complete)
	}
	res, _, err := resumeRun(t, dir, true, nil)
	if err != nil || res.ResumedStep != 30 {
		t.Fatalf("resuming next to a half-written temporary file: step %v, %v; want step 30", res, err)
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Errorf("the interrupted write %s was not cleared: %v", partial, err)
	}
}

func TestListAndPruneCheckpoints(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{CheckpointName(30), CheckpointName(4), CheckpointName(120), "checkpoint-x.ckpt", BestCheckpointName, "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	list, err := ListCheckpoints(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{CheckpointName(4), CheckpointName(30), CheckpointName(120)}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if strings.Join(list, ",") != strings.Join(want, ",") {
		t.Fatalf("ListCheckpoints = %v, want %v (step order, only step checkpoints)", list, want)
	}
	if err := pruneCheckpoints(dir, 2); err != nil {
		t.Fatal(err)
	}
	if list, _ = ListCheckpoints(dir); len(list) != 2 || list[0] != want[1] {
		t.Errorf("after keeping 2: %v, want %v", list, want[1:])
	}
	if _, err := os.Stat(filepath.Join(dir, BestCheckpointName)); err != nil {
		t.Errorf("pruning removed %s: %v", BestCheckpointName, err)
	}
	if list, err := ListCheckpoints(filepath.Join(dir, "missing")); err != nil || list != nil {
		t.Errorf("missing directory: %v, %v; want no checkpoints and no error", list, err)
	}
}
