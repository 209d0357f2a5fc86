package datasets

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomBatch returns n random h×w×c images.
func randomBatch(n, h, w, c int) []float32 {
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]float32, n*h*w*c)
	for i := range b {
		b[i] = rng.Float32()
	}
	return b
}

func mustAugmenter(t *testing.T, cfg AugmentConfig) *Augmenter {
	t.Helper()
	a, err := NewAugmenter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAugmentNoOpIsIdentity(t *testing.T) {
	in := randomBatch(8, 5, 4, 3)
	out := slices.Clone(in)
	if err := mustAugmenter(t, AugmentConfig{Fill: 0.5}).Apply(out, 8, 5, 4, 3, 99); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(in, out) {
		t.Error("the zero AugmentConfig changed the images")
	}
}

func TestAugmentDeterministic(t *testing.T) {
	cfg := AugmentConfig{MaxShift: 2, MaxRotationDegrees: 15, FlipProbability: 0.5}
	in := randomBatch(16, 7, 7, 1)
	run := func(seed uint64) []float32 {
		out := slices.Clone(in)
		// A fresh Augmenter each time: the output must not depend on its history.
		if err := mustAugmenter(t, cfg).Apply(out, 16, 7, 7, 1, seed); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b, c := run(5), run(5), run(6)
	if !slices.Equal(a, b) {
		t.Error("same seed gave different outputs")
	}
	if slices.Equal(a, c) {
		t.Error("seeds 5 and 6 gave the same output")
	}
	if slices.Equal(a, in) {
		t.Error("augmentation left every image unchanged")
	}
	// Reusing one Augmenter gives the same as fresh ones.
	aug := mustAugmenter(t, cfg)
	for range 2 {
		out := slices.Clone(in)
		if err := aug.Apply(out, 16, 7, 7, 1, 5); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(out, a) {
			t.Error("a reused Augmenter differs from a fresh one")
		}
	}
}

func TestAugmentFlip(t *testing.T) {
	const h, w, c = 2, 3, 2
	in := randomBatch(1, h, w, c)
	out := slices.Clone(in)
	if err := mustAugmenter(t, AugmentConfig{FlipProbability: 1}).Apply(out, 1, h, w, c, 1); err != nil {
		t.Fatal(err)
	}
	for y := range h {
		for x := range w {
			for ch := range c {
				if got, want := out[(y*w+x)*c+ch], in[(y*w+w-1-x)*c+ch]; got != want {
					t.Fatalf("pixel (%d,%d,%d) = %v, want the mirrored %v", y, x, ch, got, want)
				}
			}
		}
	}
}

// A shift-only augmentation moves each image by whole pixels, at most
// MaxShift in each direction, filling the uncovered border with Fill.
func TestAugmentShift(t *testing.T) {
	const n, h, w, k, fill = 20, 6, 5, 2, -1
	in := randomBatch(n, h, w, 1)
	out := slices.Clone(in)
	if err := mustAugmenter(t, AugmentConfig{MaxShift: k, Fill: fill}).Apply(out, n, h, w, 1, 3); err != nil {
		t.Fatal(err)
	}
	shifted := 0
	for i := range n {
		src, dst := in[i*h*w:(i+1)*h*w], out[i*h*w:(i+1)*h*w]
		found := false
		for dy := -k; dy <= k && !found; dy++ {
			for dx := -k; dx <= k && !found; dx++ {
				found = matchesShift(src, dst, h, w, dx, dy, fill)
				if found && (dx != 0 || dy != 0) {
					shifted++
				}
			}
		}
		if !found {
			t.Errorf("image %d is not a shift of its input by at most %d pixels", i, k)
		}
	}
	if shifted == 0 {
		t.Error("no image was shifted")
	}
}

// matchesShift reports whether dst is src moved by (dx, dy) with fill.
func matchesShift(src, dst []float32, h, w, dx, dy int, fill float32) bool {
	for y := range h {
		for x := range w {
			want := float32(fill)
			if sy, sx := y-dy, x-dx; sy >= 0 && sy < h && sx >= 0 && sx < w {
				want = src[sy*w+sx]
			}
			if dst[y*w+x] != want {
				return false
			}
		}
	}
	return true
}

// A quarter turn of an odd-sized image lands exactly on the pixel grid, so
// bilinear resampling must reproduce the rotated pixels.
func TestTransformQuarterTurn(t *testing.T) {
	const h, w = 5, 5
	src := randomBatch(1, h, w, 1)
	dst := make([]float32, h*w)
	transform(dst, src, h, w, 1, false, 0, 0, math.Pi/2, 0)
	for y := range h {
		for x := range w {
			// Output (y, x) reads input row 2-(x-2), column 2+(y-2).
			want := src[(4-x)*w+y]
			if math.Abs(float64(dst[y*w+x]-want)) > 1e-5 {
				t.Fatalf("pixel (%d,%d) = %v, want %v", y, x, dst[y*w+x], want)
			}
		}
	}
}

// Small rotations keep the centre pixel of an odd-sized image and move an
// off-centre dot's mass only a little.
func TestAugmentRotationKeepsCentre(t *testing.T) {
	const h, w = 9, 9
	in := make([]float32, h*w)
	in[4*w+4] = 1 // centre
	in[4*w+7] = 1 // a dot 3 pixels right of it
	for seed := range uint64(10) {
		out := slices.Clone(in)
		if err := mustAugmenter(t, AugmentConfig{MaxRotationDegrees: 20}).Apply(out, 1, h, w, 1, seed); err != nil {
			t.Fatal(err)
		}
		if out[4*w+4] != 1 {
			t.Errorf("seed %d: centre pixel %v, want 1", seed, out[4*w+4])
		}
		var mass float32
		for _, v := range out {
			mass += v
		}
		if mass < 1.5 || mass > 2.5 {
			t.Errorf("seed %d: total intensity %v after rotation, want about 2", seed, mass)
		}
	}
}

func TestAugmentErrors(t *testing.T) {
	for _, cfg := range []AugmentConfig{
		{MaxShift: -1},
		{MaxRotationDegrees: -5},
		{MaxRotationDegrees: 181},
		{MaxRotationDegrees: math.NaN()},
		{FlipProbability: 1.5},
		{Fill: float32(math.Inf(-1))},
	} {
		if _, err := NewAugmenter(cfg); err == nil {
			t.Errorf("NewAugmenter(%+v) accepted", cfg)
		}
	}
	a := mustAugmenter(t, AugmentConfig{MaxShift: 1})
	wantErrContains(t, a.Apply(make([]float32, 10), 1, 3, 3, 1, 0), "10 values, want n*h*w*c = 1*3*3*1 = 9")
	wantErrContains(t, a.Apply(nil, 0, 3, 3, 1, 0), "must be positive")
}
