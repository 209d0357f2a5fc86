package goblas

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX's own style for graph code.
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

func newBackends(t testing.TB) (stock, fast backends.Backend) {
	t.Helper()
	stock, err := simplego.New("")
	if err != nil {
		t.Fatal(err)
	}
	fast, err = New("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stock.Finalize(); fast.Finalize() })
	return stock, fast
}

func randomTensor(rng *rand.Rand, dims ...int) *tensors.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	flat := make([]float32, n)
	for i := range flat {
		flat[i] = float32(rng.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(flat, dims...)
}

// closeEnough compares within tol·(1+|want|): float32 rounding grows with the length of the sums.
func closeEnough(t *testing.T, what string, want, got []float32, tol float64) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		w, g := float64(want[i]), float64(got[i])
		if math.IsNaN(g) || math.Abs(w-g) > tol*(1+math.Abs(w)) {
			t.Fatalf("%s: value %d is %g, simplego gives %g (tolerance %g)", what, i, g, w, tol)
		}
	}
}

func TestDotGeneralLayoutsMatchSimplego(t *testing.T) {
	stock, fast := newBackends(t)
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name                   string
		lhsDims, rhsDims       []int
		lhsC, lhsB, rhsC, rhsB []int
	}{
		{"matmul", []int{7, 5}, []int{5, 3}, []int{1}, nil, []int{0}, nil},
		{"lhs transposed", []int{5, 7}, []int{5, 3}, []int{0}, nil, []int{0}, nil},
		{"rhs transposed", []int{7, 5}, []int{3, 5}, []int{1}, nil, []int{1}, nil},
		{"both transposed", []int{5, 7}, []int{3, 5}, []int{0}, nil, []int{1}, nil},
		{"batched", []int{4, 7, 5}, []int{4, 5, 3}, []int{2}, []int{0}, []int{1}, []int{0}},
		{"batch axis not first", []int{7, 4, 5}, []int{5, 4, 3}, []int{2}, []int{1}, []int{0}, []int{1}},
		{"two contracting axes", []int{6, 2, 3}, []int{3, 2, 4}, []int{1, 2}, nil, []int{1, 0}, nil},
		{"vector", []int{9}, []int{9, 2}, []int{0}, nil, []int{0}, nil},
		{"outer product", []int{3}, []int{4}, nil, nil, nil, nil},
		{"long contraction, split over goroutines", []int{20000, 9}, []int{20000, 32}, []int{0}, nil, []int{0}, nil},
		{"long contraction, rhs transposed", []int{3, 9000}, []int{5, 9000}, []int{1}, nil, []int{1}, nil},
		{"dense layer", []int{128, 300}, []int{300, 64}, []int{1}, nil, []int{0}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lhs, rhs := randomTensor(rng, tc.lhsDims...), randomTensor(rng, tc.rhsDims...)
			fn := func(l, r *Node) *Node { return DotGeneral(l, tc.lhsC, tc.lhsB, r, tc.rhsC, tc.rhsB) }
			want := MustExecOnce(stock, fn, clone(t, lhs), clone(t, rhs))
			got := MustExecOnce(fast, fn, lhs, rhs)
			if !want.Shape().Equal(got.Shape()) {
				t.Fatalf("shape %s, simplego gives %s", got.Shape(), want.Shape())
			}
			closeEnough(t, tc.name, tensors.MustCopyFlatData[float32](want), tensors.MustCopyFlatData[float32](got), 1e-6*float64(max(10, contracted(tc.lhsDims, tc.lhsC))))
		})
	}
}

// A graph mixing products with other ops, several outputs, a parameter returned as it is, the
// same value returned twice, and a gradient.
func TestMixedGraphAndGradientMatchSimplego(t *testing.T) {
	stock, fast := newBackends(t)
	rng := rand.New(rand.NewPCG(3, 4))
	x, w1, w2 := randomTensor(rng, 16, 20), randomTensor(rng, 20, 12), randomTensor(rng, 12, 5)
	fn := func(x, w1, w2 *Node) []*Node {
		h := Tanh(MatMul(x, w1))
		y := MatMul(h, w2)
		loss := ReduceAllSum(Square(y))
		grads := Gradient(loss, w1, w2)
		return []*Node{loss, y, grads[0], grads[1], x, y, ConvertDType(ArgMax(y, -1), x.DType())}
	}
	want := MustExecOnceN(stock, fn, clone(t, x), clone(t, w1), clone(t, w2))
	got := MustExecOnceN(fast, fn, x, w1, w2)
	if len(got) != len(want) {
		t.Fatalf("%d outputs, want %d", len(got), len(want))
	}
	for i := range want {
		closeEnough(t, "output "+want[i].Shape().String(), tensors.MustCopyFlatData[float32](want[i]), tensors.MustCopyFlatData[float32](got[i]), 1e-4)
	}
}

func TestGraphWithoutFloatProductsIsPlainSimplego(t *testing.T) {
	_, fast := newBackends(t)
	b := fast.Builder("no products")
	x, err := b.Parameter("x", tensors.FromValue([]int32{1, 2}).Shape(), nil)
	if err != nil {
		t.Fatal(err)
	}
	y, err := b.Neg(x)
	if err != nil {
		t.Fatal(err)
	}
	exec, err := b.Compile([]backends.Op{y}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer exec.Finalize()
	if _, ok := exec.(*Executable); ok {
		t.Fatalf("Compile gave a staged executable for a graph without float32 products")
	}
}

func TestForeignOpIsRejected(t *testing.T) {
	_, fast := newBackends(t)
	b1, b2 := fast.Builder("one"), fast.Builder("two")
	x, err := b1.Constant([]float32{1, 2}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b2.Neg(x); err == nil {
		t.Fatal("an op from another builder was accepted")
	}
	if _, err := b2.Neg(42); err == nil {
		t.Fatal("a non-op argument was accepted")
	}
}

// clone gives a second copy of x: a tensor lives on one backend only.
func clone(t *testing.T, x *tensors.Tensor) *tensors.Tensor {
	t.Helper()
	c, err := x.LocalClone()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func contracted(dims, axes []int) int {
	k := 1
	for _, a := range axes {
		k *= dims[a]
	}
	return k
}
