package fromscratch

import "fmt"

// The backward passes of pooling. A max-pool output is one of its window's inputs, so its
// gradient flows to that input alone — the window's argmax — and every other input of the
// window gets nothing from it; where windows overlap (stride < window) an input collects the
// gradients of every window it wins. A mean-pool output is the average of its window, so each
// input gets δ / window² from every window that holds it.

// MaxPool2DBackward returns ∂L/∂x for y = MaxPool2D(x, window, stride), given dy = ∂L/∂y:
// each dy value is added at the position of its window's largest x (the first one, row by row,
// if several tie; GoMLX and other frameworks may break ties differently, and then a gradient
// check at a tie disagrees).
//
// Introduced in notebooks/09_convolution.ipynb.
func MaxPool2DBackward(x, dy Maps, window, stride int) (Maps, error) {
	outH, outW, err := poolBackwardShape("MaxPool2DBackward", x, dy, window, stride)
	if err != nil {
		return Maps{}, err
	}
	dx, _ := NewMaps(x.N, x.H, x.W, x.C)
	for n := range x.N {
		for i := range outH {
			for j := range outW {
				for c := range x.C {
					bestR, bestQ := i*stride, j*stride
					for u := range window {
						for v := range window {
							r, q := i*stride+u, j*stride+v
							if x.At(n, r, q, c) > x.At(n, bestR, bestQ, c) {
								bestR, bestQ = r, q
							}
						}
					}
					dx.Set(n, bestR, bestQ, c, dx.At(n, bestR, bestQ, c)+dy.At(n, i, j, c))
				}
			}
		}
	}
	return dx, nil
}

// MeanPool2DBackward returns ∂L/∂x for y = MeanPool2D(x, window, stride), given dy = ∂L/∂y:
// each dy value is spread evenly, dy / window², over its window. It reads only x's shape.
//
// Introduced in notebooks/09_convolution.ipynb.
func MeanPool2DBackward(x, dy Maps, window, stride int) (Maps, error) {
	outH, outW, err := poolBackwardShape("MeanPool2DBackward", x, dy, window, stride)
	if err != nil {
		return Maps{}, err
	}
	dx, _ := NewMaps(x.N, x.H, x.W, x.C)
	share := 1 / float64(window*window)
	for n := range x.N {
		for i := range outH {
			for j := range outW {
				for c := range x.C {
					for u := range window {
						for v := range window {
							r, q := i*stride+u, j*stride+v
							dx.Set(n, r, q, c, dx.At(n, r, q, c)+share*dy.At(n, i, j, c))
						}
					}
				}
			}
		}
	}
	return dx, nil
}

// poolBackwardShape checks x and dy and returns the pooled height and width, which dy must have.
func poolBackwardShape(name string, x, dy Maps, window, stride int) (outH, outW int, err error) {
	if err := x.Validate(); err != nil {
		return 0, 0, fmt.Errorf("%s input: %w", name, err)
	}
	if err := dy.Validate(); err != nil {
		return 0, 0, fmt.Errorf("%s output gradient: %w", name, err)
	}
	if outH, err = OutputSize(x.H, window, stride, PadValid); err != nil {
		return 0, 0, fmt.Errorf("%s rows: %w", name, err)
	}
	if outW, err = OutputSize(x.W, window, stride, PadValid); err != nil {
		return 0, 0, fmt.Errorf("%s columns: %w", name, err)
	}
	if want := []int{x.N, outH, outW, x.C}; fmt.Sprint(dy.Shape()) != fmt.Sprint(want) {
		return 0, 0, fmt.Errorf("%s: output gradient has shape %v, the pooled output is %v", name, dy.Shape(), want)
	}
	return outH, outW, nil
}
