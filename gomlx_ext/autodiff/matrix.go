package autodiff

import (
	"fmt"
	"math"
)

// Matrix returns a leaf for every entry of data, labelled label[i,j]. It returns an error naming
// label if data is empty, ragged or holds a NaN or ±Inf.
//
// Introduced in notebooks/06_autodiff.ipynb.
func Matrix(data [][]float64, label string) ([][]*Value, error) {
	if len(data) == 0 || len(data[0]) == 0 {
		return nil, fmt.Errorf("autodiff: Matrix %q: empty", label)
	}
	m := make([][]*Value, len(data))
	for i, row := range data {
		if len(row) != len(data[0]) {
			return nil, fmt.Errorf("autodiff: Matrix %q: row %d has %d entries, row 0 has %d", label, i, len(row), len(data[0]))
		}
		m[i] = make([]*Value, len(row))
		for j, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("autodiff: Matrix %q: entry [%d,%d] is %v", label, i, j, x)
			}
			m[i][j] = &Value{Data: x, Label: fmt.Sprintf("%s[%d,%d]", label, i, j)}
		}
	}
	return m, nil
}

// Vector returns a leaf for every entry of data, labelled label[i]. It returns an error naming
// label if data is empty or holds a NaN or ±Inf.
//
// Introduced in notebooks/06_autodiff.ipynb.
func Vector(data []float64, label string) ([]*Value, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("autodiff: Vector %q: empty", label)
	}
	v := make([]*Value, len(data))
	for i, x := range data {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("autodiff: Vector %q: entry %d is %v", label, i, x)
		}
		v[i] = &Value{Data: x, Label: fmt.Sprintf("%s[%d]", label, i)}
	}
	return v, nil
}

// Dense returns Z = X·W + b as Values, in the batch-first layout of fromscratch.DenseForwardXW:
// X is n × in (one example per row), W is in × out, b has out entries, and
// Z[i][j] = Σₖ X[i][k]·W[k][j] + b[j] is one Sum node over in products and the bias. It returns
// an error if the shapes do not fit or an entry is nil.
//
// Introduced in notebooks/06_autodiff.ipynb.
func Dense(X, W [][]*Value, b []*Value) ([][]*Value, error) {
	if len(X) == 0 || len(W) == 0 || len(W[0]) == 0 {
		return nil, fmt.Errorf("autodiff: Dense: empty X (%d rows) or W (%d rows)", len(X), len(W))
	}
	in, out := len(W), len(W[0])
	if len(b) != out {
		return nil, fmt.Errorf("autodiff: Dense: b has %d entries, W has %d columns", len(b), out)
	}
	for k, row := range W {
		if len(row) != out {
			return nil, fmt.Errorf("autodiff: Dense: W row %d has %d columns, row 0 has %d", k, len(row), out)
		}
	}
	Z := make([][]*Value, len(X))
	terms := make([]*Value, in+1)
	for i, x := range X {
		if len(x) != in {
			return nil, fmt.Errorf("autodiff: Dense: X row %d has %d entries, W has %d rows", i, len(x), in)
		}
		Z[i] = make([]*Value, out)
		for j := range out {
			for k := range in {
				if x[k] == nil || W[k][j] == nil {
					return nil, fmt.Errorf("autodiff: Dense: nil entry at X[%d][%d] or W[%d][%d]", i, k, k, j)
				}
				terms[k] = x[k].Mul(W[k][j])
			}
			if b[j] == nil {
				return nil, fmt.Errorf("autodiff: Dense: b[%d] is nil", j)
			}
			terms[in] = b[j]
			Z[i][j] = Sum(terms...)
		}
	}
	return Z, nil
}

// Map applies f to every entry of m, e.g. Map(Z, (*Value).Tanh).
//
// Introduced in notebooks/06_autodiff.ipynb.
func Map(m [][]*Value, f func(*Value) *Value) [][]*Value {
	out := make([][]*Value, len(m))
	for i, row := range m {
		out[i] = make([]*Value, len(row))
		for j, v := range row {
			out[i][j] = f(v)
		}
	}
	return out
}

// Grads returns the Grad of every entry of m (after a Backward).
//
// Introduced in notebooks/06_autodiff.ipynb.
func Grads(m [][]*Value) [][]float64 {
	out := make([][]float64, len(m))
	for i, row := range m {
		out[i] = VectorGrads(row)
	}
	return out
}

// VectorGrads returns the Grad of every entry of v (after a Backward).
//
// Introduced in notebooks/06_autodiff.ipynb.
func VectorGrads(v []*Value) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x.Grad
	}
	return out
}
