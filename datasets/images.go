package datasets

import (
	"fmt"
	"math"
	"slices"
)

// Images is an in-memory image classification dataset.
//
// Pixels holds all images back to back in NHWC order (example, row, column,
// channel), the layout GoMLX's convolutions expect by default. Loaders scale
// pixels to [0, 1]. Values are shared, not copied, by Image; every method that
// changes values (Normalize, Subset, Take) returns a new *Images so a dataset
// loaded once can be reused safely by several notebook cells.
type Images struct {
	// Name identifies the set in errors, logs and plots, e.g. "MNIST train".
	Name string
	// N is the number of examples.
	N int
	// Height, Width and Channels are the dimensions of each image.
	Height, Width, Channels int
	// Pixels holds N*Height*Width*Channels values, NHWC.
	Pixels []float32
	// Labels holds N class indices into ClassNames.
	Labels []int32
	// ClassNames names the classes, e.g. "0".."9" for MNIST. When empty,
	// labels are only required to be non-negative.
	ClassNames []string
}

// ImageSize is the number of float32 values per image: Height*Width*Channels.
func (d *Images) ImageSize() int { return d.Height * d.Width * d.Channels }

// NumClasses is len(ClassNames).
func (d *Images) NumClasses() int { return len(d.ClassNames) }

// Image returns the pixels of example i, HWC, sharing memory with d.Pixels:
// copy it before modifying it. Like slice indexing, it panics if i is out of
// range [0, N): an index is the caller's arithmetic, not input data.
func (d *Images) Image(i int) []float32 {
	if i < 0 || i >= d.N {
		panic(fmt.Sprintf("datasets: %s: Image(%d) out of range [0, %d)", d.Name, i, d.N))
	}
	size := d.ImageSize()
	return d.Pixels[i*size : (i+1)*size : (i+1)*size]
}

// Validate checks that the dimensions are positive and agree with the lengths
// of Pixels and Labels, that every pixel is finite (a NaN or infinite input
// makes the loss NaN at the first step, whatever the learning rate), and that
// every label is a valid class.
func (d *Images) Validate() error {
	if d == nil {
		return fmt.Errorf("datasets: nil *Images")
	}
	if d.N <= 0 || d.Height <= 0 || d.Width <= 0 || d.Channels <= 0 {
		return fmt.Errorf("datasets: %s: dimensions N=%d, H=%d, W=%d, C=%d must all be positive",
			d.Name, d.N, d.Height, d.Width, d.Channels)
	}
	if want := d.N * d.ImageSize(); len(d.Pixels) != want {
		return fmt.Errorf("datasets: %s: %d pixel values, want N*H*W*C = %d*%d*%d*%d = %d",
			d.Name, len(d.Pixels), d.N, d.Height, d.Width, d.Channels, want)
	}
	if i := firstNonFinite(d.Pixels); i >= 0 {
		return fmt.Errorf("datasets: %s: %s", d.Name, d.describePixel(i))
	}
	if len(d.Labels) != d.N {
		return fmt.Errorf("datasets: %s: %d labels for %d images", d.Name, len(d.Labels), d.N)
	}
	numClasses := len(d.ClassNames)
	for i, l := range d.Labels {
		if l < 0 || (numClasses > 0 && int(l) >= numClasses) {
			return fmt.Errorf("datasets: %s: label %d of example %d is not a class in 0..%d",
				d.Name, l, i, numClasses-1)
		}
	}
	return nil
}

// firstNonFinite is the index of the first NaN or infinite value, or -1.
func firstNonFinite(values []float32) int {
	for i, v := range values {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return i
		}
	}
	return -1
}

// describePixel locates the value at index i of Pixels, e.g. "pixel value 1234 (example 1,
// row 16, column 1, channel 0) is NaN".
func (d *Images) describePixel(i int) string {
	size := d.ImageSize()
	example, rest := i/size, i%size
	row, rest := rest/(d.Width*d.Channels), rest%(d.Width*d.Channels)
	return fmt.Sprintf("pixel value %d (example %d, row %d, column %d, channel %d) is %v",
		i, example, row, rest/d.Channels, rest%d.Channels, d.Pixels[i])
}

// Subset returns a new dataset with the examples at indices, in that order
// (repeats allowed). Pixels and labels are copied.
func (d *Images) Subset(indices []int) (*Images, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(indices) == 0 {
		return nil, fmt.Errorf("datasets: %s: Subset of no indices: a dataset needs at least one example", d.Name)
	}
	size := d.ImageSize()
	out := d.emptyLike(d.Name, len(indices))
	for j, i := range indices {
		if i < 0 || i >= d.N {
			return nil, fmt.Errorf("datasets: %s: Subset index %d (position %d) out of range [0, %d)", d.Name, i, j, d.N)
		}
		copy(out.Pixels[j*size:(j+1)*size], d.Pixels[i*size:(i+1)*size])
		out.Labels[j] = d.Labels[i]
	}
	return out, nil
}

// Take returns a copy of the first n examples, e.g. to make a quick notebook
// run on 1,000 training images.
func (d *Images) Take(n int) (*Images, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if n <= 0 || n > d.N {
		return nil, fmt.Errorf("datasets: %s: Take(%d): want 1..%d", d.Name, n, d.N)
	}
	out := d.emptyLike(d.Name, n)
	copy(out.Pixels, d.Pixels[:n*d.ImageSize()])
	copy(out.Labels, d.Labels[:n])
	return out, nil
}

// emptyLike returns a dataset with d's image shape and class names and room
// for n examples.
func (d *Images) emptyLike(name string, n int) *Images {
	return &Images{
		Name:       name,
		N:          n,
		Height:     d.Height,
		Width:      d.Width,
		Channels:   d.Channels,
		Pixels:     make([]float32, n*d.ImageSize()),
		Labels:     make([]int32, n),
		ClassNames: slices.Clone(d.ClassNames),
	}
}

// ClassCounts returns how many examples each class has, indexed by label. Its
// length is NumClasses, or max label + 1 when ClassNames is empty.
func (d *Images) ClassCounts() []int {
	n := len(d.ClassNames)
	for _, l := range d.Labels {
		n = max(n, int(l)+1)
	}
	counts := make([]int, n)
	for _, l := range d.Labels {
		if l >= 0 {
			counts[l]++
		}
	}
	return counts
}
