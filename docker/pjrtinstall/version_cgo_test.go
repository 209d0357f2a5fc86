//go:build cgo

package main

import (
	"testing"

	"github.com/gomlx/go-xla/pkg/pjrt"
)

// TestCPUPinMatchesGoXLA: the CPU plugin in the images is the one go-xla (pinned by go.mod)
// was tested against. Upgrading go-xla makes this fail until CPUPluginVersion follows.
func TestCPUPinMatchesGoXLA(t *testing.T) {
	if CPUPluginVersion != pjrt.DefaultCPUVersion {
		t.Errorf("CPUPluginVersion = %q, but go-xla's pjrt.DefaultCPUVersion is %q: update docker/pjrtinstall/pins.go and docker/README.md",
			CPUPluginVersion, pjrt.DefaultCPUVersion)
	}
}
