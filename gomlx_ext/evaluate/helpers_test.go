package evaluate

import (
	"io"
	"math/rand/v2"
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/layers"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/internal/backendtest"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
)

// The test binary's GoMLX backend: see internal/backendtest.
func TestMain(m *testing.M) { backendtest.Main(m) }

func testBackend(t testing.TB) backends.Backend { return backendtest.New(t) }

const (
	toyClasses = 3
	toySide    = 4
)

// toyImages returns n 4×4 grey images of 3 classes: class c lights up row c, plus noise.
func toyImages(t testing.TB, name string, n int, seed uint64) *datasets.Images {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	d := &datasets.Images{Name: name, N: n, Height: toySide, Width: toySide, Channels: 1,
		Pixels: make([]float32, n*toySide*toySide), Labels: make([]int32, n), ClassNames: []string{"a", "b", "c"}}
	for i := range n {
		c := int32(i % toyClasses)
		img := d.Pixels[i*toySide*toySide : (i+1)*toySide*toySide]
		for j := range img {
			img[j] = float32(rng.Float64() * 0.6)
		}
		for x := range toySide {
			img[int(c)*toySide+x] = float32(0.6 + 0.4*rng.Float64())
		}
		d.Labels[i] = c
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("toy data: %v", err)
	}
	return d
}

// toyModel is a 16-12-3 MLP.
func toyModel(ctx *context.Context, _ any, inputs []*graph.Node) []*graph.Node {
	x := inputs[0]
	x = graph.Reshape(x, x.Shape().Dimensions[0], -1)
	x = activations.Relu(layers.Dense(ctx.In("hidden"), x, 12))
	return []*graph.Node{layers.Dense(ctx.In("logits"), x, toyClasses)}
}

// quiet is a Config that prints nothing.
func quiet(cfg trainer.Config) trainer.Config {
	cfg.Progress = io.Discard
	return cfg
}
