package backprop_test

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/backends"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
)

var (
	backendOnce sync.Once
	sharedB     backends.Backend
	sharedErr   error
)

// TestMain creates the backend before any test or Example runs: the pure-Go
// backend prints its options to stdout once, which would spoil an Example's
// output.
func TestMain(m *testing.M) {
	_, _ = sharedBackend()
	os.Exit(m.Run())
}

// sharedBackend returns the backend GOMLX_BACKEND names, or the pure-Go "go"
// when it is unset, created once per test binary.
func sharedBackend() (backends.Backend, error) {
	backendOnce.Do(func() {
		config := strings.TrimSpace(os.Getenv(backend.EnvVar))
		if config == "" {
			config = backend.PureGo
		}
		sharedB, sharedErr = backend.NewWithConfig(config)
	})
	return sharedB, sharedErr
}

func testBackend(t testing.TB) backends.Backend {
	t.Helper()
	b, err := sharedBackend()
	if err != nil {
		t.Fatalf("creating the GoMLX backend: %v", err)
	}
	return b
}
