package fromscratch

import (
	"fmt"
	"math"
)

// Quadratic is f(w) = ½ wᵀAw for a symmetric positive-definite A: a bowl
// whose minimum is w* = 0, whose gradient is ∇f(w) = Aw and whose level
// curves are ellipses with axes along A's eigenvectors. Every smooth loss
// looks like this near a minimum, which is why its behaviour under gradient
// descent predicts the behaviour on real networks.
type Quadratic struct {
	a      [][]float64
	eigens []float64 // ascending
}

// NewQuadratic checks that A is square, symmetric (to 1e−12 relative),
// finite and positive definite, and computes its eigenvalues.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func NewQuadratic(A [][]float64) (Quadratic, error) {
	d := len(A)
	if d == 0 {
		return Quadratic{}, fmt.Errorf("fromscratch.NewQuadratic: A is empty")
	}
	for i := range A {
		if len(A[i]) != d {
			return Quadratic{}, fmt.Errorf("fromscratch.NewQuadratic: A row %d has %d values, want %d (A must be square)", i, len(A[i]), d)
		}
		if err := CheckVector(fmt.Sprintf("A row %d", i), A[i], len(A[i])); err != nil {
			return Quadratic{}, fmt.Errorf("fromscratch.NewQuadratic: %w", err)
		}
	}
	for i := range A {
		for j := range A[i] {
			if math.Abs(A[i][j]-A[j][i]) > 1e-12*math.Max(1, math.Abs(A[i][j])) {
				return Quadratic{}, fmt.Errorf("fromscratch.NewQuadratic: A[%d][%d]=%g but A[%d][%d]=%g: A must be symmetric",
					i, j, A[i][j], j, i, A[j][i])
			}
		}
	}
	values, err := symmetricEigenvalues(A)
	if err != nil {
		return Quadratic{}, fmt.Errorf("fromscratch.NewQuadratic: eigenvalues of the %d×%d matrix A: %w", d, d, err)
	}
	if values[0] <= 0 {
		return Quadratic{}, fmt.Errorf("fromscratch.NewQuadratic: smallest eigenvalue of A is %g, want > 0 (positive definite)", values[0])
	}
	q := Quadratic{a: make([][]float64, d), eigens: values}
	for i := range A {
		q.a[i] = append([]float64(nil), A[i]...)
	}
	return q, nil
}

// Dim returns the number of coordinates of w.
func (q Quadratic) Dim() int { return len(q.a) }

// Value returns ½ wᵀAw. It returns NaN if w has the wrong length.
func (q Quadratic) Value(w []float64) float64 {
	if len(w) != len(q.a) {
		return math.NaN()
	}
	var sum float64
	for i, row := range q.a {
		for j, aij := range row {
			sum += w[i] * aij * w[j]
		}
	}
	return sum / 2
}

// Grad returns ∇f(w) = Aw (A is symmetric, so ½(A + Aᵀ)w = Aw). It returns
// NaNs if w has the wrong length.
func (q Quadratic) Grad(w []float64) []float64 {
	g := make([]float64, len(q.a))
	if len(w) != len(q.a) {
		for i := range g {
			g[i] = math.NaN()
		}
		return g
	}
	for i, row := range q.a {
		for j, aij := range row {
			g[i] += aij * w[j]
		}
	}
	return g
}

// Eigenvalues returns A's eigenvalues λ in ascending order: the curvature
// of the bowl along each principal axis.
func (q Quadratic) Eigenvalues() []float64 { return append([]float64(nil), q.eigens...) }

// Condition returns κ = λmax/λmin: how elongated the level ellipses are.
func (q Quadratic) Condition() float64 { return q.eigens[len(q.eigens)-1] / q.eigens[0] }

// MaxStableLR returns 2/λmax. One step of gradient descent multiplies the
// component of w along eigenvector i by (1 − αλᵢ), so it converges for every
// start exactly when |1 − αλᵢ| < 1 for all i, that is 0 < α < 2/λmax; beyond
// it the steepest direction overshoots further each step and w blows up.
func (q Quadratic) MaxStableLR() float64 { return 2 / q.eigens[len(q.eigens)-1] }

// OptimalLR returns 2/(λmin + λmax), the constant α that makes the slowest
// direction contract fastest, with ContractionFactor (κ−1)/(κ+1).
func (q Quadratic) OptimalLR() float64 { return 2 / (q.eigens[0] + q.eigens[len(q.eigens)-1]) }

// ContractionFactor returns maxᵢ |1 − αλᵢ|: for large step counts the
// distance to the minimum shrinks (factor < 1) or grows (factor > 1) by
// about this much per step.
func (q Quadratic) ContractionFactor(lr float64) float64 {
	worst := 0.0
	for _, l := range q.eigens {
		worst = math.Max(worst, math.Abs(1-lr*l))
	}
	return worst
}
