package goblas

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// dotPlan is a float32 DotGeneral as a batch of matrix products C[b] = op(A[b])·op(B[b]), with
// A, B read in place when their axes are already in a usable order, else permuted into a scratch
// copy first.
type dotPlan struct {
	batch, m, n, k int
	transA, transB bool
	// lhsPerm / rhsPerm permute an operand into [batch, m, k] / [batch, k, n] order; nil: read in place.
	lhsPerm, rhsPerm   []int
	lhsShape, rhsShape shapes.Shape
	out                shapes.Shape
	// multiply is the backend's kernel (kernel.go).
	multiply matmul
}

// dotArgs are DotGeneral's arguments after the two operands.
type dotArgs struct {
	lhsContracting, lhsBatch, rhsContracting, rhsBatch []int
}

// planDot returns the plan for a DotGeneral whose operands have the given shapes, or ok=false
// when goblas leaves it to simplego (not float32).
func planDot(lhs, rhs, out shapes.Shape, a dotArgs, multiply matmul) (p dotPlan, ok bool) {
	if lhs.DType != dtypes.Float32 || rhs.DType != dtypes.Float32 || out.DType != dtypes.Float32 {
		return p, false
	}
	if len(a.lhsContracting) != len(a.rhsContracting) || len(a.lhsBatch) != len(a.rhsBatch) {
		return p, false
	}
	p.lhsShape, p.rhsShape, p.out, p.multiply = lhs, rhs, out, multiply
	lhsFree := freeAxes(lhs.Rank(), a.lhsContracting, a.lhsBatch)
	rhsFree := freeAxes(rhs.Rank(), a.rhsContracting, a.rhsBatch)
	p.batch = prodDims(lhs, a.lhsBatch)
	p.k = prodDims(lhs, a.lhsContracting)
	p.m = prodDims(lhs, lhsFree)
	p.n = prodDims(rhs, rhsFree)
	if p.batch*p.m*p.n != out.Size() {
		return p, false
	}
	lhsMK := concat(a.lhsBatch, lhsFree, a.lhsContracting)
	lhsKM := concat(a.lhsBatch, a.lhsContracting, lhsFree)
	switch {
	case isIdentity(lhsMK):
	case isIdentity(lhsKM):
		p.transA = true
	default:
		p.lhsPerm = lhsMK
	}
	rhsKN := concat(a.rhsBatch, a.rhsContracting, rhsFree)
	rhsNK := concat(a.rhsBatch, rhsFree, a.rhsContracting)
	switch {
	case isIdentity(rhsKN):
	case isIdentity(rhsNK):
		p.transB = true
	default:
		p.rhsPerm = rhsKN
	}
	return p, true
}

// run computes out = lhs·rhs; out has batch·m·n elements and is fully overwritten.
func (p *dotPlan) run(lhs, rhs, out []float32) error {
	if len(lhs) != p.lhsShape.Size() || len(rhs) != p.rhsShape.Size() || len(out) != p.out.Size() {
		return fmt.Errorf("goblas DotGeneral %s·%s→%s: got %d, %d and %d elements",
			p.lhsShape, p.rhsShape, p.out, len(lhs), len(rhs), len(out))
	}
	if p.lhsPerm != nil {
		lhs = permute(lhs, p.lhsShape.Dimensions, p.lhsPerm)
	}
	if p.rhsPerm != nil {
		rhs = permute(rhs, p.rhsShape.Dimensions, p.rhsPerm)
	}
	if p.k == 0 {
		clear(out)
		return nil
	}
	if p.m == 0 || p.n == 0 {
		return nil
	}
	lda, ldb := p.k, p.n
	if p.transA {
		lda = p.m
	}
	if p.transB {
		ldb = p.k
	}
	aSize, bSize, cSize := p.m*p.k, p.k*p.n, p.m*p.n
	workers := p.splitK()
	for b := range p.batch {
		a, bb, c := lhs[b*aSize:(b+1)*aSize], rhs[b*bSize:(b+1)*bSize], out[b*cSize:(b+1)*cSize]
		if workers <= 1 {
			p.multiply(p.transA, p.transB, p.m, p.n, p.k, a, lda, bb, ldb, c)
			continue
		}
		// Each worker sums one range of k into its own C; the partial sums are added at the end.
		partial := make([][]float32, workers)
		var wg sync.WaitGroup
		for w := range workers {
			k0, k1 := w*p.k/workers, (w+1)*p.k/workers
			partial[w] = c
			if w > 0 {
				partial[w] = make([]float32, cSize)
			}
			aOff, bOff := k0, k0*p.n // A [m,k] by columns, B [k,n] by rows
			if p.transA {
				aOff = k0 * p.m // Aᵀ stored [k,m]: by rows
			}
			if p.transB {
				bOff = k0 // Bᵀ stored [n,k]: by columns
			}
			wg.Go(func() {
				p.multiply(p.transA, p.transB, p.m, p.n, k1-k0, a[aOff:], lda, bb[bOff:], ldb, partial[w])
			})
		}
		wg.Wait()
		for _, part := range partial[1:] {
			for i, v := range part {
				c[i] += v
			}
		}
	}
	return nil
}

// splitK is how many goroutines share the contraction: both kernels parallelise over blocks of C
// only (gonum 64×64, the SIMD kernel row tiles of 4), so a product with a small output and a long
// contraction — a convolution kernel's gradient, [9×86528]·[86528×32] in the seed CNN — would
// otherwise run on one core, or on as many as it has row tiles.
func (p *dotPlan) splitK() int {
	const block, minBlocks, minK = 64, 4, 4096
	blocksOfC := ((p.m + block - 1) / block) * ((p.n + block - 1) / block)
	if blocksOfC >= minBlocks || p.k < minK {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), p.k/(minK/2))
}

func freeAxes(rank int, contracting, batch []int) []int {
	var free []int
	for axis := range rank {
		if !slices.Contains(contracting, axis) && !slices.Contains(batch, axis) {
			free = append(free, axis)
		}
	}
	return free
}

func prodDims(s shapes.Shape, axes []int) int {
	n := 1
	for _, a := range axes {
		n *= s.Dimensions[a]
	}
	return n
}

func concat(parts ...[]int) []int {
	var all []int
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

func isIdentity(perm []int) bool {
	for i, a := range perm {
		if a != i {
			return false
		}
	}
	return true
}

// permute returns a new array: src (of dimensions dims) with its axes reordered so that axis i of
// the result is axis perm[i] of src.
func permute(src []float32, dims []int, perm []int) []float32 {
	rank := len(dims)
	dst := make([]float32, len(src))
	if len(src) == 0 {
		return dst
	}
	srcStrides := make([]int, rank)
	stride := 1
	for i := rank - 1; i >= 0; i-- {
		srcStrides[i] = stride
		stride *= dims[i]
	}
	outDims := make([]int, rank)
	strides := make([]int, rank) // source stride of each result axis
	for i, a := range perm {
		outDims[i], strides[i] = dims[a], srcStrides[a]
	}
	// The innermost result axis is copied in a tight loop; the others are counted with idx.
	inner, innerStride := outDims[rank-1], strides[rank-1]
	idx := make([]int, rank-1)
	srcPos := 0
	for d := 0; d < len(dst); d += inner {
		p := srcPos
		for j := range inner {
			dst[d+j] = src[p]
			p += innerStride
		}
		for ax := rank - 2; ax >= 0; ax-- {
			idx[ax]++
			srcPos += strides[ax]
			if idx[ax] < outDims[ax] {
				break
			}
			srcPos -= strides[ax] * outDims[ax]
			idx[ax] = 0
		}
	}
	return dst
}
