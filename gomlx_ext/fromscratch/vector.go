package fromscratch

import "math"

// Norm returns the Euclidean length ‖v‖ = √(Σ vᵢ²).
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func Norm(v []float64) float64 {
	var sum float64
	for _, x := range v {
		sum += x * x
	}
	return math.Sqrt(sum)
}

// Distance returns ‖a − b‖; the vectors must have the same length (extra
// values of the longer one are ignored).
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func Distance(a, b []float64) float64 {
	var sum float64
	for i := range min(len(a), len(b)) {
		d := a[i] - b[i]
		sum += d * d
	}
	return math.Sqrt(sum)
}

// MaxAbsDiff returns max |aᵢⱼ − bᵢⱼ| over two matrices, and +Inf if their
// shapes differ (so that a claim "≤ tol" fails instead of passing vacuously).
// A NaN anywhere gives NaN.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func MaxAbsDiff(a, b [][]float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	var worst float64
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return math.Inf(1)
		}
		for j := range a[i] {
			d := math.Abs(a[i][j] - b[i][j])
			if math.IsNaN(d) {
				return math.NaN()
			}
			worst = math.Max(worst, d)
		}
	}
	return worst
}
