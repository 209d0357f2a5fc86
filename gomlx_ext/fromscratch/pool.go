package fromscratch

import (
	"fmt"
	"math"
)

// Pooling shrinks feature maps by summarising each window×window block, channel by channel: max
// pooling keeps the block's largest value (did the feature occur anywhere here?), mean pooling its
// average. It has no weights. Only windows that fit inside the map are used (no padding), as in
// Keras and layers.MaxPool2D.

// MaxPool2D returns, for every image, channel and window position (i, j), the largest value of x
// in rows i·stride … i·stride+window−1 and the same columns: [N, outH, outW, C] with outH =
// ⌊(H − window)/stride⌋ + 1.
//
// Introduced in notebooks/09_convolution.ipynb.
func MaxPool2D(x Maps, window, stride int) (Maps, error) {
	return Pool2D("MaxPool2D", x, window, stride, func(block []float64) float64 {
		best := math.Inf(-1)
		for _, v := range block {
			best = math.Max(best, v)
		}
		return best
	})
}

// MeanPool2D is MaxPool2D with the average of each window instead of its maximum.
//
// Introduced in notebooks/09_convolution.ipynb.
func MeanPool2D(x Maps, window, stride int) (Maps, error) {
	return Pool2D("MeanPool2D", x, window, stride, func(block []float64) float64 {
		sum := 0.0
		for _, v := range block {
			sum += v
		}
		return sum / float64(len(block))
	})
}

// Pool2D slides a window×window window over each channel of x at the given stride (no padding) and
// replaces every window by reduce(its values, row by row); name labels errors. MaxPool2D and
// MeanPool2D are Pool2D with a maximum and a mean.
//
// Introduced in notebooks/09_convolution.ipynb.
func Pool2D(name string, x Maps, window, stride int, reduce func(block []float64) float64) (Maps, error) {
	if err := x.Validate(); err != nil {
		return Maps{}, fmt.Errorf("%s input: %w", name, err)
	}
	outH, err := OutputSize(x.H, window, stride, PadValid)
	if err != nil {
		return Maps{}, fmt.Errorf("%s rows: %w", name, err)
	}
	outW, err := OutputSize(x.W, window, stride, PadValid)
	if err != nil {
		return Maps{}, fmt.Errorf("%s columns: %w", name, err)
	}
	y, _ := NewMaps(x.N, outH, outW, x.C)
	block := make([]float64, 0, window*window)
	for n := range x.N {
		for i := range outH {
			for j := range outW {
				for c := range x.C {
					block = block[:0]
					for u := range window {
						for v := range window {
							block = append(block, x.At(n, i*stride+u, j*stride+v, c))
						}
					}
					y.Set(n, i, j, c, reduce(block))
				}
			}
		}
	}
	return y, nil
}
