//go:build !unix

package computebackend

import "time"

// processCPUTime is not measured here; benchmarks then report 0 CPU ms/step.
func processCPUTime() time.Duration { return 0 }
