package plotting

import (
	"fmt"
	"image"
	"math"
)

// FilterView draws an image, a small filter and the filter's feature map of that image side by
// side in one row of ImageGrid, with the three captions under them.
//
// img (e.g. a digit) is drawn as ink scaled so its largest value is full ink; its values must
// not be negative. weights (e.g. 3×3) is enlarged by a whole factor to nearly img's size,
// centred with a blank margin, and drawn signed: mid-grey is 0, the largest |weight| is black
// when positive and white when negative. fmap must have img's size (a same-padded map lies over
// the image pixel for pixel); it is drawn signed like the weights when signedMap is set (a
// correlation of either sign), else as ink like img (a map after ReLU, never negative).
//
// Introduced in notebooks/09_convolution.ipynb.
func FilterView(img, weights, fmap [][]float64, signedMap bool, captions [3]string) (image.Image, error) {
	for _, m := range []struct {
		name string
		g    [][]float64
	}{{"image", img}, {"filter", weights}, {"feature map", fmap}} {
		if err := filterViewCheck(m.name, m.g); err != nil {
			return nil, fmt.Errorf("plotting: filter view: %w", err)
		}
	}
	h, w := len(img), len(img[0])
	if len(fmap) != h || len(fmap[0]) != w {
		return nil, fmt.Errorf("plotting: filter view: feature map is %d×%d, image %d×%d: want the same size (same padding)", len(fmap), len(fmap[0]), h, w)
	}
	kh, kw := len(weights), len(weights[0])
	// A margin of at least one pixel on each side keeps the filter off the cell's frame.
	scale := (min(h, w) - 2) / max(kh, kw)
	if scale < 1 {
		return nil, fmt.Errorf("plotting: filter view: a %d×%d filter does not fit a %d×%d image with a margin", kh, kw, h, w)
	}
	ink, err := filterViewInk(img)
	if err != nil {
		return nil, fmt.Errorf("plotting: filter view: image: %w", err)
	}
	filter := make([]float32, h*w) // 0: blank paper around the enlarged filter
	signed := filterViewSigned(weights)
	top, left := (h-kh*scale)/2, (w-kw*scale)/2
	for r := range kh * scale {
		for c := range kw * scale {
			filter[(top+r)*w+left+c] = signed[(r/scale)*kw+c/scale]
		}
	}
	var mapped []float32
	if signedMap {
		mapped = filterViewSigned(fmap)
	} else if mapped, err = filterViewInk(fmap); err != nil {
		return nil, fmt.Errorf("plotting: filter view: feature map drawn as ink: %w", err)
	}
	return ImageGrid([][]float32{ink, filter, mapped}, h, w, captions[:], 3)
}

// filterViewCheck reports an empty, ragged or non-finite matrix.
func filterViewCheck(name string, g [][]float64) error {
	if len(g) == 0 || len(g[0]) == 0 {
		return fmt.Errorf("%s is empty", name)
	}
	for r, row := range g {
		if len(row) != len(g[0]) {
			return fmt.Errorf("%s row %d has %d values, row 0 has %d", name, r, len(row), len(g[0]))
		}
		for c, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s (row %d, col %d) = %v", name, r, c, v)
			}
		}
	}
	return nil
}

// filterViewInk scales a non-negative matrix so that its largest value is 1 (full ink).
func filterViewInk(g [][]float64) ([]float32, error) {
	top := 0.0
	for r, row := range g {
		for c, v := range row {
			if v < 0 {
				return nil, fmt.Errorf("(row %d, col %d) = %v: ink cannot be negative", r, c, v)
			}
			top = math.Max(top, v)
		}
	}
	out := make([]float32, 0, len(g)*len(g[0]))
	for _, row := range g {
		for _, v := range row {
			if top > 0 {
				v /= top
			}
			out = append(out, float32(v))
		}
	}
	return out, nil
}

// filterViewSigned draws 0 as mid-grey and the largest |value| as 1 (black, positive) or 0 (white).
func filterViewSigned(g [][]float64) []float32 {
	top := 0.0
	for _, row := range g {
		for _, v := range row {
			top = math.Max(top, math.Abs(v))
		}
	}
	out := make([]float32, 0, len(g)*len(g[0]))
	for _, row := range g {
		for _, v := range row {
			if top > 0 {
				v /= top
			}
			out = append(out, float32(math.Min(1, math.Max(0, 0.5+v/2)))) // clamp float32 rounding
		}
	}
	return out
}
