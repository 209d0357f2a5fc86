package layers

import (
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// assertSameOutputs runs ours and stock on the same inputs and compares them element by element.
func assertSameOutputs(t *testing.T, ours, stock func(in []*Node) *Node, values ...*tensors.Tensor) {
	t.Helper()
	b := testBackend(t)
	exec, err := NewExec(b, func(in []*Node) []*Node { return []*Node{ours(in), stock(in)} })
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	out, err := exec.Exec(execArgs(values)...)
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	if !out[0].Shape().Equal(out[1].Shape()) {
		t.Fatalf("shape %s, stock op gives %s", out[0].Shape(), out[1].Shape())
	}
	a, s := tensors.MustCopyFlatData[float64](out[0]), tensors.MustCopyFlatData[float64](out[1])
	for i := range a {
		if math.Abs(a[i]-s[i]) > 1e-12 {
			t.Fatalf("element %d: %g, stock op gives %g", i, a[i], s[i])
		}
	}
}

// stockConvolve is GoMLX's own convolution with the layer's padding and stride: the reference the
// im2col path is compared with.
func stockConvolve(x, kernel *Node, padding Padding, stride int) *Node {
	c := Convolve(x, kernel).Strides(stride)
	if padding == Same {
		return c.PadSame().Done()
	}
	return c.NoPadding().Done()
}

func TestConvIm2colEqualsConvolve(t *testing.T) {
	for _, tt := range []struct {
		name    string
		padding Padding
		k       int
	}{{"valid3", Valid, 3}, {"same3", Same, 3}, {"valid1", Valid, 1}, {"same4", Same, 4}} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(8, 9))
			assertSameOutputs(t,
				func(in []*Node) *Node { return convIm2col(in[0], in[1], tt.padding, 1) },
				func(in []*Node) *Node { return stockConvolve(in[0], in[1], tt.padding, 1) },
				randomValues(rng, 3, 7, 6, 2), randomValues(rng, tt.k, tt.k, 2, 4))
		})
	}
}

func TestMaxPoolEqualsStock(t *testing.T) {
	for _, dims := range [][]int{{2, 4, 6, 3}, {1, 7, 5, 2}} {
		rng := rand.New(rand.NewPCG(10, 11))
		assertSameOutputs(t,
			func(in []*Node) *Node { return maxPoolStrided(in[0], 2) },
			func(in []*Node) *Node { return MaxPool(in[0]).Window(2).Strides(2).NoPadding().Done() },
			randomValues(rng, dims...))
	}
}

func TestMatMulBiasEqualsDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 13))
	assertSameOutputs(t,
		func(in []*Node) *Node { return MatMulBias(in[0], in[1], in[2]) },
		func(in []*Node) *Node { return Add(Dot(in[0], in[1]), ExpandAxes(in[2], 0)) },
		randomValues(rng, 4, 6), randomValues(rng, 6, 5), randomValues(rng, 5))
}

// TestConvIm2colBiasEqualsConvolvePlusBias: the bias folded into the product equals Convolve plus a
// broadcast bias.
func TestConvIm2colBiasEqualsConvolvePlusBias(t *testing.T) {
	for _, tt := range []struct {
		name    string
		padding Padding
		stride  int
	}{{"valid1", Valid, 1}, {"same1", Same, 1}, {"valid2", Valid, 2}} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(8, 10))
			assertSameOutputs(t,
				func(in []*Node) *Node { return convIm2colBias(in[0], in[1], in[2], tt.padding, tt.stride) },
				func(in []*Node) *Node {
					return Add(stockConvolve(in[0], in[1], tt.padding, tt.stride), Reshape(in[2], 1, 1, 1, 4))
				},
				randomValues(rng, 3, 7, 6, 2), randomValues(rng, 3, 3, 2, 4), randomValues(rng, 4))
		})
	}
}
