package fromscratch

import "fmt"

// Convolution as a deep-learning layer computes it: a small kernel slides over the image and, at
// every position, the dot product of the kernel with the pixels under it is one output value.
// (Mathematicians call this cross-correlation; a true convolution flips the kernel first. Every
// framework, GoMLX included, computes the unflipped version and calls it convolution.)

// Padding says what happens at the border of a convolution.
//
// Introduced in notebooks/09_convolution.ipynb.
type Padding int

const (
	// PadValid keeps only the positions where the whole kernel lies inside the image: a k×k kernel
	// shrinks each side by k−1 (at stride 1).
	PadValid Padding = iota
	// PadSame surrounds the image with zeros, ⌊(k−1)/2⌋ before and ⌊k/2⌋ after on each axis,
	// whatever the stride: GoMLX's split (graph.Convolve's PadSame, pkg/core/graph/ops_convolve.go
	// in v0.26). k−1 zeros in all, so at stride 1 the output has the input's height and width, and
	// at stride s it has ⌊(H−1)/s⌋ + 1 = ⌈H/s⌉ rows. TensorFlow's and JAX's "SAME" also give ⌈H/s⌉
	// rows but pad only P = max((⌈H/s⌉−1)·s + k − H, 0) zeros, ⌊P/2⌋ of them before: at H = 28,
	// k = 3, s = 2 that is 0 before and 1 after where GoMLX (and PadSame) put 1 and 1, so each of
	// TensorFlow's windows sits one pixel further down and right than GoMLX's. At stride 1 the two
	// splits agree.
	PadSame
)

// String names the padding as the notebooks and GoMLX do.
func (p Padding) String() string {
	switch p {
	case PadValid:
		return "valid"
	case PadSame:
		return "same"
	}
	return fmt.Sprintf("Padding(%d)", int(p))
}

// Amount returns the zero rows (or columns) added before and after the image on an axis for a
// kernel of size k.
//
// Introduced in notebooks/09_convolution.ipynb.
func (p Padding) Amount(k int) (before, after int) {
	if p == PadSame {
		return (k - 1) / 2, k / 2
	}
	return 0, 0
}

func (p Padding) check() error {
	if p != PadValid && p != PadSame {
		return fmt.Errorf("padding %d is neither PadValid nor PadSame", int(p))
	}
	return nil
}

// OutputSize returns how many positions a kernel of size k takes along an axis of size n at the
// given stride and padding: ⌊(n − k + p_before + p_after) / s⌋ + 1, which for an odd k and
// symmetric padding p is the familiar (n − k + 2p)/s + 1. It is an error when the kernel does not
// fit even once.
//
// Introduced in notebooks/09_convolution.ipynb.
func OutputSize(n, k, stride int, padding Padding) (int, error) {
	if err := padding.check(); err != nil {
		return 0, err
	}
	if n < 1 || k < 1 || stride < 1 {
		return 0, fmt.Errorf("output size: input %d, kernel %d, stride %d: each must be at least 1", n, k, stride)
	}
	before, after := padding.Amount(k)
	padded := n + before + after
	if k > padded {
		return 0, fmt.Errorf("output size: kernel %d does not fit input %d with %s padding (%d after padding)", k, n, padding, padded)
	}
	return (padded-k)/stride + 1, nil
}

// Corr2D slides kernel over the single-channel image x with the given stride and padding and
// returns the map of dot products: out[i][j] = Σ_u Σ_v x[i·s+u−p][j·s+v−p] · kernel[u][v], where
// pixels outside x (in the padding) count as zero. The kernel may be rectangular.
//
// Introduced in notebooks/09_convolution.ipynb.
func Corr2D(x, kernel [][]float64, stride int, padding Padding) ([][]float64, error) {
	if err := CheckMatrix("image", x); err != nil {
		return nil, fmt.Errorf("Corr2D: %w", err)
	}
	if err := CheckMatrix("kernel", kernel); err != nil {
		return nil, fmt.Errorf("Corr2D: %w", err)
	}
	h, w, kh, kw := len(x), len(x[0]), len(kernel), len(kernel[0])
	outH, err := OutputSize(h, kh, stride, padding)
	if err != nil {
		return nil, fmt.Errorf("Corr2D rows: %w", err)
	}
	outW, err := OutputSize(w, kw, stride, padding)
	if err != nil {
		return nil, fmt.Errorf("Corr2D columns: %w", err)
	}
	top, _ := padding.Amount(kh)
	left, _ := padding.Amount(kw)

	out := newMatrix(outH, outW)
	for i := range outH {
		for j := range outW {
			sum := 0.0
			for u := range kh {
				for v := range kw {
					r, c := i*stride+u-top, j*stride+v-left
					if r >= 0 && r < h && c >= 0 && c < w { // outside x is zero padding
						sum += x[r][c] * kernel[u][v]
					}
				}
			}
			out[i][j] = sum
		}
	}
	return out, nil
}

// Maps is a batch of N images (or feature maps) of H×W pixels with C channels each, stored flat
// with channels last (NHWC, GoMLX's layout for images): value (n, i, j, c) is
// Data[((n·H+i)·W+j)·C+c].
//
// Introduced in notebooks/09_convolution.ipynb.
type Maps struct {
	N, H, W, C int
	Data       []float64
}

// NewMaps returns zero-filled maps of the given shape.
//
// Introduced in notebooks/09_convolution.ipynb.
func NewMaps(n, h, w, c int) (Maps, error) {
	if n < 1 || h < 1 || w < 1 || c < 1 {
		return Maps{}, fmt.Errorf("maps shape [%d %d %d %d]: every dimension must be at least 1", n, h, w, c)
	}
	return Maps{N: n, H: h, W: w, C: c, Data: make([]float64, n*h*w*c)}, nil
}

// MapsFromGrid wraps one single-channel image as Maps [1, H, W, 1].
//
// Introduced in notebooks/09_convolution.ipynb.
func MapsFromGrid(x [][]float64) (Maps, error) {
	if err := CheckMatrix("image", x); err != nil {
		return Maps{}, err
	}
	m, _ := NewMaps(1, len(x), len(x[0]), 1)
	for i, row := range x {
		copy(m.Data[i*m.W:(i+1)*m.W], row)
	}
	return m, nil
}

// At returns value (n, i, j, c).
func (m Maps) At(n, i, j, c int) float64 { return m.Data[((n*m.H+i)*m.W+j)*m.C+c] }

// Set stores value (n, i, j, c).
func (m Maps) Set(n, i, j, c int, v float64) { m.Data[((n*m.H+i)*m.W+j)*m.C+c] = v }

// Grid returns channel c of image n as an H×W matrix (a copy).
func (m Maps) Grid(n, c int) [][]float64 {
	g := newMatrix(m.H, m.W)
	for i := range m.H {
		for j := range m.W {
			g[i][j] = m.At(n, i, j, c)
		}
	}
	return g
}

// Shape returns [N, H, W, C].
func (m Maps) Shape() []int { return []int{m.N, m.H, m.W, m.C} }

// Validate reports maps whose dimensions are not positive, whose data has the wrong length, or
// which hold NaN or ±Inf.
func (m Maps) Validate() error {
	if m.N < 1 || m.H < 1 || m.W < 1 || m.C < 1 {
		return fmt.Errorf("maps shape %v: every dimension must be at least 1", m.Shape())
	}
	if len(m.Data) != m.N*m.H*m.W*m.C {
		return fmt.Errorf("maps shape %v needs %d values, has %d", m.Shape(), m.N*m.H*m.W*m.C, len(m.Data))
	}
	return CheckVector("maps", m.Data, len(m.Data))
}

// Kernel holds a convolution's weights: Out filters, each KH×KW over In input channels, stored
// flat in GoMLX's and Keras's order [KH, KW, In, Out]: weight (u, v, c, f) is
// Data[((u·KW+v)·In+c)·Out+f].
//
// Introduced in notebooks/09_convolution.ipynb.
type Kernel struct {
	KH, KW, In, Out int
	Data            []float64
}

// NewKernel returns a zero kernel of the given shape.
//
// Introduced in notebooks/09_convolution.ipynb.
func NewKernel(kh, kw, in, out int) (Kernel, error) {
	if kh < 1 || kw < 1 || in < 1 || out < 1 {
		return Kernel{}, fmt.Errorf("kernel shape [%d %d %d %d]: every dimension must be at least 1", kh, kw, in, out)
	}
	return Kernel{KH: kh, KW: kw, In: in, Out: out, Data: make([]float64, kh*kw*in*out)}, nil
}

// At returns weight (u, v, c, f).
func (k Kernel) At(u, v, c, f int) float64 { return k.Data[((u*k.KW+v)*k.In+c)*k.Out+f] }

// Set stores weight (u, v, c, f).
func (k Kernel) Set(u, v, c, f int, w float64) { k.Data[((u*k.KW+v)*k.In+c)*k.Out+f] = w }

// Filter returns filter f's weights on input channel c as a KH×KW matrix (a copy).
func (k Kernel) Filter(c, f int) [][]float64 {
	g := newMatrix(k.KH, k.KW)
	for u := range k.KH {
		for v := range k.KW {
			g[u][v] = k.At(u, v, c, f)
		}
	}
	return g
}

// Shape returns [KH, KW, In, Out].
func (k Kernel) Shape() []int { return []int{k.KH, k.KW, k.In, k.Out} }

// Params returns the number of weights, KH·KW·In·Out.
func (k Kernel) Params() int { return k.KH * k.KW * k.In * k.Out }

// Validate reports a kernel whose dimensions are not positive, whose data has the wrong length,
// or which holds NaN or ±Inf.
func (k Kernel) Validate() error {
	if k.KH < 1 || k.KW < 1 || k.In < 1 || k.Out < 1 {
		return fmt.Errorf("kernel shape %v: every dimension must be at least 1", k.Shape())
	}
	if len(k.Data) != k.Params() {
		return fmt.Errorf("kernel shape %v needs %d values, has %d", k.Shape(), k.Params(), len(k.Data))
	}
	return CheckVector("kernel", k.Data, len(k.Data))
}

// Conv2D is the convolution layer of a CNN, written as loops: for every image n, output position
// (i, j) and filter f, the dot product of filter f with the KH×KW×C block of x under it, plus
// bias[f]. bias is nil (no bias) or has one value per filter. It returns [N, outH, outW, Out], with
// outH and outW from OutputSize.
//
// Introduced in notebooks/09_convolution.ipynb.
func Conv2D(x Maps, kernel Kernel, bias []float64, stride int, padding Padding) (Maps, error) {
	if err := x.Validate(); err != nil {
		return Maps{}, fmt.Errorf("Conv2D input: %w", err)
	}
	if err := kernel.Validate(); err != nil {
		return Maps{}, fmt.Errorf("Conv2D: %w", err)
	}
	if kernel.In != x.C {
		return Maps{}, fmt.Errorf("Conv2D: kernel %v expects %d input channels, input %v has %d", kernel.Shape(), kernel.In, x.Shape(), x.C)
	}
	if bias != nil {
		if len(bias) != kernel.Out {
			return Maps{}, fmt.Errorf("Conv2D: bias has %d values, kernel has %d filters", len(bias), kernel.Out)
		}
		if err := CheckVector("bias", bias, len(bias)); err != nil {
			return Maps{}, fmt.Errorf("Conv2D: %w", err)
		}
	}
	outH, err := OutputSize(x.H, kernel.KH, stride, padding)
	if err != nil {
		return Maps{}, fmt.Errorf("Conv2D rows: %w", err)
	}
	outW, err := OutputSize(x.W, kernel.KW, stride, padding)
	if err != nil {
		return Maps{}, fmt.Errorf("Conv2D columns: %w", err)
	}
	top, _ := padding.Amount(kernel.KH)
	left, _ := padding.Amount(kernel.KW)

	y, _ := NewMaps(x.N, outH, outW, kernel.Out)
	for n := range x.N {
		for i := range outH {
			for j := range outW {
				for f := range kernel.Out {
					sum := 0.0
					if bias != nil {
						sum = bias[f]
					}
					for u := range kernel.KH {
						for v := range kernel.KW {
							r, c := i*stride+u-top, j*stride+v-left
							if r < 0 || r >= x.H || c < 0 || c >= x.W {
								continue // zero padding adds nothing
							}
							for ch := range x.C {
								sum += x.At(n, r, c, ch) * kernel.At(u, v, ch, f)
							}
						}
					}
					y.Set(n, i, j, f, sum)
				}
			}
		}
	}
	return y, nil
}
