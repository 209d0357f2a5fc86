package manual_test

import (
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/backends"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
)

var (
	backendOnce sync.Once
	testBE      backends.Backend
	backendErr  error
)

// TestMain creates the backend before any test or Example runs: the pure-Go
// backend prints its options to stdout when created, which would spoil an
// Example's output.
func TestMain(m *testing.M) {
	_, _ = sharedBackend()
	os.Exit(m.Run())
}

// sharedBackend returns the backend $GOMLX_BACKEND names (the pure-Go "go"
// backend when it is unset), created once per test binary.
func sharedBackend() (backends.Backend, error) {
	backendOnce.Do(func() {
		config := os.Getenv(backend.EnvVar)
		if config == "" {
			config = backend.PureGo
		}
		testBE, backendErr = backend.NewWithConfig(config)
	})
	return testBE, backendErr
}

func testBackend(t *testing.T) backends.Backend {
	t.Helper()
	b, err := sharedBackend()
	if err != nil {
		t.Fatalf("creating GoMLX backend: %v", err)
	}
	return b
}

func assertClose(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.15g, want %.15g (tolerance %g)", what, got, want, tol)
	}
}

func assertSliceClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s has %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= tol) {
			t.Errorf("%s[%d] = %.15g, want %.15g (tolerance %g)", what, i, got[i], want[i], tol)
		}
	}
}

// assertErrorContains fails unless err is non-nil and mentions want.
func assertErrorContains(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want one containing %q", err, want)
	}
}
