package fromscratch

import "math"

// DefaultStep is the step h of the central differences below, and of every finite-difference
// check in DeepNB (gomlx_ext/gradcheck uses it too). In float64 the truncation error of a
// central difference shrinks like h²·|f”'|/6 while rounding error grows like ε·|f|/h
// (ε ≈ 2.2e−16); h ≈ ε^(1/3) ≈ 6e−6 balances them, giving about 10 correct digits for smooth
// functions of moderate size. DeepNB takes the power of ten just below that balance point:
// the error is still ≈ 1e−10, and a difference straddles a ReLU's kink only where |z| < h, so
// a smaller h hits the kink less often.
const DefaultStep = 1e-6

// DefaultFloor is the smallest denominator of RelativeError: it keeps elements whose true value
// is zero from dividing by zero.
const DefaultFloor = 1e-8

// Derivative returns the central difference (f(x+h) − f(x−h)) / 2h, an
// approximation of f'(x) with error O(h²). A non-positive h means DefaultStep.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func Derivative(f func(float64) float64, x, h float64) float64 {
	if !(h > 0) {
		h = DefaultStep
	}
	return (f(x+h) - f(x-h)) / (2 * h)
}

// NumericalGradient returns the central-difference gradient of f at w, one
// Derivative per coordinate with the others held fixed. w is not modified.
// A non-positive h means DefaultStep.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func NumericalGradient(f func([]float64) float64, w []float64, h float64) []float64 {
	probe := append([]float64(nil), w...)
	grad := make([]float64, len(w))
	for i := range w {
		grad[i] = Derivative(func(v float64) float64 {
			probe[i] = v
			return f(probe)
		}, w[i], h)
		probe[i] = w[i]
	}
	return grad
}

// RelativeError returns |a − n| / max(|a|, |n|, floor), the measure DeepNB compares an exact
// gradient a with a numerical one n by. A NaN in a or n gives NaN, so a broken gradient never
// looks good.
func RelativeError(a, n, floor float64) float64 {
	return math.Abs(a-n) / math.Max(math.Max(math.Abs(a), math.Abs(n)), floor)
}
