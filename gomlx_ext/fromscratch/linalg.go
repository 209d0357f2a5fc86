package fromscratch

import (
	"fmt"
	"math"
	"slices"
)

// Small dense linear algebra for the reference math: a handful of
// coordinates, so clarity beats speed, and no dependency is needed.

// symmetricEigenvalues returns the eigenvalues of the symmetric matrix a in
// ascending order, by cyclic Jacobi rotations: each rotation zeroes one
// off-diagonal pair, and sweeps repeat until the off-diagonal part is
// negligible next to the diagonal. a is not modified.
func symmetricEigenvalues(a [][]float64) ([]float64, error) {
	d := len(a)
	m := make([][]float64, d)
	for i := range a {
		m[i] = append([]float64(nil), a[i]...)
	}
	const maxSweeps = 100
	for range maxSweeps {
		var off, scale float64
		for i := range d {
			scale += m[i][i] * m[i][i]
			for j := i + 1; j < d; j++ {
				off += m[i][j] * m[i][j]
			}
		}
		if off <= 1e-30*math.Max(scale, math.SmallestNonzeroFloat64) {
			values := make([]float64, d)
			for i := range d {
				values[i] = m[i][i]
			}
			slices.Sort(values)
			return values, nil
		}
		for p := range d {
			for q := p + 1; q < d; q++ {
				if m[p][q] == 0 {
					continue
				}
				// Choose the rotation angle θ that zeroes m[p][q]; t = tan θ is
				// the smaller root of t² + 2τt − 1 = 0 (numerically stable form).
				tau := (m[q][q] - m[p][p]) / (2 * m[p][q])
				t := math.Copysign(1, tau) / (math.Abs(tau) + math.Sqrt(1+tau*tau))
				c := 1 / math.Sqrt(1+t*t)
				s := t * c
				for k := range d { // columns p and q
					mkp, mkq := m[k][p], m[k][q]
					m[k][p], m[k][q] = c*mkp-s*mkq, s*mkp+c*mkq
				}
				for k := range d { // rows p and q
					mpk, mqk := m[p][k], m[q][k]
					m[p][k], m[q][k] = c*mpk-s*mqk, s*mpk+c*mqk
				}
			}
		}
	}
	return nil, fmt.Errorf("Jacobi eigenvalue iteration did not converge in %d sweeps", maxSweeps)
}

// solve returns x with a·x = b for a square matrix a, by Gaussian
// elimination with partial pivoting. a and b are not modified.
func solve(a [][]float64, b []float64) ([]float64, error) {
	d := len(a)
	m := make([][]float64, d)
	for i := range a {
		m[i] = append(append([]float64(nil), a[i]...), b[i])
	}
	var norm float64
	for i := range m {
		for j := range d {
			norm = math.Max(norm, math.Abs(m[i][j]))
		}
	}
	for col := range d {
		pivot := col
		for r := col + 1; r < d; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[pivot][col]) {
				pivot = r
			}
		}
		if math.Abs(m[pivot][col]) <= 1e-13*norm {
			return nil, fmt.Errorf("matrix is singular (column %d has no usable pivot)", col)
		}
		m[col], m[pivot] = m[pivot], m[col]
		for r := col + 1; r < d; r++ {
			f := m[r][col] / m[col][col]
			for k := col; k <= d; k++ {
				m[r][k] -= f * m[col][k]
			}
		}
	}
	x := make([]float64, d)
	for r := d - 1; r >= 0; r-- {
		sum := m[r][d]
		for k := r + 1; k < d; k++ {
			sum -= m[r][k] * x[k]
		}
		x[r] = sum / m[r][r]
	}
	return x, nil
}
