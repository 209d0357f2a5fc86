package datasets

import (
	"fmt"
	"math"
)

// ShapeDistance is the distance FindDuplicates confirms a candidate pair with: the distance of
// the two images after each is scaled to unit length,
//
//	‖a/‖a‖ − b/‖b‖‖ = √(2 − 2 cos θ),  cos θ = a·b / (‖a‖‖b‖).
//
// It is 0 for a copy at another brightness (b = s·a with s > 0: a darker or brighter copy is
// caught whatever s is), grows with noise, and is at most √2 for images of non-negative pixels
// (cos θ ≥ 0), 2 in general. Two images of equal norm have ShapeDistance equal to their relative
// distance ‖a − b‖ / √((‖a‖² + ‖b‖²)/2), the measure it replaces: that one called a copy 10 %
// darker 0.105 apart. It ignores a change of scale only: adding a constant to every pixel, or
// moving the picture by a pixel, still counts (see notebooks/13_data_cleaning.ipynb for what a
// one-pixel shift costs). Two all-zero images are 0 apart; an all-zero image and any other √2,
// as if they were orthogonal.
// a and b must have the same length.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func ShapeDistance(a, b []float32) (float64, error) {
	if len(a) != len(b) {
		return 0, fmt.Errorf("ShapeDistance: images of %d and %d values", len(a), len(b))
	}
	sa, sb, ok := unitScales(norm2(a), norm2(b))
	if !ok {
		return zeroDistance(sa, sb), nil
	}
	sq, _, _ := scaledSquaredDistance(a, b, sa, sb, math.Inf(1))
	return math.Sqrt(sq), nil
}

func norm2(img []float32) float64 {
	var s float64
	for _, v := range img {
		s += float64(v) * float64(v)
	}
	return s
}

// unitScales returns 1/‖a‖ and 1/‖b‖ from the squared norms; ok is false when either image is all
// zeros and has no direction.
func unitScales(a2, b2 float64) (sa, sb float64, ok bool) {
	if a2 == 0 || b2 == 0 {
		return a2, b2, false
	}
	return 1 / math.Sqrt(a2), 1 / math.Sqrt(b2), true
}

// zeroDistance is ShapeDistance when at least one squared norm (a2, b2) is zero: two blank images
// are copies, a blank and a non-blank one have nothing in common (as if orthogonal).
func zeroDistance(a2, b2 float64) float64 {
	if a2 == 0 && b2 == 0 {
		return 0
	}
	return math.Sqrt2
}

// scaledSquaredDistance is Σ(sa·a − sb·b)², abandoned (ok false) as soon as it passes limit;
// identical tells whether a and b are equal value for value (checked only while ok).
func scaledSquaredDistance(a, b []float32, sa, sb, limit float64) (sq float64, identical, ok bool) {
	identical = true
	for k, v := range a {
		identical = identical && v == b[k]
		d := sa*float64(v) - sb*float64(b[k])
		sq += d * d
		if sq > limit {
			return sq, false, false
		}
	}
	return sq, identical, true
}
