package fromscratch_test

import (
	"math"
	"math/big"
	"math/rand/v2"
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

	// The bound must hold against the exact value: math/big.Rat holds the float64 inputs' products
	// and sums exactly. Half the cases cancel (the bias is minus the rounded sum of the products),
	// where a relative error is largest; the two orders are the ones a direct loop and a reversed
	// (GEMM-like) accumulation use.
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for trial := range 4000 {
		w, x := make([][]float64, 3), make([][]float64, 3)
		for r := range 3 {
			w[r], x[r] = make([]float64, 3), make([]float64, 3)
			for c := range 3 {
				w[r][c], x[r][c] = rng.NormFloat64(), rng.Float64()
			}
		}
		g := fromscratch.Filter{Weights: w, Bias: rng.NormFloat64()}
		if trial%2 == 1 {
			s := 0.0
			for r := range 3 {
				for c := range 3 {
					s += x[r][c] * w[r][c]
				}
			}
			g.Bias = -s
		}
		exact := new(big.Rat).SetFloat64(g.Bias)
		forward, backward := 0.0, g.Bias
		for r := range 3 {
			for c := range 3 {
				exact.Add(exact, new(big.Rat).Mul(new(big.Rat).SetFloat64(x[r][c]), new(big.Rat).SetFloat64(w[r][c])))
				forward += x[r][c] * w[r][c]
				backward += x[2-r][2-c] * w[2-r][2-c]
			}
		}
		forward += g.Bias
		bound := g.RoundingBound(1)
		for _, got := range []float64{forward, backward} {
			err, _ := new(big.Rat).Sub(new(big.Rat).SetFloat64(got), exact).Float64()
			if math.Abs(err) > bound {
				t.Fatalf("trial %d: error %g exceeds the bound %g", trial, err, bound)
			}
			worst = math.Max(worst, math.Abs(err)/bound)
		}
	}
	// A bound a hundred times too large would also pass the loop: the worst case must use a
	// visible part of it (measured when written: 0.14).
	t.Logf("largest error / bound: %.3g", worst)
	if worst < 0.01 {
		t.Errorf("largest error is %g of the bound: the bound is far looser than its formula", worst)
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
