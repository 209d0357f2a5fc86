package trainer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const (
	checkpointPrefix = "checkpoint-"
	checkpointSuffix = ".ckpt"
	// BestCheckpointName is the file in the checkpoint directory that holds the best weights seen
	// by early stopping (EarlyStopping.RestoreBest).
	BestCheckpointName = "best" + checkpointSuffix
)

// CheckpointName is the file name of the checkpoint written after step, e.g.
// "checkpoint-000001200.ckpt": names sort in step order.
func CheckpointName(step int) string {
	return fmt.Sprintf("%s%09d%s", checkpointPrefix, step, checkpointSuffix)
}

// ListCheckpoints returns the paths of the step checkpoints in dir, oldest step first. A missing
// directory has none. Temporary files of interrupted writes are not checkpoints and are never
// listed.
func ListCheckpoints(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing checkpoints: %w", err)
	}
	type found struct {
		step int
		path string
	}
	var list []found
	for _, e := range entries {
		step, ok := checkpointStep(e.Name())
		if ok && e.Type().IsRegular() {
			list = append(list, found{step, filepath.Join(dir, e.Name())})
		}
	}
	slices.SortFunc(list, func(a, b found) int { return a.step - b.step })
	paths := make([]string, len(list))
	for i, f := range list {
		paths[i] = f.path
	}
	return paths, nil
}

// LatestCheckpoint returns the newest step checkpoint in dir; ok is false when there is none.
func LatestCheckpoint(dir string) (path string, ok bool, err error) {
	list, err := ListCheckpoints(dir)
	if err != nil || len(list) == 0 {
		return "", false, err
	}
	return list[len(list)-1], true, nil
}

// checkpointStep parses "checkpoint-<step>.ckpt".
func checkpointStep(name string) (int, bool) {
	digits, ok := strings.CutPrefix(name, checkpointPrefix)
	if !ok {
		return 0, false
	}
	digits, ok = strings.CutSuffix(digits, checkpointSuffix)
	if !ok || digits == "" {
		return 0, false
	}
	step, err := strconv.Atoi(digits)
	if err != nil || step < 0 {
		return 0, false
	}
	return step, true
}

// removeTemporaries deletes what interrupted checkpoint writes left in dir: atomicfile's
// ".<name>.tmp-*" files. Only one run may write to a checkpoint directory at a time.
func removeTemporaries(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("checkpoint directory: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.Contains(name, checkpointSuffix+".tmp-") {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing interrupted checkpoint write: %w", err)
		}
	}
	return nil
}

// pruneCheckpoints deletes all but the newest keep step checkpoints in dir (keep < 0: none).
func pruneCheckpoints(dir string, keep int) error {
	if keep < 0 {
		return nil
	}
	list, err := ListCheckpoints(dir)
	if err != nil {
		return err
	}
	for len(list) > keep {
		if err := os.Remove(list[0]); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing old checkpoint: %w", err)
		}
		list = list[1:]
	}
	return nil
}
