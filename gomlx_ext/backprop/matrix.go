package backprop

import (
	"fmt"
	"math"
)

// Matrices are [][]float64 in row-major order: m[i] is row i. These helpers
// are the few linear-algebra steps the plain-Go passes need, written out so
// that every sum in the chain rule is visible.

func newMatrix(rows, cols int) [][]float64 {
	flat := make([]float64, rows*cols)
	m := make([][]float64, rows)
	for i := range m {
		m[i] = flat[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return m
}

// checkMatrix reports a matrix that is empty, ragged or holds NaN/Inf.
func checkMatrix(what string, m [][]float64) error {
	if len(m) == 0 || len(m[0]) == 0 {
		return fmt.Errorf("%s is empty", what)
	}
	for i, row := range m {
		if len(row) != len(m[0]) {
			return fmt.Errorf("%s row %d has %d columns, row 0 has %d", what, i, len(row), len(m[0]))
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s[%d][%d] = %v, want a finite value", what, i, j, v)
			}
		}
	}
	return nil
}

func checkVector(what string, v []float64, size int) error {
	if len(v) != size {
		return fmt.Errorf("%s has %d values, want %d", what, len(v), size)
	}
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] = %v, want a finite value", what, i, x)
		}
	}
	return nil
}

// sameDims checks two valid matrices of equal shape.
func sameDims(nameA string, a [][]float64, nameB string, b [][]float64) error {
	if err := checkMatrix(nameA, a); err != nil {
		return err
	}
	if err := checkMatrix(nameB, b); err != nil {
		return err
	}
	if len(a) != len(b) || len(a[0]) != len(b[0]) {
		return fmt.Errorf("%s is [%d %d] but %s is [%d %d]", nameA, len(a), len(a[0]), nameB, len(b), len(b[0]))
	}
	return nil
}

func cloneMatrix(m [][]float64) [][]float64 {
	out := newMatrix(len(m), len(m[0]))
	for i, row := range m {
		copy(out[i], row)
	}
	return out
}

// flatten returns m's values in row-major order (a copy).
func flatten(m [][]float64) []float64 {
	out := make([]float64, 0, len(m)*len(m[0]))
	for _, row := range m {
		out = append(out, row...)
	}
	return out
}

// unflatten is the inverse of flatten for a [rows, cols] matrix.
func unflatten(flat []float64, rows, cols int) [][]float64 {
	m := newMatrix(rows, cols)
	for i := range m {
		copy(m[i], flat[i*cols:(i+1)*cols])
	}
	return m
}
