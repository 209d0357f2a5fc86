package manual

// DefaultStep is the step h of the central differences below. In float64 the
// truncation error of a central difference shrinks like h² while rounding
// error grows like ε/h (ε ≈ 2.2e−16); h ≈ ε^(1/3) ≈ 6e−6 balances them, giving
// about 10 correct digits for smooth functions of moderate size.
const DefaultStep = 1e-5

// Derivative returns the central difference (f(x+h) − f(x−h)) / 2h, an
// approximation of f'(x) with error O(h²). A non-positive h means DefaultStep.
func Derivative(f func(float64) float64, x, h float64) float64 {
	if !(h > 0) {
		h = DefaultStep
	}
	return (f(x+h) - f(x-h)) / (2 * h)
}

// NumericalGradient returns the central-difference gradient of f at w, one
// Derivative per coordinate with the others held fixed. w is not modified.
// A non-positive h means DefaultStep.
func NumericalGradient(f func([]float64) float64, w []float64, h float64) []float64 {
	if !(h > 0) {
		h = DefaultStep
	}
	probe := append([]float64(nil), w...)
	grad := make([]float64, len(w))
	for i := range w {
		probe[i] = w[i] + h
		plus := f(probe)
		probe[i] = w[i] - h
		minus := f(probe)
		probe[i] = w[i]
		grad[i] = (plus - minus) / (2 * h)
	}
	return grad
}
