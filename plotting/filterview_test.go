package plotting_test

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

// filterViewGrid returns an h×w matrix with value f(r, c).
func filterViewGrid(h, w int, f func(r, c int) float64) [][]float64 {
	g := make([][]float64, h)
	for r := range g {
		g[r] = make([]float64, w)
		for c := range g[r] {
			g[r][c] = f(r, c)
		}
	}
	return g
}

// The cells of an uncaptioned ImageGrid row: cell k's pixel (r, c) is drawn ImageScale×ImageScale
// from (8 + k·(3w + 8) + 3c, 8 + 3r), 8 being the grid's gap.
func filterViewPixel(img image.Image, w, k, r, c int) uint8 {
	s := plotting.ImageScale
	x, y := 8+k*(s*w+8)+s*c, 8+s*r
	return color.GrayModel.Convert(img.At(x+1, y+1)).(color.Gray).Y
}

func TestFilterViewPixels(t *testing.T) {
	const h, w = 10, 10
	img := filterViewGrid(h, w, func(r, c int) float64 { return float64(r*w+c) / 100 }) // ink grows to 0.99
	weights := [][]float64{{2, 0, -2}, {1, 0, -1}, {0, 0, 0}}
	fmap := filterViewGrid(h, w, func(r, c int) float64 { return float64(c - 5) }) // −5…4
	view, err := plotting.FilterView(img, weights, fmap, true, [3]string{})
	if err != nil {
		t.Fatal(err)
	}
	// A 3×3 filter in a 10×10 cell: scale (10 − 2)/3 = 2, so 6×6 from pixel (2, 2).
	for _, tc := range []struct {
		what    string
		k, r, c int
		lo, hi  uint8
	}{
		{"image: the largest value is full ink", 0, 9, 9, 0, 0},
		{"image: 0 is paper", 0, 0, 0, 255, 255},
		{"filter: margin is paper", 1, 0, 0, 255, 255},
		{"filter: +2, the largest |w|, is black", 1, 2, 2, 0, 0},
		{"filter: +2 covers 2×2 pixels", 1, 3, 3, 0, 0},
		{"filter: 0 is mid-grey", 1, 2, 4, 127, 128},
		{"filter: −2 is white", 1, 2, 6, 255, 255},
		{"filter: +1 is a darker grey", 1, 4, 2, 63, 64},
		{"map: −5, the largest |value|, is white", 2, 0, 0, 255, 255},
		{"map: 0 is mid-grey", 2, 0, 5, 127, 128},
		{"map: +4 is dark", 2, 0, 9, 25, 26},
	} {
		if got := filterViewPixel(view, w, tc.k, tc.r, tc.c); got < tc.lo || got > tc.hi {
			t.Errorf("%s: grey %d, want %d…%d", tc.what, got, tc.lo, tc.hi)
		}
	}

	// Drawn as ink (a map after ReLU), the same map is an error: it has negative values.
	_, err = plotting.FilterView(img, weights, fmap, false, [3]string{})
	if err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("negative map drawn as ink: error %v, want one about negative ink", err)
	}
}

func TestFilterViewErrors(t *testing.T) {
	img := filterViewGrid(10, 10, func(r, c int) float64 { return 0.5 })
	k3 := filterViewGrid(3, 3, func(r, c int) float64 { return 1 })
	for _, tc := range []struct {
		name               string
		img, weights, fmap [][]float64
		want               string
	}{
		{"valid map on a same-size picture", img, k3, filterViewGrid(8, 8, func(r, c int) float64 { return 1 }), "feature map is 8×8, image 10×10"},
		{"filter too large", img, filterViewGrid(9, 9, func(r, c int) float64 { return 1 }), img, "does not fit"},
		{"empty filter", img, nil, img, "filter is empty"},
		{"ragged image", [][]float64{{1, 2}, {3}}, k3, img, "image row 1"},
		{"negative image", filterViewGrid(10, 10, func(r, c int) float64 { return -1 }), k3, img, "negative"},
	} {
		_, err := plotting.FilterView(tc.img, tc.weights, tc.fmap, false, [3]string{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
