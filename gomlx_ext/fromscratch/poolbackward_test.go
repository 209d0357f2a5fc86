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

// By hand: each window's δ lands on its maximum; overlapping windows (3×3, stride 1) add up on
// the value they share.
func TestMaxPool2DBackwardByHand(t *testing.T) {
	x, err := fromscratch.MapsFromGrid([][]float64{{1, 2, 0, -1}, {3, 4, -2, -3}, {0, 0, 5, 6}, {1, -1, 7, 9}})
	if err != nil {
		t.Fatal(err)
	}
	dy, _ := fromscratch.MapsFromGrid([][]float64{{10, 20}, {30, 40}})
	dx, err := fromscratch.MaxPool2DBackward(x, dy, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(dx.Grid(0, 0)), "[[0 0 20 0] [0 10 0 0] [0 0 0 0] [30 0 0 40]]"; got != want {
		t.Errorf("max-pool 2×2 backward = %s, want %s", got, want)
	}
	dy, _ = fromscratch.MapsFromGrid([][]float64{{1, 2}, {3, 4}})
	dx, err = fromscratch.MaxPool2DBackward(x, dy, 3, 1) // windows' maxima: 5, 6, 7, 9
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(dx.Grid(0, 0)), "[[0 0 0 0] [0 0 0 0] [0 0 1 2] [0 0 3 4]]"; got != want {
		t.Errorf("max-pool 3×3 stride 1 backward = %s, want %s", got, want)
	}
	dx, err = fromscratch.MeanPool2DBackward(x, dy, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dx.At(0, 1, 1, 0)*9, 1.0+2+3+4; !(got > want-1e-12 && got < want+1e-12) {
		t.Errorf("mean-pool 3×3 stride 1: centre pixel gets %g/9, want %g/9 (every window holds it)", got, want)
	}
}

var poolCases = []struct{ window, stride, h, w int }{{2, 2, 6, 8}, {2, 2, 7, 5}, {3, 1, 6, 6}, {3, 2, 9, 7}, {1, 1, 3, 4}}

// Against central differences of L = Σ pool(x)·R, on random x (no ties, so max is differentiable
// there), and against GoMLX's autodiff through graph.MaxPool and graph.MeanPool.
func TestPool2DBackwardMatchesCentralDifferencesAndGoMLX(t *testing.T) {
	b, err := gradBackend()
	if err != nil {
		t.Fatalf("creating the compute backend: %v", err)
	}
	rng := rand.New(rand.NewPCG(19, 20))
	for _, tc := range poolCases {
		name := fmt.Sprintf("w%d_s%d_%dx%d", tc.window, tc.stride, tc.h, tc.w)
		t.Run(name, func(t *testing.T) {
			x := randomMaps(rng, 2, tc.h, tc.w, 3)
			for _, p := range []struct {
				name     string
				forward  func(fromscratch.Maps, int, int) (fromscratch.Maps, error)
				backward func(fromscratch.Maps, fromscratch.Maps, int, int) (fromscratch.Maps, error)
				gomlx    func(*graph.Node) *graph.PoolBuilder
			}{
				{"max", fromscratch.MaxPool2D, fromscratch.MaxPool2DBackward, graph.MaxPool},
				{"mean", fromscratch.MeanPool2D, fromscratch.MeanPool2DBackward, graph.MeanPool},
			} {
				y, err := p.forward(x, tc.window, tc.stride)
				if err != nil {
					t.Fatal(err)
				}
				r := randomMaps(rng, y.N, y.H, y.W, y.C)
				dx, err := p.backward(x, r, tc.window, tc.stride)
				if err != nil {
					t.Fatal(err)
				}
				num := fromscratch.NumericalGradient(func(v []float64) float64 {
					y, err := p.forward(fromscratch.Maps{N: x.N, H: x.H, W: x.W, C: x.C, Data: v}, tc.window, tc.stride)
					if err != nil {
						t.Fatal(err)
					}
					return weightedLoss(y, r)
				}, x.Data, 0)
				assertSliceClose(t, p.name+" dx vs central differences", dx.Data, num, 1e-8)

				exec, err := graph.NewExec(b, func(x, r *graph.Node) *graph.Node {
					pooled := p.gomlx(x).Window(tc.window).Strides(tc.stride).NoPadding().Done()
					return graph.Gradient(graph.ReduceAllSum(graph.Mul(pooled, r)), x)[0]
				})
				if err != nil {
					t.Fatalf("building the gradient graph: %v", err)
				}
				out, err := exec.Exec(tensors.FromFlatDataAndDimensions(x.Data, x.Shape()...), tensors.FromFlatDataAndDimensions(r.Data, r.Shape()...))
				if err != nil {
					t.Fatalf("GoMLX gradient: %v", err)
				}
				assertSliceClose(t, p.name+" dx vs GoMLX", dx.Data, tensors.MustCopyFlatData[float64](out[0]), 1e-14)
			}
		})
	}
}

func TestPool2DBackwardErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	x := randomMaps(rng, 1, 4, 4, 2)
	_, err := fromscratch.MaxPool2DBackward(x, randomMaps(rng, 1, 3, 3, 2), 2, 2)
	if err == nil || !strings.Contains(err.Error(), "MaxPool2DBackward: output gradient has shape [1 3 3 2], the pooled output is [1 2 2 2]") {
		t.Errorf("MaxPool2DBackward with a wrong dy: error = %v", err)
	}
	_, err = fromscratch.MeanPool2DBackward(x, randomMaps(rng, 1, 2, 2, 2), 5, 1)
	if err == nil || !strings.Contains(err.Error(), "MeanPool2DBackward rows") || !strings.Contains(err.Error(), "does not fit") {
		t.Errorf("MeanPool2DBackward with a window larger than x: error = %v", err)
	}
}
