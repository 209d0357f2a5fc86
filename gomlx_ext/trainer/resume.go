package trainer

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// resume restores the newest checkpoint of CheckpointDir into the context and the run state, and
// positions data where the checkpointed run would have continued. Without a checkpoint the run
// starts fresh.
func (r *runState) resume(data train.Dataset) error {
	dir := r.cfg.CheckpointDir
	path, ok, err := LatestCheckpoint(dir)
	if err != nil {
		return fmt.Errorf("resuming: %w", err)
	}
	if !ok {
		fmt.Fprintf(r.cfg.Progress, "no checkpoint in %s: starting from step 0\n", dir)
		return nil
	}
	ck, err := LoadCheckpoint(path)
	if err != nil {
		older, _ := ListCheckpoints(dir)
		older = older[:len(older)-1]
		hint := "no older checkpoint to fall back on"
		if len(older) > 0 {
			hint = fmt.Sprintf("older checkpoints are kept (%s is the newest of them): move the damaged file away to resume from it",
				filepath.Base(older[len(older)-1]))
		}
		return fmt.Errorf("resuming: %w; %s", err, hint)
	}
	if err := checkSettings(path, ck.State.Settings, r.state.Settings); err != nil {
		return err
	}
	if err := ck.Restore(r.ctx); err != nil {
		return fmt.Errorf("resuming: %w", err)
	}
	evalName := r.state.History.EvalName
	r.state = ck.State
	r.state.History = ck.State.History.clone()
	if r.state.History.EvalName == "" {
		r.state.History.EvalName = evalName
	}
	if es := r.cfg.EarlyStopping; es != nil && es.RestoreBest && r.state.Best.Step > 0 {
		best, err := LoadCheckpoint(filepath.Join(dir, BestCheckpointName))
		if err != nil {
			return fmt.Errorf("resuming: the best weights (step %d) for RestoreBest: %w", r.state.Best.Step, err)
		}
		if best.State.Step != r.state.Best.Step {
			return fmt.Errorf("resuming: %s holds step %d, the checkpoint's best step is %d", best.Path, best.State.Step, r.state.Best.Step)
		}
		r.best = best
	}
	r.resumedFrom, r.resumedStep, r.lastCheckpoint = path, ck.State.Step, path
	r.resumedVariables = ck.variableKeys()
	// A run with no epoch left trains no more: its data need not be positioned (which costs one
	// Reset per epoch done, so the epoch count of a crafted checkpoint could stall it).
	if r.state.Epoch >= r.cfg.Epochs {
		fmt.Fprintf(r.cfg.Progress, "resuming from %s: step %d, epoch %d of %d done: nothing left to train\n",
			path, ck.State.Step, ck.State.Epoch, r.cfg.Epochs)
		return nil
	}
	if err := position(data, r.state.Epoch, r.state.StepInEpoch); err != nil {
		return fmt.Errorf("resuming from %s: %w", path, err)
	}
	fmt.Fprintf(r.cfg.Progress, "resuming from %s: step %d (epoch %d, batch %d)\n",
		path, ck.State.Step, ck.State.Epoch+1, ck.State.StepInEpoch)
	return nil
}

// position advances data, which must be at the start of its first epoch, to batch `batches` of
// epoch `epoch`: one Reset per finished epoch (that is how Fit moves from one epoch to the next),
// then the batches already trained on. datasets.Batches is skipped without building tensors.
func position(data train.Dataset, epoch, batches int) error {
	for range epoch {
		data.Reset()
	}
	type batchSkipper interface {
		NextBatch() (pixels []float32, labels []int32, n int, err error)
	}
	for i := range batches {
		var err error
		if skipper, ok := data.(batchSkipper); ok {
			_, _, _, err = skipper.NextBatch()
		} else {
			var inputs, labels []*tensors.Tensor
			_, inputs, labels, err = data.Yield()
			finalize(inputs, labels)
		}
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s has only %d batches in epoch %d, the checkpoint was after %d", data.Name(), i, epoch+1, batches)
		}
		if err != nil {
			return fmt.Errorf("skipping batch %d of epoch %d of %s: %w", i+1, epoch+1, data.Name(), err)
		}
	}
	return nil
}
