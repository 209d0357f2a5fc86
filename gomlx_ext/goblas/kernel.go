package goblas

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// matmul computes C = op(A)·op(B) for row-major operands, overwriting C (m×n, row stride n):
// op(A) is m×k, stored [m, lda] or, transposed, [k, lda]; op(B) is k×n, stored [k, ldb] or,
// transposed, [n, ldb]. Implementations must be safe for concurrent calls on disjoint C.
type matmul func(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32)

// kernel is one implementation of the products.
type kernel struct {
	multiply    matmul
	description string // what the backend's Name and Description say
}

// gonumKernel is the portable kernel: gonum's pure-Go Sgemm (SSE assembly for its inner loops,
// blocks of C spread over GOMAXPROCS goroutines), on every GOARCH and every build.
var gonumKernel = kernel{
	description: "gonum Sgemm",
	multiply: func(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32) {
		tA, tB := blas.NoTrans, blas.NoTrans
		if transA {
			tA = blas.Trans
		}
		if transB {
			tB = blas.Trans
		}
		blas32.Implementation().Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, n)
	},
}

// simdKernel is DeepNB's AVX2 + FMA kernel (kernel_simd_amd64.go), set when the build has
// GOEXPERIMENT=simd and the CPU has AVX2 and FMA; nil otherwise.
var simdKernel *kernel

// chooseKernel picks the kernel named by the backend configuration's "kernel=NAME" option
// ("simd" or "gonum"; empty: simd where available, else gonum) and returns the configuration
// without that option, for simplego.
func chooseKernel(config string) (kernel, string, error) {
	var rest []string
	name := ""
	for _, part := range strings.Split(config, ",") {
		if value, ok := strings.CutPrefix(part, "kernel="); ok {
			name = value
			continue
		}
		if part != "" {
			rest = append(rest, part)
		}
	}
	remaining := strings.Join(rest, ",")
	switch name {
	case "":
		if simdKernel != nil {
			return *simdKernel, remaining, nil
		}
		return gonumKernel, remaining, nil
	case "gonum":
		return gonumKernel, remaining, nil
	case "simd":
		if simdKernel == nil {
			return kernel{}, "", fmt.Errorf("goblas: kernel=simd is not available in this build (%s): "+
				"it needs GOEXPERIMENT=simd at build time, amd64 and a CPU with AVX2 and FMA", simdUnavailable)
		}
		return *simdKernel, remaining, nil
	default:
		return kernel{}, "", fmt.Errorf("goblas: unknown kernel=%q in the backend configuration, want simd or gonum", name)
	}
}
