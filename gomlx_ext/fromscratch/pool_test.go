package fromscratch_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

func TestPoolingByHand(t *testing.T) {
	x, err := fromscratch.MapsFromGrid([][]float64{
		{1, 2, 0, -1},
		{3, 4, -2, -3},
		{0, 0, 5, 6},
		{1, -1, 7, 9},
	})
	if err != nil {
		t.Fatal(err)
	}
	maxed, err := fromscratch.MaxPool2D(x, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(maxed.Grid(0, 0)), fmt.Sprint([][]float64{{4, 0}, {1, 9}}); got != want {
		t.Errorf("max pool = %s, want %s", got, want)
	}
	meaned, err := fromscratch.MeanPool2D(x, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(meaned.Grid(0, 0)), fmt.Sprint([][]float64{{2.5, -1.5}, {0, 6.75}}); got != want {
		t.Errorf("mean pool = %s, want %s", got, want)
	}
	// Overlapping windows: 3×3 at stride 1 gives one value per 3×3 block.
	overlap, err := fromscratch.MaxPool2D(x, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(overlap.Grid(0, 0)), fmt.Sprint([][]float64{{5, 6}, {7, 9}}); got != want {
		t.Errorf("max pool 3×3 stride 1 = %s, want %s", got, want)
	}
}

// The loops give what GoMLX's MaxPool and MeanPool compute (forward; both run on every backend).
func TestPoolingEqualsGoMLX(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, tt := range []struct{ window, stride, h, w int }{{2, 2, 6, 8}, {2, 2, 7, 5}, {3, 1, 6, 6}, {3, 2, 9, 7}, {1, 1, 3, 4}} {
		name := fmt.Sprintf("w%d_s%d_%dx%d", tt.window, tt.stride, tt.h, tt.w)
		t.Run(name, func(t *testing.T) {
			x := randomMaps(rng, 2, tt.h, tt.w, 3)
			input := tensors.FromFlatDataAndDimensions(x.Data, x.Shape()...)
			maxed, err := fromscratch.MaxPool2D(x, tt.window, tt.stride)
			if err != nil {
				t.Fatal(err)
			}
			theirs, dims := execGraph(t, func(in []*graph.Node) *graph.Node {
				return graph.MaxPool(in[0]).Window(tt.window).Strides(tt.stride).NoPadding().Done()
			}, input)
			assertMapsEqual(t, "max "+name, maxed, theirs, dims, 0)

			meaned, err := fromscratch.MeanPool2D(x, tt.window, tt.stride)
			if err != nil {
				t.Fatal(err)
			}
			theirs, dims = execGraph(t, func(in []*graph.Node) *graph.Node {
				return graph.MeanPool(in[0]).Window(tt.window).Strides(tt.stride).NoPadding().Done()
			}, input)
			assertMapsEqual(t, "mean "+name, meaned, theirs, dims, 1e-14)
		})
	}
}

func TestPoolingErrors(t *testing.T) {
	x := randomMaps(rand.New(rand.NewPCG(1, 1)), 1, 3, 3, 1)
	for _, tt := range []struct {
		window, stride int
		want           string
	}{{4, 1, "does not fit"}, {2, 0, "stride 0"}, {0, 1, "kernel 0"}} {
		_, err := fromscratch.MaxPool2D(x, tt.window, tt.stride)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "MaxPool2D") {
			t.Errorf("MaxPool2D(window %d, stride %d) error = %v, want one naming MaxPool2D and containing %q", tt.window, tt.stride, err, tt.want)
		}
	}
	if _, err := fromscratch.MeanPool2D(fromscratch.Maps{N: 1, H: 2, W: 2, C: 1}, 2, 2); err == nil || !strings.Contains(err.Error(), "needs 4 values") {
		t.Errorf("MeanPool2D on maps without data: error = %v", err)
	}
}
