package atomicfile

import (
	"os"
	"sync"
	"syscall"
)

// A full disk is the one write failure a long training run is likely to meet, and the hardest to
// produce on purpose. LimitSpaceForTesting gives every WriteFile in the process a shared budget of
// bytes, after which writes fail as a full disk's do (ENOSPC), so that tests of the packages above
// can check what a full disk leaves behind.

var space struct {
	sync.Mutex
	limited bool
	left    int64
}

// LimitSpaceForTesting makes WriteFile behave as on a disk with n bytes free, shared by every
// write in the process until restore is called: the write that crosses the limit writes what fits
// and fails with syscall.ENOSPC. For tests only.
func LimitSpaceForTesting(n int64) (restore func()) {
	space.Lock()
	defer space.Unlock()
	space.limited, space.left = true, n
	return func() {
		space.Lock()
		defer space.Unlock()
		space.limited = false
	}
}

// write writes data to f within the space limit, if one is set.
func write(f *os.File, data []byte) error {
	space.Lock()
	allowed := int64(len(data))
	if space.limited {
		allowed = min(allowed, space.left)
		space.left -= allowed
	}
	space.Unlock()
	if _, err := f.Write(data[:allowed]); err != nil {
		return err
	}
	if allowed < int64(len(data)) {
		return &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return nil
}
