//go:build goexperiment.simd

package goblas

import (
	"runtime"
	"sync"

	"simd/archsimd"
)

// DeepNB's SIMD kernel. Why its own: gonum's Sgemm runs its inner loops on 4 SSE lanes with a
// separate multiply and add, while a register tile of 8-lane fused multiply-adds (AVX2 + FMA)
// runs the seed CNN's and the MLP's products 1.5–3.7× faster (BenchmarkKernel); GoMLX v0.26's pure-Go backend
// has no SIMD kernel, and the GoMLX versions that have one are not available here
// (docs/GOBLAS.md).
//
// Both operands are packed first — op(A) into tiles of tileRows rows stored k-major
// ([tile][k][tileRows]), op(B) into panels of panelCols columns ([panel][k][panelCols]),
// zero-padded — so the
// inner loop reads both sequentially whatever the transposes. Each 4×16 block of C is held in 8
// Float32x8 registers, updated by a broadcast of A times a row of the B panel. Measured on the
// seed CNN's shapes (BenchmarkKernel), 4×16 beat 6×16 (12 accumulators: the compiler spilled some
// to the stack) and 2×32 (fewer broadcasts, more loads). k runs in blocks of kBlock so a panel's
// block (16 KiB) stays in the L1 cache across the row tiles.
const (
	tileRows, panelCols = 4, 16 // the register tile of tile4x16
	kBlock              = 256
	// parallelFlops is the size (m·n·k) from which a product is split over goroutines by rows.
	parallelFlops = 1 << 18
)

// simdUnavailable says why the SIMD kernel is missing in a GOEXPERIMENT=simd build.
const simdUnavailable = "this CPU lacks AVX2 or FMA"

func init() {
	// AVX-512 CPUs have AVX2 and FMA too. A 16-lane tile would be faster there, but the machine
	// this kernel was written and tested on has no AVX-512, and an untested kernel is not shipped.
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		simdKernel = &kernel{description: "AVX2 kernel", multiply: simdMultiply}
	}
}

var packPool sync.Pool // *[]float32 scratch for the packed operands

func scratch(n int) *[]float32 {
	if p, ok := packPool.Get().(*[]float32); ok && cap(*p) >= n {
		*p = (*p)[:n]
		return p
	}
	s := make([]float32, n)
	return &s
}

func simdMultiply(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		clear(c[:m*n])
		return
	}
	tiles, panels := (m+tileRows-1)/tileRows, (n+panelCols-1)/panelCols
	apBuf, bpBuf := scratch(tiles*tileRows*k), scratch(panels*panelCols*k)
	defer packPool.Put(apBuf)
	defer packPool.Put(bpBuf)
	ap, bp := *apBuf, *bpBuf
	packA(ap, transA, m, k, a, lda)
	packB(bp, transB, n, k, b, ldb)

	workers := 1
	if m*n*k >= parallelFlops {
		workers = min(runtime.GOMAXPROCS(0), tiles)
	}
	if workers <= 1 {
		multiplyTiles(ap, bp, 0, tiles, m, n, k, c)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		t0, t1 := w*tiles/workers, (w+1)*tiles/workers
		wg.Go(func() { multiplyTiles(ap, bp, t0, t1, m, n, k, c) })
	}
	wg.Wait()
}

// packA writes op(A) (m×k) as tiles of tileRows rows, each stored k-major, rows past m zero.
func packA(ap []float32, trans bool, m, k int, a []float32, lda int) {
	for tile := 0; tile*tileRows < m; tile++ {
		dst := ap[tile*tileRows*k : (tile+1)*tileRows*k]
		for r := range tileRows {
			i := tile*tileRows + r
			switch {
			case i >= m:
				for kk := range k {
					dst[kk*tileRows+r] = 0
				}
			case trans:
				for kk := range k {
					dst[kk*tileRows+r] = a[kk*lda+i]
				}
			default:
				for kk, v := range a[i*lda : i*lda+k] {
					dst[kk*tileRows+r] = v
				}
			}
		}
	}
}

// packB writes op(B) (k×n) as panels of panelCols columns, each stored k-major, columns past n zero.
func packB(bp []float32, trans bool, n, k int, b []float32, ldb int) {
	for p := 0; p*panelCols < n; p++ {
		dst := bp[p*panelCols*k : (p+1)*panelCols*k]
		j0 := p * panelCols
		cols := min(panelCols, n-j0)
		for kk := range k {
			row := dst[kk*panelCols : (kk+1)*panelCols]
			if trans {
				for jj := range cols {
					row[jj] = b[(j0+jj)*ldb+kk]
				}
			} else {
				copy(row[:cols], b[kk*ldb+j0:kk*ldb+j0+cols])
			}
			clear(row[cols:])
		}
	}
}

// multiplyTiles computes the rows of C in row tiles [t0, t1), every panel, every k block.
func multiplyTiles(ap, bp []float32, t0, t1, m, n, k int, c []float32) {
	panels := (n + panelCols - 1) / panelCols
	for p := range panels {
		panel := bp[p*panelCols*k : (p+1)*panelCols*k]
		cols := min(panelCols, n-p*panelCols)
		for k0 := 0; k0 < k; k0 += kBlock {
			k1 := min(k, k0+kBlock)
			bBlock := panel[k0*panelCols : k1*panelCols]
			for tile := t0; tile < t1; tile++ {
				aBlock := ap[tile*tileRows*k+k0*tileRows : tile*tileRows*k+k1*tileRows]
				rows := min(tileRows, m-tile*tileRows)
				tile4x16(aBlock, bBlock, c[tile*tileRows*n+p*panelCols:], n, rows, cols, k0 > 0)
			}
		}
	}
}

// tile4x16 is the AVX2 + FMA micro-kernel: it adds (or, if !accumulate, writes) the product of a
// packed 4×kb block of A and a packed kb×16 block of B into the rows×cols corner of the C block at
// c, in 8 accumulators of 8 lanes.
func tile4x16(aBlock, bBlock, c []float32, ldc, rows, cols int, accumulate bool) {
	var acc [4][2]archsimd.Float32x8
	if accumulate {
		for r := range rows {
			acc[r][0], acc[r][1] = load8x2(c[r*ldc:], cols)
		}
	}
	c00, c01, c10, c11 := acc[0][0], acc[0][1], acc[1][0], acc[1][1]
	c20, c21, c30, c31 := acc[2][0], acc[2][1], acc[3][0], acc[3][1]
	kb := len(aBlock) / 4
	bBlock = bBlock[:kb*16]
	for kk := range kb {
		bRow := bBlock[kk*16 : kk*16+16]
		b0 := archsimd.LoadFloat32x8(bRow[:8])
		b1 := archsimd.LoadFloat32x8(bRow[8:])
		a4 := aBlock[kk*4 : kk*4+4]
		x := archsimd.BroadcastFloat32x8(a4[0])
		c00, c01 = x.MulAdd(b0, c00), x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x8(a4[1])
		c10, c11 = x.MulAdd(b0, c10), x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x8(a4[2])
		c20, c21 = x.MulAdd(b0, c20), x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x8(a4[3])
		c30, c31 = x.MulAdd(b0, c30), x.MulAdd(b1, c31)
	}
	acc = [4][2]archsimd.Float32x8{{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}}
	for r := range rows {
		store8x2(c[r*ldc:], cols, acc[r][0], acc[r][1])
	}
}

// load8x2 reads cols ≤ 16 values of a row of C into two vectors, zeros past cols.
func load8x2(row []float32, cols int) (archsimd.Float32x8, archsimd.Float32x8) {
	var tmp [16]float32
	src := tmp[:]
	if cols == 16 {
		src = row[:16]
	} else {
		copy(tmp[:cols], row[:cols])
	}
	return archsimd.LoadFloat32x8(src[:8]), archsimd.LoadFloat32x8(src[8:16])
}

// store8x2 writes the first cols ≤ 16 lanes of two vectors into a row of C.
func store8x2(row []float32, cols int, v0, v1 archsimd.Float32x8) {
	if cols == 16 {
		v0.Store(row[:8])
		v1.Store(row[8:16])
		return
	}
	var tmp [16]float32
	v0.Store(tmp[:8])
	v1.Store(tmp[8:])
	copy(row[:cols], tmp[:cols])
}
