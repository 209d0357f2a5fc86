package datasets

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// blobImages returns n 28×28 images, each a few random bright blobs on black (distinct images,
// far apart in pixel space), labelled i % 10.
func blobImages(name string, n int, seed uint64) *Images {
	rng := rand.New(rand.NewPCG(seed, 3))
	d := &Images{Name: name, N: n, Height: 28, Width: 28, Channels: 1, Pixels: make([]float32, n*784), Labels: make([]int32, n)}
	for i := range n {
		img := d.Pixels[i*784 : (i+1)*784]
		for range 4 {
			cy, cx, r := rng.Float64()*28, rng.Float64()*28, 2+rng.Float64()*4
			for y := range 28 {
				for x := range 28 {
					if dy, dx := float64(y)-cy, float64(x)-cx; dy*dy+dx*dx < r*r {
						img[y*28+x] = float32(0.5 + 0.5*rng.Float64())
					}
				}
			}
		}
		d.Labels[i] = int32(i % 10)
	}
	return d
}

// TestFindDuplicatesPlanted plants copies into distinct images and expects exactly them back:
// an exact copy, a 5 % darker copy, a copy with a little noise (with another label), inside one
// set and across two sets.
func TestFindDuplicatesPlanted(t *testing.T) {
	train, test := blobImages("train", 300, 1), blobImages("test", 100, 2)
	plant := func(dst *Images, i int, src *Images, j int, change func(k int, v float32) float32) {
		a, b := dst.Image(i), src.Image(j)
		for k := range a {
			a[k] = change(k, b[k])
		}
	}
	same := func(_ int, v float32) float32 { return v }
	darker := func(_ int, v float32) float32 { return 0.95 * v }
	noise := rand.New(rand.NewPCG(7, 7))
	noisy := func(_ int, v float32) float32 { return min(1, max(0, v+float32(0.02*noise.NormFloat64()))) }
	plant(train, 10, train, 200, same)   // exact, inside train
	plant(train, 250, train, 20, darker) // near, inside train
	plant(test, 5, train, 42, same)      // exact, across
	plant(test, 60, train, 99, noisy)    // near, across
	test.Labels[5] = train.Labels[42]
	test.Labels[60] = (train.Labels[99] + 1) % 10

	cfg := DuplicateConfig{MaxHamming: 8, MaxDistance: 0.1}
	inside, err := FindDuplicates(train, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkPairs(t, "inside train", inside, [][2]int{{10, 200}, {20, 250}}, []bool{true, false})
	across, err := FindDuplicates(train, test, cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkPairs(t, "train × test", across, [][2]int{{42, 5}, {99, 60}}, []bool{true, false})
	if !across[0].SameLabel || across[1].SameLabel {
		t.Errorf("SameLabel: %v, %v; want true, false", across[0].SameLabel, across[1].SameLabel)
	}
	// A darker copy differs only in brightness, which ShapeDistance ignores: 0 up to float32
	// rounding, but not an exact copy.
	if d := inside[1].Distance; d > 1e-6 || inside[1].Exact() {
		t.Errorf("5 %% darker copy: distance %g, exact %v; want about 0 and not exact", d, inside[1].Exact())
	}
	if got := DuplicateIndices(across, true); len(got) != 2 || got[0] != 5 || got[1] != 60 {
		t.Errorf("test-side indices %v, want [5 60]", got)
	}

	// Exact copies only: the near ones go.
	exact, err := FindDuplicates(train, test, DuplicateConfig{MaxHamming: 8})
	if err != nil {
		t.Fatal(err)
	}
	checkPairs(t, "exact only", exact, [][2]int{{42, 5}}, []bool{true})

	clean, err := test.Without(DuplicateIndices(across, true))
	if err != nil {
		t.Fatal(err)
	}
	if clean.N != 98 {
		t.Fatalf("Without: %d images left, want 98", clean.N)
	}
	if again, _ := FindDuplicates(train, clean, cfg); len(again) != 0 {
		t.Errorf("after Without: %d duplicates left, want 0", len(again))
	}
}

func checkPairs(t *testing.T, what string, got []Duplicate, want [][2]int, exact []bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d pairs %+v, want %v", what, len(got), got, want)
	}
	for i, p := range got {
		if p.A != want[i][0] || p.B != want[i][1] || p.Exact() != exact[i] {
			t.Errorf("%s: pair %d = %+v, want %v exact=%v", what, i, p, want[i], exact[i])
		}
	}
}

func TestDifferenceHash(t *testing.T) {
	// A left-to-right ramp: every cell darker than its right neighbour, all 64 bits set; its
	// mirror image none; brightness and contrast changes keep the hash.
	ramp := make([]float32, 28*28)
	for y := range 28 {
		for x := range 28 {
			ramp[y*28+x] = float32(x) / 27
		}
	}
	h, err := DifferenceHash(ramp, 28, 28, 1)
	if err != nil || h != math.MaxUint64 {
		t.Fatalf("ramp: hash %x, %v; want all bits set", h, err)
	}
	dim := make([]float32, len(ramp))
	mirror := make([]float32, len(ramp))
	for i, v := range ramp {
		dim[i] = 0.1 + 0.5*v
		mirror[(i/28)*28+27-i%28] = v
	}
	if hd, _ := DifferenceHash(dim, 28, 28, 1); hd != h {
		t.Errorf("dimmer ramp: hash %x, want %x", hd, h)
	}
	if hm, _ := DifferenceHash(mirror, 28, 28, 1); Hamming(h, hm) != 64 {
		t.Errorf("mirrored ramp: %d bits differ, want 64", Hamming(h, hm))
	}
	if _, err := DifferenceHash(make([]float32, 7*9), 7, 9, 1); err == nil || !strings.Contains(err.Error(), "at least 8 rows") {
		t.Errorf("7×9 image: got %v, want an error", err)
	}
	if _, err := DifferenceHash(make([]float32, 10), 28, 28, 1); err == nil {
		t.Error("10 values for 28×28: want an error")
	}
}

func TestFindDuplicatesErrors(t *testing.T) {
	a := blobImages("a", 4, 1)
	small := &Images{Name: "tiny", N: 1, Height: 4, Width: 4, Channels: 1, Pixels: make([]float32, 16), Labels: []int32{0}}
	for _, tt := range []struct {
		a, b *Images
		cfg  DuplicateConfig
		want string
	}{
		{a, nil, DuplicateConfig{MaxHamming: 65}, "MaxHamming 65"},
		{a, nil, DuplicateConfig{MaxDistance: math.NaN()}, "MaxDistance NaN"},
		{a, small, DuplicateConfig{}, "tiny: images are 4×4"},
		{nil, a, DuplicateConfig{}, "no data set"},
	} {
		if _, err := FindDuplicates(tt.a, tt.b, tt.cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want an error containing %q", err, tt.want)
		}
	}
	if _, err := a.Without([]int{4}); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("Without(4) of 4: got %v", err)
	}
	if _, err := a.Without([]int{0, 1, 2, 3}); err == nil || !strings.Contains(err.Error(), "no examples") {
		t.Errorf("Without everything: got %v", err)
	}
}

// TestFindDuplicatesMatchesBruteForce checks the pruned search (thumbnail bound, early abandon)
// against ShapeDistance on every pair whose hashes are close enough, for two thresholds, with a
// blank image pair and planted scaled and noisy copies among them.
func TestFindDuplicatesMatchesBruteForce(t *testing.T) {
	d := blobImages("d", 200, 4)
	rng := rand.New(rand.NewPCG(3, 3))
	for k, src := range []int{7, 8, 9, 10} {
		dst := d.Image(150 + k)
		for p, v := range d.Image(src) {
			dst[p] = min(1, max(0, (0.9-0.1*float32(k))*v+float32(0.01*float64(k)*rng.NormFloat64())))
		}
	}
	clear(d.Image(198))
	clear(d.Image(199))
	// At 0.08 the copies with noise σ ≤ 0.02 and the blank pair; at 0.5 also the one with σ = 0.03.
	for maxDistance, planted := range map[float64]int{0.08: 4, 0.5: 5} {
		cfg := DuplicateConfig{MaxHamming: 12, MaxDistance: maxDistance}
		got, err := FindDuplicates(d, nil, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var want []Duplicate
		for i := range d.N {
			hi, _ := DifferenceHash(d.Image(i), 28, 28, 1)
			for j := i + 1; j < d.N; j++ {
				hj, _ := DifferenceHash(d.Image(j), 28, 28, 1)
				dist, _ := ShapeDistance(d.Image(i), d.Image(j))
				if Hamming(hi, hj) <= cfg.MaxHamming && dist <= maxDistance {
					want = append(want, Duplicate{A: i, B: j, Distance: dist})
				}
			}
		}
		if len(got) != len(want) || len(want) < planted {
			t.Fatalf("MaxDistance %g: %d pairs, brute force %d (want at least the %d planted)", maxDistance, len(got), len(want), planted)
		}
		for k := range want {
			if got[k].A != want[k].A || got[k].B != want[k].B || math.Abs(got[k].Distance-want[k].Distance) > 1e-9 {
				t.Errorf("MaxDistance %g: pair %d = %+v, brute force %+v", maxDistance, k, got[k], want[k])
			}
		}
		if last := got[len(got)-1]; last.A != 198 || last.B != 199 || !last.Exact() {
			t.Errorf("MaxDistance %g: last pair %+v, want the two blank images 198, 199, exact", maxDistance, last)
		}
	}
}
