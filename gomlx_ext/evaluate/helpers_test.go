package evaluate

import (
	"io"
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/internal/backendtest"
	"github.com/deepnb/deepnb/internal/toydata"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// The test binary's GoMLX backend: see internal/backendtest.
func TestMain(m *testing.M) { backendtest.Main(m) }

func testBackend(t testing.TB) backends.Backend { return backendtest.New(t) }

const toyClasses = toydata.Classes

// toyImages is toydata.Images, failing the test on an error.
func toyImages(t testing.TB, name string, n int, seed uint64) *datasets.Images {
	t.Helper()
	d, err := toydata.Images(name, n, seed, false)
	if err != nil {
		t.Fatalf("toy data: %v", err)
	}
	return d
}

// toyModel is toydata.Model.
var toyModel train.ModelFn = toydata.Model

// quiet is a Config that prints nothing.
func quiet(cfg trainer.Config) trainer.Config {
	cfg.Progress = io.Discard
	return cfg
}
