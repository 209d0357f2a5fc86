package goblas

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// referenceMultiply is C = op(A)·op(B) in float64, the plain triple loop.
func referenceMultiply(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int) []float64 {
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			var sum float64
			for kk := range k {
				var av, bv float32
				if transA {
					av = a[kk*lda+i]
				} else {
					av = a[i*lda+kk]
				}
				if transB {
					bv = b[j*ldb+kk]
				} else {
					bv = b[kk*ldb+j]
				}
				sum += float64(av) * float64(bv)
			}
			c[i*n+j] = sum
		}
	}
	return c
}

// checkKernel runs multiply on shapes with every edge the kernels have (rows and columns that are
// not multiples of a tile, k below and above a block, strides wider than the matrix, both
// transposes) and compares with the float64 reference within float32 rounding of a k-term sum.
func checkKernel(t *testing.T, multiply matmul) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := [][3]int{{1, 1, 1}, {3, 5, 7}, {4, 32, 1}, {5, 33, 17}, {8, 64, 256}, {9, 32, 1000},
		{130, 70, 300}, {2, 1, 513}, {37, 95, 3}, {128, 128, 600}}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for _, transA := range []bool{false, true} {
			for _, transB := range []bool{false, true} {
				// Strides 3 wider than needed, as a sub-matrix of a larger one has.
				lda, ldb := k+3, n+3
				aLen, bLen := m*lda, k*ldb
				if transA {
					lda, aLen = m+3, k*(m+3)
				}
				if transB {
					ldb, bLen = k+3, n*(k+3)
				}
				a, b := make([]float32, aLen), make([]float32, bLen)
				for i := range a {
					a[i] = float32(rng.NormFloat64())
				}
				for i := range b {
					b[i] = float32(rng.NormFloat64())
				}
				c := make([]float32, m*n)
				for i := range c {
					c[i] = float32(math.NaN()) // must be overwritten, not accumulated into
				}
				multiply(transA, transB, m, n, k, a, lda, b, ldb, c)
				want := referenceMultiply(transA, transB, m, n, k, a, lda, b, ldb)
				tol := 1e-6 * float64(k)
				for i := range c {
					if d := math.Abs(float64(c[i]) - want[i]); !(d <= tol*math.Max(1, math.Abs(want[i]))) {
						t.Fatalf("m=%d n=%d k=%d transA=%v transB=%v: C[%d] = %g, want %g", m, n, k, transA, transB, i, c[i], want[i])
					}
				}
			}
		}
	}
}

func TestGonumKernel(t *testing.T) { checkKernel(t, gonumKernel.multiply) }

func TestSIMDKernel(t *testing.T) {
	if simdKernel == nil {
		t.Skipf("no SIMD kernel in this build: %s", simdUnavailable)
	}
	checkKernel(t, simdKernel.multiply)
}

func TestKernelOption(t *testing.T) {
	k, rest, err := chooseKernel("ops_sequential,kernel=gonum")
	if err != nil || k.description != gonumKernel.description || rest != "ops_sequential" {
		t.Errorf("kernel=gonum: got %q, rest %q, err %v", k.description, rest, err)
	}
	if _, _, err := chooseKernel("kernel=fast"); err == nil || !strings.Contains(err.Error(), `unknown kernel="fast"`) {
		t.Errorf("kernel=fast: err %v, want it named", err)
	}
	_, _, err = chooseKernel("kernel=simd")
	if simdKernel == nil && (err == nil || !strings.Contains(err.Error(), "GOEXPERIMENT=simd")) {
		t.Errorf("kernel=simd without the kernel: err %v, want one naming GOEXPERIMENT=simd", err)
	}
	if simdKernel != nil && err != nil {
		t.Errorf("kernel=simd: %v", err)
	}
	b, err := New("kernel=gonum")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.Name(), "gonum") {
		t.Errorf("Name() = %q, want the kernel named", b.Name())
	}
}

// BenchmarkKernel runs the seed CNN's five products and the MLP's (batch 128) on each kernel side
// by side:
// go test -run XXX -bench Kernel ./gomlx_ext/goblas/ (GOEXPERIMENT=simd for the SIMD one).
func BenchmarkKernel(b *testing.B) {
	shapes := []struct {
		name           string
		transA, transB bool
		m, n, k        int
	}{
		{"dense_forward", false, false, 128, 128, 5408},
		{"dense_dW", true, false, 5408, 128, 128},
		{"dense_dX", false, true, 128, 5408, 128},
		{"conv_forward", false, false, 86528, 32, 9},
		{"conv_dW", true, false, 9, 32, 86528},
		{"mlp_forward", false, false, 128, 128, 784},
		{"mlp_dW", true, false, 784, 128, 128},
		{"mlp_dX", false, true, 128, 784, 128},
		{"mlp_logits", false, false, 128, 10, 128},
		{"mlp_logits_dW", true, false, 128, 10, 128},
	}
	kernels := []kernel{gonumKernel}
	if simdKernel != nil {
		kernels = append(kernels, *simdKernel)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range shapes {
		a, bb := make([]float32, s.m*s.k), make([]float32, s.k*s.n)
		for i := range a {
			a[i] = float32(rng.NormFloat64())
		}
		for i := range bb {
			bb[i] = float32(rng.NormFloat64())
		}
		lda, ldb := s.k, s.n
		if s.transA {
			lda = s.m
		}
		if s.transB {
			ldb = s.k
		}
		c := make([]float32, s.m*s.n)
		for _, kern := range kernels {
			b.Run(s.name+"/"+strings.Fields(kern.description)[0], func(b *testing.B) {
				for b.Loop() {
					kern.multiply(s.transA, s.transB, s.m, s.n, s.k, a, lda, bb, ldb, c)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
