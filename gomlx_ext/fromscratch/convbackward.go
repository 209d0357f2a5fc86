package fromscratch

import "fmt"

// The backward pass of Conv2D. Every output is y[n,i,j,f] = b[f] + Σ_{u,v,c} x[n, i·s+u−p, j·s+v−p, c]·K[u,v,c,f],
// linear in x, in K and in b, so with δ = ∂L/∂y each gradient is the sum, over the outputs
// that a value touches, of δ times what multiplies that value there:
//
//	∂L/∂K[u,v,c,f] = Σ_{n,i,j} x[n, i·s+u−p, j·s+v−p, c] · δ[n,i,j,f]   (x correlated with δ)
//	∂L/∂x[n,r,q,c] = Σ_{f,u,v} δ[n, (r+p−u)/s, (q+p−v)/s, f] · K[u,v,c,f]  (δ fully convolved with K)
//	∂L/∂b[f]       = Σ_{n,i,j} δ[n,i,j,f]
//
// In the second line only the (u, v) for which (r+p−u)/s and (q+p−v)/s are whole numbers and
// inside δ count. As u runs forward, δ's row index runs backward: the kernel is flipped, and
// near the border of x only part of it overlaps δ ("full" convolution, δ padded by k−1 with
// zeros). At stride 1 and valid padding the two sums are exactly Corr2D(x, δ) and
// Corr2D(δ padded by k−1, K rotated by 180°); a stride s spaces δ's values s apart.

// Conv2DBackward returns the gradients of a loss L with respect to the input x, the kernel and
// the bias of y = Conv2D(x, kernel, bias, stride, padding), given dy = ∂L/∂y (the shape of y).
// db has one value per filter (use it or not: it does not depend on whether Conv2D had a bias).
//
// Introduced in notebooks/09_convolution.ipynb.
func Conv2DBackward(x Maps, kernel Kernel, dy Maps, stride int, padding Padding) (dx Maps, dK Kernel, db []float64, err error) {
	if err := x.Validate(); err != nil {
		return Maps{}, Kernel{}, nil, fmt.Errorf("Conv2DBackward input: %w", err)
	}
	if err := kernel.Validate(); err != nil {
		return Maps{}, Kernel{}, nil, fmt.Errorf("Conv2DBackward: %w", err)
	}
	if err := dy.Validate(); err != nil {
		return Maps{}, Kernel{}, nil, fmt.Errorf("Conv2DBackward output gradient: %w", err)
	}
	if kernel.In != x.C {
		return Maps{}, Kernel{}, nil, fmt.Errorf("Conv2DBackward: kernel %v expects %d input channels, input %v has %d", kernel.Shape(), kernel.In, x.Shape(), x.C)
	}
	outH, err := OutputSize(x.H, kernel.KH, stride, padding)
	if err != nil {
		return Maps{}, Kernel{}, nil, fmt.Errorf("Conv2DBackward rows: %w", err)
	}
	outW, err := OutputSize(x.W, kernel.KW, stride, padding)
	if err != nil {
		return Maps{}, Kernel{}, nil, fmt.Errorf("Conv2DBackward columns: %w", err)
	}
	if want := []int{x.N, outH, outW, kernel.Out}; fmt.Sprint(dy.Shape()) != fmt.Sprint(want) {
		return Maps{}, Kernel{}, nil, fmt.Errorf("Conv2DBackward: output gradient has shape %v, the convolution's output is %v", dy.Shape(), want)
	}
	top, _ := padding.Amount(kernel.KH)
	left, _ := padding.Amount(kernel.KW)

	// dK: for each weight, slide δ over x (spaced stride apart) and sum the products.
	dK, _ = NewKernel(kernel.KH, kernel.KW, kernel.In, kernel.Out)
	for u := range kernel.KH {
		for v := range kernel.KW {
			for c := range x.C {
				for f := range kernel.Out {
					sum := 0.0
					for n := range x.N {
						for i := range outH {
							for j := range outW {
								r, q := i*stride+u-top, j*stride+v-left
								if r >= 0 && r < x.H && q >= 0 && q < x.W { // padding has no gradient
									sum += x.At(n, r, q, c) * dy.At(n, i, j, f)
								}
							}
						}
					}
					dK.Set(u, v, c, f, sum)
				}
			}
		}
	}

	// dx: for each input value, the outputs whose window covered it, each through the weight
	// that multiplied it there — δ at (r+p−u)/s, the kernel at (u, v): the flipped kernel.
	dx, _ = NewMaps(x.N, x.H, x.W, x.C)
	for n := range x.N {
		for r := range x.H {
			for q := range x.W {
				for c := range x.C {
					sum := 0.0
					for u := range kernel.KH {
						for v := range kernel.KW {
							ri, qj := r+top-u, q+left-v
							if ri < 0 || qj < 0 || ri%stride != 0 || qj%stride != 0 {
								continue // no window puts weight (u, v) on this pixel
							}
							i, j := ri/stride, qj/stride
							if i >= outH || j >= outW {
								continue
							}
							for f := range kernel.Out {
								sum += dy.At(n, i, j, f) * kernel.At(u, v, c, f)
							}
						}
					}
					dx.Set(n, r, q, c, sum)
				}
			}
		}
	}

	db = make([]float64, kernel.Out)
	for idx, d := range dy.Data {
		db[idx%kernel.Out] += d // channels last: the filter is the fastest index
	}
	return dx, dK, db, nil
}
