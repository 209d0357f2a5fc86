//go:build unix

package computebackend

import (
	"syscall"
	"time"
)

// processCPUTime is the CPU time (user + system) the process has used: on a machine shared
// with other jobs it measures the work a step needs where wall time measures the machine's load.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
