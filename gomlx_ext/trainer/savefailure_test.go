package trainer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/deepnb/deepnb/internal/atomicfile"
)

// TestFullDiskKeepsNewestCheckpoint fills the disk (a size-limited writer) after the checkpoint
// of step 4: the write of step 8 fails, the error says so and names checkpoint 4 as intact, no
// partial file is left, and the run resumes from step 4 to its end.
func TestFullDiskKeepsNewestCheckpoint(t *testing.T) {
	dir := t.TempDir()
	restore := func() {}
	defer func() { restore() }()
	_, _, err := resumeRun(t, dir, false, func(h *History) error {
		if n := len(h.Train); n > 0 && h.Train[n-1].Step == 6 {
			restore = atomicfile.LimitSpaceForTesting(1000) // far less than a checkpoint
		}
		return nil
	})
	restore()
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("training onto a full disk: got %v, want ENOSPC", err)
	}
	t.Log(err)
	for _, want := range []string{"step 8: saving checkpoint", "no space left on device",
		"the newest complete checkpoint, " + CheckpointName(4) + " (step 4), is intact and verified"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q", want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != CheckpointName(4) {
		t.Errorf("checkpoint directory holds %v, want only %s", entries, CheckpointName(4))
	}
	if _, err := LoadCheckpoint(filepath.Join(dir, CheckpointName(4))); err != nil {
		t.Errorf("checkpoint 4 after the full disk: %v", err)
	}
	res, _, err := resumeRun(t, dir, true, nil)
	if err != nil || res.ResumedStep != 4 || res.Steps != 30 {
		t.Fatalf("resuming after space was freed: %v, %+v; want steps 4 → 30", err, res)
	}
}
