package losses_test

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego" // registers the pure-Go backend "go"
)

var (
	backendOnce sync.Once
	backend     backends.Backend
	backendErr  error
)

// TestMain creates the backend before any test or Example runs: SimpleGo
// prints its options (e.g. "parallelism set to 2") to stdout, which would
// spoil the output an Example is checked against.
func TestMain(m *testing.M) {
	_, _ = sharedBackend()
	os.Exit(m.Run())
}

// sharedBackend returns the backend named by GOMLX_BACKEND, or the pure-Go
// backend "go" when it is unset, created once per test binary.
func sharedBackend() (backends.Backend, error) {
	backendOnce.Do(func() {
		config := os.Getenv("GOMLX_BACKEND")
		if config == "" {
			config = "go"
		}
		// NewWithConfig panics on an unknown backend name.
		defer func() {
			if r := recover(); r != nil {
				backendErr = fmt.Errorf("backend %q: %v", config, r)
			}
		}()
		backend, backendErr = backends.NewWithConfig(config)
		if backendErr != nil {
			backendErr = fmt.Errorf("backend %q: %w", config, backendErr)
		}
	})
	return backend, backendErr
}

// testBackend is sharedBackend for tests: it fails the test on error.
func testBackend(t testing.TB) backends.Backend {
	t.Helper()
	b, err := sharedBackend()
	if err != nil {
		t.Fatalf("creating GoMLX backend (only %q is compiled into these tests): %v", "go", err)
	}
	return b
}
