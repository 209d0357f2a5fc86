package trainer

import (
	"fmt"
	"path/filepath"
)

// newestValidCheckpoint says, after a failed checkpoint write (a full disk, say), what the run can
// still resume from: writes are atomic, so the newest earlier checkpoint is untouched, and it is
// loaded and verified here so that the message is a fact, not a hope.
func (r *runState) newestValidCheckpoint() string {
	list, err := ListCheckpoints(r.cfg.CheckpointDir)
	if err != nil {
		return fmt.Sprintf("the checkpoint directory cannot be listed (%v)", err)
	}
	for i := len(list) - 1; i >= 0; i-- {
		if ck, err := LoadCheckpoint(list[i]); err == nil {
			return fmt.Sprintf("the newest complete checkpoint, %s (step %d), is intact and verified: free some space and resume from it",
				filepath.Base(list[i]), ck.State.Step)
		}
	}
	return "there is no complete earlier checkpoint to resume from"
}
