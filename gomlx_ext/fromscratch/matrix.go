package fromscratch

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

// CloneMatrix returns a deep copy of a non-empty matrix.
func CloneMatrix(m [][]float64) [][]float64 { return cloneMatrix(m) }

// Unflatten returns the [rows, cols] matrix whose values, in row-major order, are flat (the
// inverse of flattening a matrix row by row).
func Unflatten(flat []float64, rows, cols int) [][]float64 { return unflatten(flat, rows, cols) }

// mapMatrix returns f applied to every element of x, in a new matrix of x's shape: the
// activation step of DeepMLP and BatchNormMLP.
func mapMatrix(x [][]float64, f func(float64) float64) [][]float64 {
	out := make([][]float64, len(x))
	for i, row := range x {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = f(v)
		}
	}
	return out
}
