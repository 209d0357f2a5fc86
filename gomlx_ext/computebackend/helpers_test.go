package computebackend

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// The test binary shares one adapter and one stock simplego backend: creating a backend starts
// worker pools, and every test compares against the same reference.
var (
	backendsOnce   sync.Once
	adapterBackend backends.Backend
	stockBackend   backends.Backend
	backendsErr    error
)

// testBackends returns the adapter (New("")) and GoMLX v0.26's stock simplego (simplego.New("")),
// the reference the adapter must agree with.
func testBackends(t testing.TB) (adapter, stock backends.Backend) {
	t.Helper()
	backendsOnce.Do(func() {
		if adapterBackend, backendsErr = New(""); backendsErr != nil {
			return
		}
		stockBackend, backendsErr = simplego.New("")
	})
	if backendsErr != nil {
		t.Fatalf("creating the backends: %v", backendsErr)
	}
	return adapterBackend, stockBackend
}

// testAdapter is testBackends for the tests that run on the adapter alone.
func testAdapter(t testing.TB) backends.Backend {
	t.Helper()
	adapter, _ := testBackends(t)
	return adapter
}

// newRNG is the tests' fixed-seed source of inputs: a failure reproduces exactly.
func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// uniform32 returns float32 values uniform in [lo, hi) of the given dimensions. Random, non-round
// values make a wrong index, axis or stride show up as a wrong value (zeros and ones hide them).
func uniform32(rng *rand.Rand, lo, hi float64, dims ...int) *tensors.Tensor {
	data := make([]float32, size(dims))
	for i := range data {
		data[i] = float32(lo + (hi-lo)*rng.Float64())
	}
	return tensors.FromFlatDataAndDimensions(data, dims...)
}

// uniform64 is uniform32 in float64, for the gradient checks (finite differences need float64).
func uniform64(rng *rand.Rand, lo, hi float64, dims ...int) *tensors.Tensor {
	data := make([]float64, size(dims))
	for i := range data {
		data[i] = lo + (hi-lo)*rng.Float64()
	}
	return tensors.FromFlatDataAndDimensions(data, dims...)
}

// ints32 returns int32 values uniform in [0, n) of the given dimensions.
func ints32(rng *rand.Rand, n int, dims ...int) *tensors.Tensor {
	data := make([]int32, size(dims))
	for i := range data {
		data[i] = int32(rng.IntN(n))
	}
	return tensors.FromFlatDataAndDimensions(data, dims...)
}

func size(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

// localClones gives each backend its own copies of the inputs: a tensor fed to an executable
// keeps a buffer on that backend, and a buffer of one backend is not valid on another.
func localClones(t testing.TB, inputs []*tensors.Tensor) []any {
	t.Helper()
	out := make([]any, len(inputs))
	for i, in := range inputs {
		c, err := in.LocalClone()
		if err != nil {
			t.Fatalf("cloning input %d: %v", i, err)
		}
		out[i] = c
	}
	return out
}

// asFloat64 returns a tensor's values as float64 (booleans as 0/1), so one comparison serves
// every dtype; integers and booleans convert exactly.
func asFloat64(t testing.TB, x *tensors.Tensor) []float64 {
	t.Helper()
	var out []float64
	convert := func(n int, at func(i int) float64) {
		out = make([]float64, n)
		for i := range out {
			out[i] = at(i)
		}
	}
	var err error
	switch x.DType() {
	case dtypes.Float32:
		var v []float32
		if v, err = tensors.CopyFlatData[float32](x); err == nil {
			convert(len(v), func(i int) float64 { return float64(v[i]) })
		}
	case dtypes.Float64:
		out, err = tensors.CopyFlatData[float64](x)
	case dtypes.Int32:
		var v []int32
		if v, err = tensors.CopyFlatData[int32](x); err == nil {
			convert(len(v), func(i int) float64 { return float64(v[i]) })
		}
	case dtypes.Int64:
		var v []int64
		if v, err = tensors.CopyFlatData[int64](x); err == nil {
			convert(len(v), func(i int) float64 { return float64(v[i]) })
		}
	case dtypes.Bool:
		var v []bool
		if v, err = tensors.CopyFlatData[bool](x); err == nil {
			convert(len(v), func(i int) float64 {
				if v[i] {
					return 1
				}
				return 0
			})
		}
	default:
		t.Fatalf("asFloat64: dtype %s not handled (shape %s)", x.DType(), x.Shape())
	}
	if err != nil {
		t.Fatalf("reading tensor %s: %v", x.Shape(), err)
	}
	return out
}

// closeTo reports the first element where got and want differ by more than tol·(1+|want|), or
// ""; NaN must meet NaN. The 1+|want| form is relative for large values and absolute (tol) for
// small ones, where float32 rounding of a sum is relative to its terms, not to the result.
func closeTo(got, want []float64, tol float64) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d values, want %d", len(got), len(want))
	}
	worst, at := 0.0, -1
	for i := range want {
		g, w := got[i], want[i]
		if math.IsNaN(w) || math.IsNaN(g) {
			if math.IsNaN(w) != math.IsNaN(g) {
				return fmt.Sprintf("element %d = %g, want %g", i, g, w)
			}
			continue
		}
		if g == w { // also equal infinities
			continue
		}
		if d := math.Abs(g-w) / (1 + math.Abs(w)); !(d <= worst) {
			worst, at = d, i
		}
	}
	if at >= 0 && worst > tol {
		return fmt.Sprintf("element %d = %.9g, want %.9g (scaled difference %.3g > tolerance %.3g)", at, got[at], want[at], worst, tol)
	}
	return ""
}
