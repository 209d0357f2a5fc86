package fromscratch

import (
	"fmt"
	"math"
)

// Filter is one filter shown with its feature maps: a kernel for Corr2D, a bias added to every
// value, and whether the map then goes through ReLU. A learned filter's Map is the filter's own
// response, ReLU(correlation + bias) at every pixel: a picture of what the filter detects, not
// what the network passes on (a convolution layer followed by pooling, as SeedCNN's, pools its
// valid map before the ReLU and never forms this same-padded one). A hand-set kernel (a Sobel
// edge detector, a blur) has Bias 0 and ReLU false: its map is the plain correlation, of either
// sign.
//
// Introduced in notebooks/09_convolution.ipynb.
type Filter struct {
	Name    string      // shown beside the filter, e.g. "learned filter 3"
	Weights [][]float64 // kh×kw; odd sizes keep a same-padded map centred on its pixel
	Bias    float64     // added to every value of the correlation
	ReLU    bool        // the map is max(0, correlation + Bias)
}

// Map is f's feature map of the one-channel image x with stride 1 and same padding, so that it
// has x's size and lies over x pixel for pixel: Corr2D(x, Weights) + Bias, then ReLU if f.ReLU.
// Its inner part, away from the padding, is Conv2D's valid map with the same weights and bias
// (after ReLU if f.ReLU).
//
// Introduced in notebooks/09_convolution.ipynb.
func (f Filter) Map(x [][]float64) ([][]float64, error) {
	m, err := Corr2D(x, f.Weights, 1, PadSame)
	if err != nil {
		return nil, fmt.Errorf("filter %q: %w", f.Name, err)
	}
	for _, row := range m {
		for j, v := range row {
			v += f.Bias
			if f.ReLU {
				v = math.Max(0, v)
			}
			row[j] = v
		}
	}
	return m, nil
}

// RoundingBound bounds how far any value of f's map, computed in float64, can lie from the exact
// value, on an image whose pixels satisfy |x| ≤ xMax. A value is an inner product of length
// n = kh·kw + 1 (the products xᵢwᵢ and the bias as b·1); evaluated in any order it lies within
// γₙ·Σ|xᵢwᵢ| of the exact value, γₙ = n·u/(1 − n·u), u = 2⁻⁵³ (Higham, Accuracy and Stability of
// Numerical Algorithms, 2nd ed., eq. 3.5), and Σ|xᵢwᵢ| ≤ xMax·Σ|w| + |b|. ReLU does not widen a
// difference. Two implementations that both meet the bound differ by at most twice it. It covers
// any float64 evaluation that forms each value as this dot product, directly or as im2col followed
// by a matrix product (GEMM); not Winograd or FFT convolutions, which transform the inputs first
// and so round differently.
//
// Introduced in notebooks/09_convolution.ipynb.
func (f Filter) RoundingBound(xMax float64) float64 {
	const u = 0x1p-53
	n, absSum := 1.0, math.Abs(f.Bias)
	for _, row := range f.Weights {
		for _, w := range row {
			n++
			absSum += xMax * math.Abs(w)
		}
	}
	return n * u / (1 - n*u) * absSum
}

// LearnedFilters returns the filters of a trained first convolution layer, kernel [kh, kw, 1,
// out] with one bias per output channel, named "learned filter 0", "learned filter 1", …, with
// ReLU on, as the layer computes them.
//
// Introduced in notebooks/09_convolution.ipynb.
func LearnedFilters(kernel Kernel, biases []float64) ([]Filter, error) {
	if err := kernel.Validate(); err != nil {
		return nil, fmt.Errorf("learned filters: %w", err)
	}
	if kernel.In != 1 {
		return nil, fmt.Errorf("learned filters: kernel %v has %d input channels, want 1 (a first layer on one-channel images)", kernel.Shape(), kernel.In)
	}
	if len(biases) != kernel.Out {
		return nil, fmt.Errorf("learned filters: %d biases for kernel %v's %d filters", len(biases), kernel.Shape(), kernel.Out)
	}
	filters := make([]Filter, kernel.Out)
	for f := range filters {
		filters[f] = Filter{Name: fmt.Sprintf("learned filter %d", f), Weights: kernel.Filter(0, f), Bias: biases[f], ReLU: true}
	}
	return filters, nil
}

// FeatureMaps returns every filter's map of every image: maps[f][i] = filters[f].Map(images[i]).
//
// Introduced in notebooks/09_convolution.ipynb.
func FeatureMaps(filters []Filter, images [][][]float64) ([][][][]float64, error) {
	if len(filters) == 0 || len(images) == 0 {
		return nil, fmt.Errorf("feature maps: %d filters and %d images, want at least one of each", len(filters), len(images))
	}
	maps := make([][][][]float64, len(filters))
	for f, filter := range filters {
		maps[f] = make([][][]float64, len(images))
		for i, x := range images {
			m, err := filter.Map(x)
			if err != nil {
				return nil, fmt.Errorf("feature maps: image %d: %w", i, err)
			}
			maps[f][i] = m
		}
	}
	return maps, nil
}
