package ingraph_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/deepnb/deepnb/gomlx_ext/ingraph"
)

func randomGrid(rng *rand.Rand, h, w int) [][]float64 {
	g := make([][]float64, h)
	for r := range g {
		g[r] = make([]float64, w)
		for c := range g[r] {
			g[r][c] = rng.Float64()
		}
	}
	return g
}

// GoMLX's maps match fromscratch's (checked by hand in its tests) within rounding, for filters
// with and without bias and ReLU, on a batch of non-square images.
func TestFeatureMapsMatchFromScratch(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	filters := []fromscratch.Filter{
		{Name: "plain", Weights: [][]float64{{1, 0, -1}, {2, 0, -2}, {1, 0, -1}}},
		{Name: "biased", Weights: randomGrid(rng, 3, 3), Bias: -0.8},
		{Name: "relu", Weights: [][]float64{{0.3, -0.9, 0.2}, {-0.1, 0.5, -0.7}, {0.4, 0.1, -0.6}}, Bias: 0.1, ReLU: true},
	}
	images := [][][]float64{randomGrid(rng, 7, 5), randomGrid(rng, 7, 5)}
	want, err := fromscratch.FeatureMaps(filters, images)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ingraph.FeatureMaps(testBackend(t), filters, images)
	if err != nil {
		t.Fatal(err)
	}
	negative, zeros := false, 0
	for f, filter := range filters {
		tol := 2 * filter.RoundingBound(1) // two computations, each within the bound; pixels in [0, 1)
		for i := range images {
			if len(got[f][i]) != 7 || len(got[f][i][0]) != 5 {
				t.Fatalf("map [%d][%d] is %d×%d, want 7×5", f, i, len(got[f][i]), len(got[f][i][0]))
			}
			for r := range 7 {
				for c := range 5 {
					g := got[f][i][r][c]
					if !(math.Abs(g-want[f][i][r][c]) <= tol) {
						t.Errorf("%s, image %d, (%d, %d): GoMLX %v, fromscratch %v (tolerance %g)", filter.Name, i, r, c, g, want[f][i][r][c], tol)
					}
					negative = negative || (!filter.ReLU && g < 0)
					if filter.ReLU && g == 0 {
						zeros++
					}
				}
			}
		}
	}
	// The test means something only if ReLU had work to do and the others kept their signs.
	if !negative || zeros == 0 {
		t.Errorf("test data too easy: negative values kept %v, ReLU zeros %d", negative, zeros)
	}
}

func TestFeatureMapsErrors(t *testing.T) {
	b := testBackend(t)
	k3 := [][]float64{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	img := [][]float64{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 1, 2, 3}}
	for _, tc := range []struct {
		name    string
		filters []fromscratch.Filter
		images  [][][]float64
		want    string
	}{
		{"no filters", nil, [][][]float64{img}, "0 filters"},
		{"two kernel sizes", []fromscratch.Filter{{Name: "a", Weights: k3}, {Name: "b", Weights: [][]float64{{1}}}}, [][][]float64{img}, `filter "b" is 1×1`},
		{"two image sizes", []fromscratch.Filter{{Name: "a", Weights: k3}}, [][][]float64{img, img[:2]}, "image 1 is 2×4"},
		{"NaN weight", []fromscratch.Filter{{Name: "nan", Weights: [][]float64{{math.NaN()}}}}, [][][]float64{img}, `filter "nan"`},
	} {
		_, err := ingraph.FeatureMaps(b, tc.filters, tc.images)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
