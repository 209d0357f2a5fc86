package fromscratch_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/deepnb/deepnb/internal/backendtest"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// randomMaps and randomKernel fill a shape with values in [−1, 1): zeros hide bugs.
func randomMaps(rng *rand.Rand, n, h, w, c int) fromscratch.Maps {
	m, err := fromscratch.NewMaps(n, h, w, c)
	if err != nil {
		panic(err)
	}
	for i := range m.Data {
		m.Data[i] = rng.Float64()*2 - 1
	}
	return m
}

func randomKernel(rng *rand.Rand, kh, kw, in, out int) fromscratch.Kernel {
	k, err := fromscratch.NewKernel(kh, kw, in, out)
	if err != nil {
		panic(err)
	}
	for i := range k.Data {
		k.Data[i] = rng.Float64()*2 - 1
	}
	return k
}

// execGraph runs fn on the test backend with the given flat float64 inputs and returns the flat
// output and its dimensions.
func execGraph(t *testing.T, fn func(in []*graph.Node) *graph.Node, inputs ...*tensors.Tensor) ([]float64, []int) {
	t.Helper()
	exec, err := graph.NewExec(backendtest.New(t), fn)
	if err != nil {
		t.Fatalf("building the graph: %v", err)
	}
	args := make([]any, len(inputs))
	for i := range inputs {
		args[i] = inputs[i]
	}
	out, err := exec.Exec(args...)
	if err != nil {
		t.Fatalf("running the graph: %v", err)
	}
	return tensors.MustCopyFlatData[float64](out[0]), out[0].Shape().Dimensions
}

// assertMapsEqual compares our maps with a GoMLX result element by element.
func assertMapsEqual(t *testing.T, what string, ours fromscratch.Maps, theirs []float64, theirDims []int, tol float64) {
	t.Helper()
	if fmt.Sprint(ours.Shape()) != fmt.Sprint(theirDims) {
		t.Fatalf("%s: shape %v, GoMLX gives %v", what, ours.Shape(), theirDims)
	}
	for i := range theirs {
		if !(math.Abs(ours.Data[i]-theirs[i]) <= tol) {
			t.Fatalf("%s: element %d = %.15g, GoMLX gives %.15g", what, i, ours.Data[i], theirs[i])
		}
	}
}

func TestCorr2DByHand(t *testing.T) {
	// The example of d2l's section on cross-correlation, worked by hand:
	// 0·0 + 1·1 + 3·2 + 4·3 = 19, 1·0 + 2·1 + 4·2 + 5·3 = 25, and so on.
	x := [][]float64{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}
	k := [][]float64{{0, 1}, {2, 3}}
	got, err := fromscratch.Corr2D(x, k, 1, fromscratch.PadValid)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{19, 25}, {37, 43}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Corr2D valid = %v, want %v", got, want)
	}

	// Same padding with a 2×2 kernel adds zeros only after (k/2 = 1, (k−1)/2 = 0): the last row
	// and column see the zero border.
	got, err = fromscratch.Corr2D(x, k, 1, fromscratch.PadSame)
	if err != nil {
		t.Fatal(err)
	}
	want = [][]float64{
		{19, 25, 2*0 + 5*2}, // x[0][2]·k[0][0] + x[1][2]·k[1][0]; the right neighbours are padding
		{37, 43, 5*0 + 8*2},
		{6*0 + 7*1, 7*0 + 8*1, 8 * 0}, // the row below is padding
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Corr2D same = %v, want %v", got, want)
	}

	// Stride 2 on a 5×5 image with a 3×3 kernel of ones: sums of the 3×3 blocks at (0,0), (0,2),
	// (2,0), (2,2).
	x5 := make([][]float64, 5)
	for i := range x5 {
		x5[i] = make([]float64, 5)
		for j := range x5[i] {
			x5[i][j] = float64(i*5 + j)
		}
	}
	ones := [][]float64{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}
	got, err = fromscratch.Corr2D(x5, ones, 2, fromscratch.PadValid)
	if err != nil {
		t.Fatal(err)
	}
	block := func(r, c int) float64 {
		s := 0.0
		for i := r; i < r+3; i++ {
			for j := c; j < c+3; j++ {
				s += x5[i][j]
			}
		}
		return s
	}
	want = [][]float64{{block(0, 0), block(0, 2)}, {block(2, 0), block(2, 2)}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Corr2D stride 2 = %v, want %v", got, want)
	}
}

func TestOutputSize(t *testing.T) {
	for _, tt := range []struct {
		n, k, s int
		padding fromscratch.Padding
		want    int
	}{
		{28, 3, 1, fromscratch.PadValid, 26}, // the seed CNN's convolution
		{28, 3, 1, fromscratch.PadSame, 28},
		{28, 3, 2, fromscratch.PadValid, 13},
		{28, 3, 2, fromscratch.PadSame, 14},
		{26, 2, 2, fromscratch.PadValid, 13}, // the seed CNN's pooling
		{27, 2, 2, fromscratch.PadValid, 13}, // a trailing row that fills no window is dropped
		{7, 5, 3, fromscratch.PadSame, 3},
		{4, 4, 1, fromscratch.PadValid, 1},
		{5, 4, 1, fromscratch.PadSame, 5},
	} {
		got, err := fromscratch.OutputSize(tt.n, tt.k, tt.s, tt.padding)
		if err != nil || got != tt.want {
			t.Errorf("OutputSize(%d, %d, %d, %s) = %d, %v; want %d", tt.n, tt.k, tt.s, tt.padding, got, err, tt.want)
		}
	}

	// For odd k and symmetric padding p the textbook formula (n − k + 2p)/s + 1 (integer
	// division), and the size Corr2D actually returns.
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 12; n++ {
		for _, k := range []int{1, 3, 5} {
			for s := 1; s <= 4; s++ {
				for _, padding := range []fromscratch.Padding{fromscratch.PadValid, fromscratch.PadSame} {
					p, _ := padding.Amount(k)
					got, err := fromscratch.OutputSize(n, k, s, padding)
					if n-k+2*p < 0 {
						if err == nil {
							t.Errorf("OutputSize(%d, %d, %d, %s) = %d, want an error", n, k, s, padding, got)
						}
						continue
					}
					if want := (n-k+2*p)/s + 1; err != nil || got != want {
						t.Errorf("OutputSize(%d, %d, %d, %s) = %d, %v; want (n−k+2p)/s+1 = %d", n, k, s, padding, got, err, want)
					}
					x := randomMaps(rng, 1, n, n, 1).Grid(0, 0)
					kernel := randomKernel(rng, k, k, 1, 1).Filter(0, 0)
					y, err := fromscratch.Corr2D(x, kernel, s, padding)
					if err != nil || len(y) != got || len(y[0]) != got {
						t.Errorf("Corr2D on %d×%d, k=%d s=%d %s: %d rows, %v; OutputSize says %d", n, n, k, s, padding, len(y), err, got)
					}
				}
			}
		}
	}
}

func TestOutputSizeErrors(t *testing.T) {
	for _, tt := range []struct {
		n, k, s int
		padding fromscratch.Padding
		want    string
	}{
		{2, 3, 1, fromscratch.PadValid, "does not fit"},
		{0, 1, 1, fromscratch.PadValid, "at least 1"},
		{5, 3, 0, fromscratch.PadSame, "stride 0"},
		{5, 3, 1, fromscratch.Padding(7), "neither"},
	} {
		_, err := fromscratch.OutputSize(tt.n, tt.k, tt.s, tt.padding)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("OutputSize(%d, %d, %d, %v) error = %v, want one containing %q", tt.n, tt.k, tt.s, tt.padding, err, tt.want)
		}
	}
}

// Conv2D over C channels and F filters is F sums of C single-channel correlations.
func TestConv2DIsSumOfCorr2D(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := randomMaps(rng, 2, 7, 6, 3)
	kernel := randomKernel(rng, 3, 2, 3, 4)
	bias := []float64{0.5, -1, 0.25, 2}
	for _, padding := range []fromscratch.Padding{fromscratch.PadValid, fromscratch.PadSame} {
		y, err := fromscratch.Conv2D(x, kernel, bias, 2, padding)
		if err != nil {
			t.Fatal(err)
		}
		for n := range x.N {
			for f := range kernel.Out {
				var sum [][]float64
				for c := range x.C {
					part, err := fromscratch.Corr2D(x.Grid(n, c), kernel.Filter(c, f), 2, padding)
					if err != nil {
						t.Fatal(err)
					}
					if sum == nil {
						sum = part
						continue
					}
					for i := range part {
						for j := range part[i] {
							sum[i][j] += part[i][j]
						}
					}
				}
				got := y.Grid(n, f)
				for i := range sum {
					for j := range sum[i] {
						if math.Abs(got[i][j]-(sum[i][j]+bias[f])) > 1e-12 {
							t.Fatalf("%s image %d filter %d (%d,%d): Conv2D %g, Σ Corr2D + b %g", padding, n, f, i, j, got[i][j], sum[i][j]+bias[f])
						}
					}
				}
			}
		}
	}
}

// The loops give what GoMLX's own convolution computes (its forward pass runs on every backend).
func TestConv2DEqualsGoMLXConvolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, k := range []int{1, 2, 3, 4} {
		for _, stride := range []int{1, 2, 3} {
			for _, padding := range []fromscratch.Padding{fromscratch.PadValid, fromscratch.PadSame} {
				name := fmt.Sprintf("k%d_s%d_%s", k, stride, padding)
				t.Run(name, func(t *testing.T) {
					x := randomMaps(rng, 2, 9, 8, 3)
					kernel := randomKernel(rng, k, k, 3, 4)
					ours, err := fromscratch.Conv2D(x, kernel, nil, stride, padding)
					if err != nil {
						t.Fatal(err)
					}
					theirs, dims := execGraph(t, func(in []*graph.Node) *graph.Node {
						conv := graph.Convolve(in[0], in[1]).Strides(stride)
						if padding == fromscratch.PadSame {
							return conv.PadSame().Done()
						}
						return conv.NoPadding().Done()
					}, tensors.FromFlatDataAndDimensions(x.Data, x.Shape()...), tensors.FromFlatDataAndDimensions(kernel.Data, kernel.Shape()...))
					assertMapsEqual(t, name, ours, theirs, dims, 1e-12)
				})
			}
		}
	}
}

func TestConv2DErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := randomMaps(rng, 1, 5, 5, 2)
	kernel := randomKernel(rng, 3, 3, 2, 4)
	nan := randomMaps(rng, 1, 5, 5, 2)
	nan.Data[7] = math.NaN()
	for _, tt := range []struct {
		name string
		run  func() error
		want string
	}{
		{"channels", func() error {
			_, err := fromscratch.Conv2D(x, randomKernel(rng, 3, 3, 1, 4), nil, 1, fromscratch.PadValid)
			return err
		}, "expects 1 input channels"},
		{"bias", func() error {
			_, err := fromscratch.Conv2D(x, kernel, []float64{1, 2}, 1, fromscratch.PadValid)
			return err
		}, "bias has 2 values"},
		{"nan", func() error { _, err := fromscratch.Conv2D(nan, kernel, nil, 1, fromscratch.PadValid); return err }, "maps[7] = NaN"},
		{"too big", func() error {
			_, err := fromscratch.Conv2D(x, randomKernel(rng, 6, 6, 2, 1), nil, 1, fromscratch.PadValid)
			return err
		}, "does not fit"},
		{"stride", func() error { _, err := fromscratch.Conv2D(x, kernel, nil, 0, fromscratch.PadSame); return err }, "stride 0"},
		{"short data", func() error {
			bad := kernel
			bad.Data = bad.Data[:5]
			_, err := fromscratch.Conv2D(x, bad, nil, 1, fromscratch.PadValid)
			return err
		}, "needs 72 values, has 5"},
		{"ragged", func() error {
			_, err := fromscratch.Corr2D([][]float64{{1, 2}, {3}}, [][]float64{{1}}, 1, fromscratch.PadValid)
			return err
		}, "row 1 has 1 columns"},
		{"empty kernel", func() error {
			_, err := fromscratch.Corr2D([][]float64{{1, 2}}, nil, 1, fromscratch.PadValid)
			return err
		}, "kernel is empty"},
	} {
		err := tt.run()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}
