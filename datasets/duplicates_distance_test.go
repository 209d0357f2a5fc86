package datasets

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestShapeDistance compares ShapeDistance, which subtracts unit-length images, with the cosine
// formula √(1 − cos θ) computed here, and checks the cases its doc names.
func TestShapeDistance(t *testing.T) {
	imgs := blobImages("blobs", 20, 5)
	cosine := func(a, b []float32) float64 {
		var ab, a2, b2 float64
		for k := range a {
			ab += float64(a[k]) * float64(b[k])
			a2 += float64(a[k]) * float64(a[k])
			b2 += float64(b[k]) * float64(b[k])
		}
		return math.Sqrt(max(0, 2-2*ab/math.Sqrt(a2*b2)))
	}
	for i := range imgs.N - 1 {
		a, b := imgs.Image(i), imgs.Image(i+1)
		got, err := ShapeDistance(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if want := cosine(a, b); math.Abs(got-want) > 1e-9 || !(got > 0.1) || got > math.Sqrt2+1e-9 {
			t.Errorf("images %d, %d: ShapeDistance %g, √(2 − 2 cos θ) %g; want equal, in (0.1, √2]", i, i+1, got, want)
		}
	}
	a := imgs.Image(0)
	rng := rand.New(rand.NewPCG(1, 2))
	scaled, noisy, shifted, offset := make([]float32, len(a)), make([]float32, len(a)), make([]float32, len(a)), make([]float32, len(a))
	for k, v := range a {
		scaled[k] = 0.5 * v
		noisy[k] = min(1, max(0, 0.9*v+float32(0.01*rng.NormFloat64())))
		if k%28 > 0 {
			shifted[k] = a[k-1]
		}
		offset[k] = v + 0.2
	}
	for _, tt := range []struct {
		name   string
		b      []float32
		lo, hi float64
	}{
		{"itself", a, 0, 0},
		{"half as bright", scaled, 0, 1e-6},
		{"10 % darker with noise σ = 0.01", noisy, 0, 0.08},
		{"shifted right by one pixel", shifted, 0.08, math.Sqrt2},
		{"0.2 added to every pixel", offset, 0.08, math.Sqrt2},
	} {
		if d, err := ShapeDistance(a, tt.b); err != nil || d < tt.lo || d > tt.hi {
			t.Errorf("%s: distance %g, %v; want in [%g, %g]", tt.name, d, err, tt.lo, tt.hi)
		}
	}
	// Equal norms: the same as the relative distance ‖a − b‖ / √((‖a‖² + ‖b‖²)/2).
	b := imgs.Image(1)
	s := float32(math.Sqrt(norm2(a) / norm2(b)))
	var d2 float64
	for k := range a {
		b[k] *= s
		d2 += float64(a[k]-b[k]) * float64(a[k]-b[k])
	}
	if got, _ := ShapeDistance(a, b); math.Abs(got-math.Sqrt(d2/norm2(a))) > 1e-6 {
		t.Errorf("equal norms: ShapeDistance %g, relative distance %g", got, math.Sqrt(d2/norm2(a)))
	}
	blank := make([]float32, len(a))
	if d, _ := ShapeDistance(blank, blank); d != 0 {
		t.Errorf("two blank images: %g, want 0", d)
	}
	if d, _ := ShapeDistance(blank, a); d != math.Sqrt2 {
		t.Errorf("blank and non-blank: %g, want √2", d)
	}
	if _, err := ShapeDistance(a, a[:10]); err == nil || !strings.Contains(err.Error(), "784 and 10") {
		t.Errorf("different lengths: %v, want an error", err)
	}
}

// TestHashCellsGrid checks the cells' tiling on a 28 × 28 image, one cell at a time, and that
// DifferenceHash's bits are HashCells' comparisons.
func TestHashCellsGrid(t *testing.T) {
	for r := range HashRows {
		for c := range HashCols {
			img := make([]float32, 28*28)
			n := 0
			for y := range 28 {
				for x := range 28 {
					if y*HashRows/28 == r && x*HashCols/28 == c {
						img[y*28+x] = 1
						n++
					}
				}
			}
			if n < 9 || n > 16 {
				t.Errorf("cell (%d, %d) covers %d pixels, want 3 or 4 × 3 or 4", r, c, n)
			}
			cells, err := HashCells(img, 28, 28, 1)
			if err != nil {
				t.Fatal(err)
			}
			for k, m := range cells {
				if want := float64(0); k == r*HashCols+c && m != 1 || k != r*HashCols+c && m != want {
					t.Errorf("cell (%d, %d) lit: cell %d has mean %g", r, c, k, m)
				}
			}
		}
	}
	imgs := blobImages("blobs", 5, 9)
	for i := range imgs.N {
		cells, _ := HashCells(imgs.Image(i), 28, 28, 1)
		var want uint64
		for r := range HashRows {
			for c := range HashCols - 1 {
				if cells[r*HashCols+c+1]-cells[r*HashCols+c] > HashMargin {
					want |= 1 << (r*(HashCols-1) + c)
				}
			}
		}
		if got, _ := DifferenceHash(imgs.Image(i), 28, 28, 1); got != want {
			t.Errorf("image %d: hash %016x, bits from HashCells %016x", i, got, want)
		}
	}
}
