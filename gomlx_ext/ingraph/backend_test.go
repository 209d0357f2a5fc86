package ingraph_test

import (
	"testing"

	"github.com/deepnb/deepnb/internal/backendtest"
	"github.com/gomlx/gomlx/backends"
)

// The test binary's GoMLX backend: see internal/backendtest.

func TestMain(m *testing.M) { backendtest.Main(m) }

func sharedBackend() (backends.Backend, error) { return backendtest.Shared() }

func testBackend(t testing.TB) backends.Backend { return backendtest.New(t) }
