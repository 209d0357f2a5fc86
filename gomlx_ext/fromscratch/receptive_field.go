package fromscratch

import (
	"fmt"
	"math"
)

// Window is one layer of a stack of convolutions and poolings, as far as geometry goes: the side
// of its kernel (or pooling window) and its stride.
//
// Introduced in notebooks/09_convolution.ipynb.
type Window struct {
	// Name labels the layer in printed tables.
	Name string
	// Size is the side of the square kernel or pooling window.
	Size int
	// Stride is the step between neighbouring windows.
	Stride int
}

// Field is the receptive field of one output value after a layer: the side, in input pixels, of
// the square of the input that can change it, and the jump, in input pixels, between the
// fields of two neighbouring outputs.
//
// Introduced in notebooks/09_convolution.ipynb.
type Field struct {
	Layer string
	Size  int
	Jump  int
}

// ReceptiveField returns the receptive field after each layer of stack, by the recurrence
//
//	size_l = size_{l−1} + (k_l − 1)·jump_{l−1},   jump_l = jump_{l−1}·s_l,
//
// starting from one pixel (size 1, jump 1): a k×k window over outputs that are jump pixels apart
// reaches k−1 more of them. Padding moves a field but does not change its size.
//
// Introduced in notebooks/09_convolution.ipynb.
func ReceptiveField(stack []Window) ([]Field, error) {
	if len(stack) == 0 {
		return nil, fmt.Errorf("receptive field: no layers")
	}
	fields := make([]Field, len(stack))
	size, jump := 1, 1
	for l, w := range stack {
		if w.Size < 1 || w.Stride < 1 {
			return nil, fmt.Errorf("receptive field: layer %d (%q) has window %d and stride %d, want both at least 1", l, w.Name, w.Size, w.Stride)
		}
		size += (w.Size - 1) * jump
		jump *= w.Stride
		fields[l] = Field{Layer: w.Name, Size: size, Jump: jump}
	}
	return fields, nil
}

// MeasureReceptiveField finds by experiment which input pixels reach the output value at the
// centre of forward's first channel, on a single-channel h×w input: it sets one input pixel at a
// time to 1 (all others 0) and records which ones change that output. It returns the height and
// width of the smallest rectangle holding them (0, 0 if none does). forward must not cancel a
// signal on its way (convolutions with positive weights, max or mean pooling, ReLU), or pixels
// inside the field can look outside it.
//
// Introduced in notebooks/09_convolution.ipynb.
func MeasureReceptiveField(forward func(x Maps) (Maps, error), h, w int) (rows, cols int, err error) {
	x, err := NewMaps(1, h, w, 1)
	if err != nil {
		return 0, 0, fmt.Errorf("measure receptive field: %w", err)
	}
	base, err := forward(x)
	if err != nil {
		return 0, 0, fmt.Errorf("measure receptive field: forward on zeros: %w", err)
	}
	ci, cj := base.H/2, base.W/2
	centre := base.At(0, ci, cj, 0)
	minR, maxR, minC, maxC := h, -1, w, -1
	for r := range h {
		for c := range w {
			x.Set(0, r, c, 0, 1)
			y, err := forward(x)
			x.Set(0, r, c, 0, 0)
			if err != nil {
				return 0, 0, fmt.Errorf("measure receptive field: forward with pixel (%d, %d) set: %w", r, c, err)
			}
			if y.N != base.N || y.H != base.H || y.W != base.W {
				return 0, 0, fmt.Errorf("measure receptive field: output shape %v changed to %v", base.Shape(), y.Shape())
			}
			if math.Abs(y.At(0, ci, cj, 0)-centre) > 0 {
				minR, maxR = min(minR, r), max(maxR, r)
				minC, maxC = min(minC, c), max(maxC, c)
			}
		}
	}
	if maxR < 0 {
		return 0, 0, nil
	}
	return maxR - minR + 1, maxC - minC + 1, nil
}
