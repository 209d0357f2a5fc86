// Package backendtest gives DeepNB's tests one GoMLX backend per test binary: the one
// $GOMLX_BACKEND names, else the pure-Go backend — never a PJRT plugin that happens to be installed,
// so tests behave the same on every machine unless asked otherwise.
package backendtest

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/gomlx/gomlx/backends"
)

var (
	once   sync.Once
	shared backends.Backend
	err    error
)

// Shared returns the test binary's backend, creating it on first use.
func Shared() (backends.Backend, error) {
	once.Do(func() {
		config := strings.TrimSpace(os.Getenv(backend.EnvVar))
		if config == "" {
			config = backend.PureGo
		}
		shared, err = backend.NewWithConfig(config)
	})
	return shared, err
}

// New is Shared for tests: it fails the test when the backend cannot be created.
func New(t testing.TB) backends.Backend {
	t.Helper()
	b, err := Shared()
	if err != nil {
		t.Fatalf("creating the GoMLX backend: %v", err)
	}
	return b
}

// Main creates the backend before any test or Example runs, then runs them: the pure-Go backend
// prints its options to stdout when created, which would spoil an Example's checked output.
func Main(m *testing.M) {
	_, _ = Shared()
	os.Exit(m.Run())
}
