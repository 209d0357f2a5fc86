package fromscratch_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// A 4×4 image and a 3×3 kernel whose same-padded map is worked out by hand below.
var (
	fmImage = [][]float64{
		{1, 2, 0, 0},
		{0, 1, 3, 0},
		{0, 0, 1, 2},
		{4, 0, 0, 1},
	}
	fmKernel = [][]float64{
		{1, 0, -1},
		{0, 2, 0},
		{-1, 0, 1},
	}
)

func TestFilterMapByHand(t *testing.T) {
	// out[i][j] = Σ_uv x[i+u−1][j+v−1]·K[u][v] with zeros outside x, computed cell by cell (and by a separate script):
	// e.g. (0,0): 2·x00 + 1·x11 = 2 + 1 = 3; (1,1): x00 − x02 + 2·x11 − x20 + x22 = 1 − 0 + 2 − 0 + 1 = 4.
	corr := [][]float64{
		{3, 7, -1, -3},
		{-2, 4, 10, -1},
		{-1, -7, 4, 7},
		{8, -1, -2, 3},
	}
	for _, tc := range []struct {
		name   string
		filter fromscratch.Filter
		want   func(v float64) float64
	}{
		{"plain correlation", fromscratch.Filter{Weights: fmKernel}, func(v float64) float64 { return v }},
		{"bias, no ReLU", fromscratch.Filter{Weights: fmKernel, Bias: -1.5}, func(v float64) float64 { return v - 1.5 }},
		{"bias and ReLU", fromscratch.Filter{Weights: fmKernel, Bias: -1.5, ReLU: true}, func(v float64) float64 { return math.Max(0, v-1.5) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.filter.Map(fmImage)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 4 || len(got[0]) != 4 {
				t.Fatalf("map is %d×%d, want 4×4 (same padding keeps the image's size)", len(got), len(got[0]))
			}
			for i := range corr {
				for j := range corr[i] {
					assertClose(t, "map", got[i][j], tc.want(corr[i][j]), 0)
				}
			}
		})
	}
}

// The inner part of the same-padded map, ReLU'd, is Conv2D's valid map with the layer's bias.
func TestFilterMapInnerIsValidConv2D(t *testing.T) {
	k, err := fromscratch.NewKernel(3, 3, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range k.Data {
		k.Data[i] = math.Sin(float64(3*i + 1)) // non-trivial weights of both signs
	}
	biases := []float64{0.3, -0.7}
	filters, err := fromscratch.LearnedFilters(k, biases)
	if err != nil {
		t.Fatal(err)
	}
	x, err := fromscratch.MapsFromGrid(fmImage)
	if err != nil {
		t.Fatal(err)
	}
	valid, err := fromscratch.Conv2D(x, k, biases, 1, fromscratch.PadValid)
	if err != nil {
		t.Fatal(err)
	}
	for f, filter := range filters {
		if want := "learned filter " + string(rune('0'+f)); filter.Name != want || !filter.ReLU {
			t.Errorf("filter %d: name %q, ReLU %v; want %q, ReLU on", f, filter.Name, filter.ReLU, want)
		}
		m, err := filter.Map(fmImage)
		if err != nil {
			t.Fatal(err)
		}
		g := valid.Grid(0, f)
		tol := 2 * filter.RoundingBound(4)
		for i := range g {
			for j := range g[i] {
				assertClose(t, "inner map", m[i+1][j+1], math.Max(0, g[i][j]), tol)
			}
		}
	}
}

func TestFeatureMapsIndexing(t *testing.T) {
	filters := []fromscratch.Filter{{Name: "id", Weights: [][]float64{{1}}}, {Name: "double", Weights: [][]float64{{2}}}}
	images := [][][]float64{{{1, 2}}, {{3, 4}}, {{5, 6}}}
	maps, err := fromscratch.FeatureMaps(filters, images)
	if err != nil {
		t.Fatal(err)
	}
	for f := range filters {
		for i := range images {
			for j := range 2 {
				assertClose(t, "maps[f][i]", maps[f][i][0][j], float64(f+1)*images[i][0][j], 0)
			}
		}
	}
}

func TestRoundingBound(t *testing.T) {
	f := fromscratch.Filter{Weights: [][]float64{{1, -2}, {0.5, 0}}, Bias: -1}
	n, u := 5.0, math.Ldexp(1, -53)
	want := n * u / (1 - n*u) * (2*(1+2+0.5) + 1)
	assertClose(t, "bound", f.RoundingBound(2), want, 1e-30)

	// The bound must hold: a sum of many terms that cancel, computed in two orders.
	w := [][]float64{{0.1, 0.2, 0.3}, {-0.4, 0.7, -0.6}, {0.3, -0.2, -0.1}}
	g := fromscratch.Filter{Weights: w, Bias: 1e-3}
	x := [][]float64{{0.3, 0.9, 0.7}, {0.1, 0.5, 0.6}, {0.2, 0.8, 0.4}}
	forward, backward := g.Bias, 0.0
	for u := range 3 {
		for v := range 3 {
			forward += x[u][v] * w[u][v]
			backward += x[2-u][2-v] * w[2-u][2-v]
		}
	}
	backward += g.Bias
	if d := math.Abs(forward - backward); d > 2*g.RoundingBound(1) {
		t.Errorf("two summation orders differ by %g, more than twice the bound %g", d, g.RoundingBound(1))
	}
}

func TestFeatureMapErrors(t *testing.T) {
	k, _ := fromscratch.NewKernel(3, 3, 2, 4)
	_, err := fromscratch.LearnedFilters(k, make([]float64, 4))
	assertErrorContains(t, err, "2 input channels")
	k1, _ := fromscratch.NewKernel(3, 3, 1, 4)
	_, err = fromscratch.LearnedFilters(k1, make([]float64, 3))
	assertErrorContains(t, err, "3 biases")
	_, err = fromscratch.FeatureMaps(nil, [][][]float64{fmImage})
	assertErrorContains(t, err, "0 filters")
	_, err = fromscratch.FeatureMaps([]fromscratch.Filter{{Name: "empty"}}, [][][]float64{fmImage})
	assertErrorContains(t, err, `filter "empty"`)
}
