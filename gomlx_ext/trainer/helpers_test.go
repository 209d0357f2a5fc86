package trainer

import (
	"bytes"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/deepnb/deepnb/internal/toydata"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

var (
	backendOnce      sync.Once
	testBackendValue backends.Backend
	backendErr       error
)

// TestMain creates the backend first: SimpleGo prints its options to stdout, which would spoil
// an Example's output.
func TestMain(m *testing.M) {
	backendOnce.Do(func() { testBackendValue, _, backendErr = backend.New() })
	os.Exit(m.Run())
}

// testBackend is the backend GOMLX_BACKEND names (pure Go by default), shared by all tests: tensors
// cannot move between backend instances.
func testBackend(t testing.TB) backends.Backend {
	t.Helper()
	if backendErr != nil {
		t.Fatalf("backend: %v", backendErr)
	}
	return testBackendValue
}

const (
	toyClasses = toydata.Classes
	toySide    = toydata.Side
)

// toyImages is toydata.Images, failing the test on an error.
func toyImages(t testing.TB, name string, n int, seed uint64, randomLabels bool) *datasets.Images {
	t.Helper()
	d, err := toydata.Images(name, n, seed, randomLabels)
	if err != nil {
		t.Fatalf("toy data: %v", err)
	}
	return d
}

func toyBatches(t testing.TB, d *datasets.Images, batch int, shuffle bool) *datasets.Batches {
	t.Helper()
	b, err := datasets.NewBatches(d, datasets.BatchConfig{BatchSize: batch, Shuffle: shuffle, Seed: 5, DropIncomplete: shuffle})
	if err != nil {
		t.Fatalf("batches: %v", err)
	}
	return b
}

// toyModel is toydata.Model.
var toyModel train.ModelFn = toydata.Model

// variableBytes reads every variable of ctx that checkpoints save, by scope and name, as raw
// bytes: equal maps mean bit-identical states.
func variableBytes(t testing.TB, ctx *context.Context) map[string][]byte {
	t.Helper()
	out := make(map[string][]byte)
	for v := range ctx.IterVariables() {
		if strings.HasPrefix(v.Scope()+context.ScopeSeparator, metricsScope) {
			continue
		}
		value, err := v.Value()
		if err != nil {
			t.Fatalf("variable %s: %v", v.ScopeAndName(), err)
		}
		if err := value.ConstBytes(func(raw []byte) { out[v.ScopeAndName()] = bytes.Clone(raw) }); err != nil {
			t.Fatalf("variable %s: %v", v.ScopeAndName(), err)
		}
	}
	return out
}

// assertSameVariables fails unless both contexts hold the same variables with identical bytes.
func assertSameVariables(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d variables, want %d (%v vs %v)", what, len(got), len(want), keys(got), keys(want))
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Fatalf("%s: variable %s missing", what, name)
		}
		if !bytes.Equal(g, w) {
			t.Fatalf("%s: variable %s differs", what, name)
		}
	}
}

func keys(m map[string][]byte) []string {
	var k []string
	for name := range m {
		k = append(k, name)
	}
	slices.Sort(k)
	return k
}

// quiet is a Config that prints nothing.
func quiet(cfg Config) Config {
	cfg.Progress = io.Discard
	return cfg
}

// toyLogits runs toyModel with the variables of ctx on every image of data, in one batch, and
// returns the logits row-major (package evaluate, which predicts for real, sits above trainer, so
// trainer's tests cannot use it).
func toyLogits(t testing.TB, ctx *context.Context, data *datasets.Images) []float32 {
	t.Helper()
	exec, err := context.NewExec(testBackend(t), ctx.Reuse(), func(ctx *context.Context, x *graph.Node) *graph.Node {
		return toyModel(ctx, nil, []*graph.Node{x})[0]
	})
	if err != nil {
		t.Fatal(err)
	}
	x := tensors.FromFlatDataAndDimensions(data.Pixels, data.N, data.Height, data.Width, data.Channels)
	out, err := exec.Exec(x)
	if err != nil {
		t.Fatal(err)
	}
	logits, err := tensors.CopyFlatData[float32](out[0])
	if err != nil {
		t.Fatal(err)
	}
	return logits
}
