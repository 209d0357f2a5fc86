package datasets

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// Duplicate search: a perceptual hash proposes candidate pairs, the pixels decide.
//
// A difference hash (DifferenceHash) survives what makes two files of one picture differ —
// re-encoding, a change of brightness or contrast, a little noise — because it keeps only
// whether each cell of a coarse grid is darker than its right neighbour. Close hashes (a small
// Hamming distance) are cheap to compare, 64 bits at a time, so every pair of a 60,000 × 10,000
// search can be tried. But a coarse hash also matches different images that merely look alike
// (two thin, upright 1s), so a candidate counts as a duplicate only when its pixels are close too:
// its ShapeDistance, which ignores overall brightness, is at most DuplicateConfig.MaxDistance.
// A copy moved by even one pixel is not close in this sense (nor, often, in its hash): the search
// finds copies of one picture at one position, not the same object photographed twice.

// The difference hash's grid: HashRows rows of HashCols cells give 8 × 8 left/right comparisons.
const (
	// HashRows is the number of rows of cells DifferenceHash averages an image to.
	HashRows = 8
	// HashCols is the number of columns of cells; each row gives HashCols − 1 bits.
	HashCols = 9
	// HashMargin is how much darker (in pixel units, [0, 1] for loaded images) a cell must be
	// than its right neighbour to set its bit: flat regions, such as a black background, then
	// give 0 bits that a little noise cannot flip.
	HashMargin = 1.0 / 64
	// thumbSide is the side of the block-mean thumbnail that bounds the RMS difference from below
	// before the full images are compared.
	thumbSide = 7
)

// DifferenceHash returns the 64-bit difference hash ("dHash") of one image of height × width ×
// channels values (HWC): the image is averaged to grey and to a grid of HashRows × HashCols
// cells (HashCells), and bit 8·r + c is set when cell (r, c) is darker than cell (r, c+1) by
// more than HashMargin (of the [0, 1] pixel range), so that noise on a flat background does not
// flip bits. Two images whose hashes differ in few bits (Hamming) look alike at that scale. The
// image needs at least 8 rows and 9 columns.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func DifferenceHash(img []float32, height, width, channels int) (uint64, error) {
	cells, err := HashCells(img, height, width, channels)
	if err != nil {
		return 0, fmt.Errorf("DifferenceHash: %w", err)
	}
	return dHashOf(cells), nil
}

// HashCells returns the grid DifferenceHash compares: HashRows × HashCols grey cell means,
// row-major. Pixel row y belongs to cell row ⌊y·HashRows/height⌋ and pixel column x to cell
// column ⌊x·HashCols/width⌋, so the cells tile the image exactly; on a 28 × 28 image they are 3
// or 4 pixels tall and 3 or 4 wide.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func HashCells(img []float32, height, width, channels int) ([]float64, error) {
	if height < HashRows || width < HashCols || channels < 1 {
		return nil, fmt.Errorf("image %d×%d×%d: want at least %d rows, %d columns and 1 channel",
			height, width, channels, HashRows, HashCols)
	}
	if len(img) != height*width*channels {
		return nil, fmt.Errorf("%d values for a %d×%d×%d image", len(img), height, width, channels)
	}
	return blockMeans(img, height, width, channels, HashRows, HashCols), nil
}

func dHashOf(cells []float64) uint64 {
	var h uint64
	for r := range HashRows {
		for c := range HashCols - 1 {
			if cells[r*HashCols+c+1]-cells[r*HashCols+c] > HashMargin {
				h |= 1 << (r*(HashCols-1) + c)
			}
		}
	}
	return h
}

// Hamming is the number of bits in which two hashes differ.
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// blockMeans averages an image to grey and to rows × cols cells; cell (r, c) covers rows
// [r·h/rows, (r+1)·h/rows) and the same for columns, so the cells tile the image exactly.
func blockMeans(img []float32, height, width, channels, rows, cols int) []float64 {
	sums := make([]float64, rows*cols)
	counts := make([]int, rows*cols)
	for y := range height {
		r := y * rows / height
		for x := range width {
			c := x * cols / width
			pixel := img[(y*width+x)*channels : (y*width+x+1)*channels]
			var grey float64
			for _, v := range pixel {
				grey += float64(v)
			}
			sums[r*cols+c] += grey / float64(channels)
			counts[r*cols+c]++
		}
	}
	for i := range sums {
		sums[i] /= float64(counts[i])
	}
	return sums
}

// DuplicateConfig sets what FindDuplicates counts as a duplicate.
type DuplicateConfig struct {
	// MaxHamming is the largest Hamming distance between the difference hashes of a candidate
	// pair, 0..64. 0 proposes only pairs with equal hashes; a few bits more also propose copies
	// with noise or a changed contrast, whose cells near the HashMargin flip.
	MaxHamming int
	// MaxDistance is the largest ShapeDistance of a duplicate, ≥ 0: 0 keeps only copies that
	// differ at most in brightness (b = s·a); noise adds to it; two unrelated images of
	// non-negative pixels are at most √2 apart (and, in MNIST and Fashion-MNIST, typically
	// about 1).
	MaxDistance float64
}

// Duplicate is one pair of (near-)identical images.
type Duplicate struct {
	// A and B index the two images: both in the same set (A < B) for a search inside one set,
	// else A in the first set and B in the second.
	A, B int
	// HashDistance is the Hamming distance of their difference hashes.
	HashDistance int
	// Distance is their ShapeDistance: 0 for an exact copy and for a copy at another
	// brightness.
	Distance float64
	// Identical tells whether the two images are equal pixel for pixel.
	Identical bool
	// SameLabel tells whether both carry the same label: a duplicate with two labels means at
	// least one of them is wrong.
	SameLabel bool
}

// Exact reports whether the two images are identical, pixel for pixel (Identical): a copy at
// another brightness has Distance 0 too, but is not exact.
func (d Duplicate) Exact() bool { return d.Identical }

// fingerprints is what the search keeps of each image of a set.
type fingerprints struct {
	data   *Images
	hashes []uint64
	thumbs []float64 // thumbSide² grey block means per image, times scales[i]
	counts []float64 // pixels per thumbnail cell, the same for every image
	norms2 []float64 // ‖image‖²
	scales []float64 // 1/‖image‖, or 0 for an all-zero image
}

func fingerprint(d *Images) (*fingerprints, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if d.Height < HashRows || d.Width < HashCols {
		return nil, fmt.Errorf("FindDuplicates: %s: images are %d×%d, want at least %d×%d", d.Name, d.Height, d.Width, HashRows, HashCols)
	}
	f := &fingerprints{data: d, hashes: make([]uint64, d.N), thumbs: make([]float64, d.N*thumbSide*thumbSide),
		norms2: make([]float64, d.N), scales: make([]float64, d.N)}
	parallel(d.N, func(i int) {
		img := d.Image(i)
		f.norms2[i] = norm2(img)
		if f.norms2[i] > 0 {
			f.scales[i] = 1 / math.Sqrt(f.norms2[i])
		}
		f.hashes[i] = dHashOf(blockMeans(img, d.Height, d.Width, d.Channels, HashRows, HashCols))
		thumb := f.thumbs[i*thumbSide*thumbSide : (i+1)*thumbSide*thumbSide]
		for k, m := range blockMeans(img, d.Height, d.Width, d.Channels, thumbSide, thumbSide) {
			thumb[k] = m * f.scales[i]
		}
	})
	f.counts = make([]float64, thumbSide*thumbSide)
	for y := range d.Height {
		for x := range d.Width {
			f.counts[(y*thumbSide/d.Height)*thumbSide+x*thumbSide/d.Width] += float64(d.Channels)
		}
	}
	return f, nil
}

// FindDuplicates returns the pairs of images of a and b whose difference hashes are at most
// cfg.MaxHamming bits apart and whose ShapeDistance is at most cfg.MaxDistance, sorted by
// A, then B. With b nil (or b == a) it searches inside a, each pair once (A < B); otherwise it
// pairs every image of a with every image of b, which must have the same image shape.
//
// Every pair of hashes is compared (a 60,000 × 10,000 search is 6·10⁸ comparisons of 64 bits,
// seconds on one core); a candidate's pixels are compared only if the block means of its two
// unit-length images, which bound the distance from below, allow it.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func FindDuplicates(a, b *Images, cfg DuplicateConfig) ([]Duplicate, error) {
	if cfg.MaxHamming < 0 || cfg.MaxHamming > 64 {
		return nil, fmt.Errorf("FindDuplicates: MaxHamming %d must be in 0..64", cfg.MaxHamming)
	}
	if !(cfg.MaxDistance >= 0) || math.IsInf(cfg.MaxDistance, 0) {
		return nil, fmt.Errorf("FindDuplicates: MaxDistance %g must be finite and ≥ 0", cfg.MaxDistance)
	}
	if a == nil {
		return nil, fmt.Errorf("FindDuplicates: no data set")
	}
	within := b == nil || b == a
	fa, err := fingerprint(a)
	if err != nil {
		return nil, err
	}
	fb := fa
	if !within {
		if fb, err = fingerprint(b); err != nil {
			return nil, err
		}
		if a.Height != b.Height || a.Width != b.Width || a.Channels != b.Channels {
			return nil, fmt.Errorf("FindDuplicates: %s has %d×%d×%d images, %s %d×%d×%d",
				a.Name, a.Height, a.Width, a.Channels, b.Name, b.Height, b.Width, b.Channels)
		}
	}
	// Compare squared sums of the unit-length images: distance ≤ r ⟺ ‖â − b̂‖² ≤ r².
	limit := cfg.MaxDistance * cfg.MaxDistance
	var mu sync.Mutex
	var found []Duplicate
	parallel(a.N, func(i int) {
		var mine []Duplicate
		hi := fa.hashes[i]
		start := 0
		if within {
			start = i + 1
		}
		for j, hj := range fb.hashes[start:] {
			hd := bits.OnesCount64(hi ^ hj)
			if hd > cfg.MaxHamming {
				continue
			}
			j += start
			pair := Duplicate{A: i, B: j, HashDistance: hd, SameLabel: a.Labels[i] == fb.data.Labels[j]}
			if fa.scales[i] == 0 || fb.scales[j] == 0 {
				// A blank image has no direction: it is a copy only of another blank one.
				pair.Distance = zeroDistance(fa.norms2[i], fb.norms2[j])
				pair.Identical = pair.Distance == 0
				if pair.Distance <= cfg.MaxDistance {
					mine = append(mine, pair)
				}
				continue
			}
			if thumbBound(fa, i, fb, j, limit*(1+1e-9)) {
				continue
			}
			sq, identical, ok := scaledSquaredDistance(a.Image(i), fb.data.Image(j), fa.scales[i], fb.scales[j], limit)
			if !ok {
				continue
			}
			pair.Distance, pair.Identical = math.Sqrt(sq), identical
			mine = append(mine, pair)
		}
		if len(mine) > 0 {
			mu.Lock()
			found = append(found, mine...)
			mu.Unlock()
		}
	})
	slices.SortFunc(found, func(x, y Duplicate) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return found, nil
}

// thumbBound reports whether the thumbnails alone prove Σ(a−b)² > limit: within each thumbnail
// cell of n values, Σ d² ≥ n·(mean d)² (Cauchy–Schwarz), and the grey mean of a cell is the mean
// of its values.
func thumbBound(fa *fingerprints, i int, fb *fingerprints, j int, limit float64) bool {
	ta := fa.thumbs[i*thumbSide*thumbSide : (i+1)*thumbSide*thumbSide]
	tb := fb.thumbs[j*thumbSide*thumbSide : (j+1)*thumbSide*thumbSide]
	var s float64
	for k, n := range fa.counts {
		d := ta[k] - tb[k]
		s += n * d * d
		if s > limit {
			return true
		}
	}
	return false
}

// parallel calls fn(i) for i in [0, n) on GOMAXPROCS goroutines, in interleaved order so
// that the shrinking rows of a triangular search share the work evenly.
func parallel(n int, fn func(i int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// DuplicateIndices returns the distinct indices on one side of pairs (the A side, or the B side
// with sideB), sorted: e.g. the test images that have a copy in the training set, to leave out.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func DuplicateIndices(pairs []Duplicate, sideB bool) []int {
	var out []int
	for _, p := range pairs {
		if sideB {
			out = append(out, p.B)
		} else {
			out = append(out, p.A)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Without returns a copy of d without the examples at indices (in any order, repeats allowed),
// keeping the others in their order.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func (d *Images) Without(indices []int) (*Images, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	drop := make([]bool, d.N)
	for j, i := range indices {
		if i < 0 || i >= d.N {
			return nil, fmt.Errorf("datasets: %s: Without index %d (position %d) out of range [0, %d)", d.Name, i, j, d.N)
		}
		drop[i] = true
	}
	keep := make([]int, 0, d.N)
	for i, dropped := range drop {
		if !dropped {
			keep = append(keep, i)
		}
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("datasets: %s: Without would leave no examples", d.Name)
	}
	return d.Subset(keep)
}
