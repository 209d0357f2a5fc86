package fromscratch_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// gradBackend is the backend the autodiff comparisons run on: DeepNB's compute backend, whatever
// $GOMLX_BACKEND says, because GoMLX's gradients of Convolve and MaxPool need ops (Reverse,
// SelectAndScatterMax) that the stock pure-Go backend lacks.
var gradBackend = sync.OnceValues(func() (backends.Backend, error) { return backend.NewWithConfig(backend.FastPureGo) })

// convCase is one geometry the backward pass must handle.
type convCase struct {
	n, h, w, in, kh, kw, out, stride int
	padding                          fromscratch.Padding
}

func (c convCase) String() string {
	return fmt.Sprintf("x%dx%dx%dx%d_k%dx%d_to%d_s%d_%s", c.n, c.h, c.w, c.in, c.kh, c.kw, c.out, c.stride, c.padding)
}

var convCases = []convCase{
	{2, 7, 6, 2, 3, 3, 3, 1, fromscratch.PadValid},
	{2, 7, 6, 2, 3, 3, 3, 1, fromscratch.PadSame},
	{2, 7, 6, 2, 3, 3, 3, 2, fromscratch.PadValid},
	{2, 8, 8, 2, 3, 3, 3, 2, fromscratch.PadSame}, // rows of x that no window of stride 2 reaches at the end
	{1, 9, 7, 3, 4, 4, 2, 1, fromscratch.PadSame}, // even kernel: 1 zero before, 2 after
	{1, 9, 7, 1, 3, 2, 2, 3, fromscratch.PadSame}, // rectangular kernel, stride 3
	{2, 6, 6, 2, 1, 1, 2, 2, fromscratch.PadValid},
	{1, 8, 7, 2, 4, 4, 2, 1, fromscratch.PadValid},
	{1, 8, 7, 2, 2, 2, 2, 1, fromscratch.PadValid},
	{1, 8, 7, 2, 2, 2, 2, 1, fromscratch.PadSame},
	{1, 8, 7, 2, 2, 2, 2, 2, fromscratch.PadValid},
}

// weightedLoss is L = Σ y·R for a fixed R of y's shape: ∂L/∂y = R differs at every element, so a
// gradient sent to the wrong place is caught (Σ y would give every output the same δ).
func weightedLoss(y, r fromscratch.Maps) float64 {
	sum := 0.0
	for i := range y.Data {
		sum += y.Data[i] * r.Data[i]
	}
	return sum
}

// Every element of dx, dK and db against central differences of L = Σ Conv2D(x, K, b)·R. L is
// linear in each, so a central difference is exact up to rounding: about ε·|L|/h ≈ 1e-9 here.
func TestConv2DBackwardMatchesCentralDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, tc := range convCases {
		t.Run(tc.String(), func(t *testing.T) {
			x := randomMaps(rng, tc.n, tc.h, tc.w, tc.in)
			kernel := randomKernel(rng, tc.kh, tc.kw, tc.in, tc.out)
			bias := randomMaps(rng, 1, 1, 1, tc.out).Data
			y, err := fromscratch.Conv2D(x, kernel, bias, tc.stride, tc.padding)
			if err != nil {
				t.Fatal(err)
			}
			r := randomMaps(rng, y.N, y.H, y.W, y.C)
			dx, dK, db, err := fromscratch.Conv2DBackward(x, kernel, r, tc.stride, tc.padding)
			if err != nil {
				t.Fatal(err)
			}
			loss := func(x fromscratch.Maps, k fromscratch.Kernel, b []float64) float64 {
				y, err := fromscratch.Conv2D(x, k, b, tc.stride, tc.padding)
				if err != nil {
					t.Fatal(err)
				}
				return weightedLoss(y, r)
			}
			numX := fromscratch.NumericalGradient(func(v []float64) float64 {
				return loss(fromscratch.Maps{N: x.N, H: x.H, W: x.W, C: x.C, Data: v}, kernel, bias)
			}, x.Data, 0)
			numK := fromscratch.NumericalGradient(func(v []float64) float64 {
				return loss(x, fromscratch.Kernel{KH: kernel.KH, KW: kernel.KW, In: kernel.In, Out: kernel.Out, Data: v}, bias)
			}, kernel.Data, 0)
			numB := fromscratch.NumericalGradient(func(v []float64) float64 { return loss(x, kernel, v) }, bias, 0)
			assertSliceClose(t, "dx", dx.Data, numX, 1e-8)
			assertSliceClose(t, "dK", dK.Data, numK, 1e-8)
			assertSliceClose(t, "db", db, numB, 1e-8)
		})
	}
}

// The same gradients as GoMLX's autodiff through graph.Convolve, to float64 rounding — for odd
// kernels; for even ones GoMLX's dx is off (see below).
func TestConv2DBackwardEqualsGoMLXGradient(t *testing.T) {
	b, err := gradBackend()
	if err != nil {
		t.Fatalf("creating the compute backend: %v", err)
	}
	rng := rand.New(rand.NewPCG(13, 14))
	for _, tc := range convCases {
		t.Run(tc.String(), func(t *testing.T) {
			x := randomMaps(rng, tc.n, tc.h, tc.w, tc.in)
			kernel := randomKernel(rng, tc.kh, tc.kw, tc.in, tc.out)
			y, err := fromscratch.Conv2D(x, kernel, nil, tc.stride, tc.padding)
			if err != nil {
				t.Fatal(err)
			}
			r := randomMaps(rng, y.N, y.H, y.W, y.C)
			dx, dK, _, err := fromscratch.Conv2DBackward(x, kernel, r, tc.stride, tc.padding)
			if err != nil {
				t.Fatal(err)
			}
			exec, err := graph.NewExec(b, func(x, k, r *graph.Node) []*graph.Node {
				conv := graph.Convolve(x, k).Strides(tc.stride)
				if tc.padding == fromscratch.PadSame {
					conv = conv.PadSame()
				} else {
					conv = conv.NoPadding()
				}
				loss := graph.ReduceAllSum(graph.Mul(conv.Done(), r))
				return graph.Gradient(loss, x, k)
			})
			if err != nil {
				t.Fatalf("building the gradient graph: %v", err)
			}
			out, err := exec.Exec(tensors.FromFlatDataAndDimensions(x.Data, x.Shape()...),
				tensors.FromFlatDataAndDimensions(kernel.Data, kernel.Shape()...),
				tensors.FromFlatDataAndDimensions(r.Data, r.Shape()...))
			if err != nil {
				t.Fatalf("GoMLX gradient: %v", err)
			}
			assertSliceClose(t, "dK vs GoMLX", dK.Data, tensors.MustCopyFlatData[float64](out[1]), 1e-12)
			goDx := tensors.MustCopyFlatData[float64](out[0])
			if tc.kh%2 == 1 && tc.kw%2 == 1 {
				assertSliceClose(t, "dx vs GoMLX", dx.Data, goDx, 1e-12)
				return
			}
			// GoMLX v0.26's convVJPWrtX (pkg/core/graph/ops_convolve.go) puts 2·⌊(k−1)/2⌋ − p_before
			// zeros before δ for the reverse convolution, which is the k−1−p_before a full convolution
			// needs only for odd k: for an even kernel its dx is shifted by one pixel (1-D, k = 2, valid: it returns [δ0·K1 + δ1·K0,
			// δ1·K1, 0] for [δ0·K0, δ0·K1 + δ1·K0, δ1·K1]). The central differences above side with
			// Conv2DBackward. This fails once GoMLX is fixed, to say the caveat can go.
			if maxAbsDifference(dx.Data, goDx) < 1e-3 {
				t.Errorf("GoMLX's dx for a %d×%d kernel now agrees with Conv2DBackward: remove the even-kernel caveat", tc.kh, tc.kw)
			}
		})
	}
}

// At stride 1 and valid padding, one channel: dK is the correlation of x with δ, and dx is the
// correlation of δ, padded by k−1 zeros, with the kernel turned by 180° — the textbook identities,
// computed here with Corr2D alone.
func TestConv2DBackwardStride1IsCorrelation(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	x := randomMaps(rng, 1, 8, 7, 1)
	kernel := randomKernel(rng, 3, 2, 1, 1)
	delta := randomMaps(rng, 1, 6, 6, 1)
	dx, dK, _, err := fromscratch.Conv2DBackward(x, kernel, delta, 1, fromscratch.PadValid)
	if err != nil {
		t.Fatal(err)
	}
	corr, err := fromscratch.Corr2D(x.Grid(0, 0), delta.Grid(0, 0), 1, fromscratch.PadValid)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceClose(t, "dK vs Corr2D(x, δ)", dK.Data, flattenGrid(corr), 1e-12)

	k := kernel.Filter(0, 0)
	flipped := make([][]float64, len(k))
	for u := range k {
		flipped[u] = make([]float64, len(k[0]))
		for v := range k[0] {
			flipped[u][v] = k[len(k)-1-u][len(k[0])-1-v]
		}
	}
	padded := make([][]float64, delta.H+2*(len(k)-1))
	for i := range padded {
		padded[i] = make([]float64, delta.W+2*(len(k[0])-1))
	}
	for i := range delta.H {
		for j := range delta.W {
			padded[i+len(k)-1][j+len(k[0])-1] = delta.At(0, i, j, 0)
		}
	}
	full, err := fromscratch.Corr2D(padded, flipped, 1, fromscratch.PadValid)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceClose(t, "dx vs full convolution with the flipped kernel", dx.Data, flattenGrid(full), 1e-12)
}

func maxAbsDifference(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

func flattenGrid(g [][]float64) []float64 {
	var out []float64
	for _, row := range g {
		out = append(out, row...)
	}
	return out
}

func TestConv2DBackwardErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	x := randomMaps(rng, 1, 5, 5, 2)
	kernel := randomKernel(rng, 3, 3, 2, 4)
	for _, tt := range []struct {
		name string
		dy   fromscratch.Maps
		k    fromscratch.Kernel
		want string
	}{
		{"dy shape", randomMaps(rng, 1, 5, 5, 4), kernel, "output gradient has shape [1 5 5 4], the convolution's output is [1 3 3 4]"},
		{"channels", randomMaps(rng, 1, 3, 3, 4), randomKernel(rng, 3, 3, 1, 4), "expects 1 input channels"},
		{"nan", func() fromscratch.Maps { m := randomMaps(rng, 1, 3, 3, 4); m.Data[2] = math.NaN(); return m }(), kernel, "maps[2] = NaN"},
	} {
		_, _, _, err := fromscratch.Conv2DBackward(x, tt.k, tt.dy, 1, fromscratch.PadValid)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "Conv2DBackward") {
			t.Errorf("%s: error = %v, want one naming Conv2DBackward and containing %q", tt.name, err, tt.want)
		}
	}
}
