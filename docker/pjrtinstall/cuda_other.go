//go:build !(linux && amd64)

package main

import (
	"fmt"
	"runtime"
)

// installCUDA: JAX publishes its CUDA PJRT wheels for linux/amd64 only (as far as go-xla's
// installer is concerned).
func installCUDA(p plan) error {
	return fmt.Errorf("the CUDA plugin is installed on linux/amd64 only, not %s/%s", runtime.GOOS, runtime.GOARCH)
}
