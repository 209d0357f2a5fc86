package metrics

import (
	"fmt"
	"math"
)

// Z95 is the standard normal quantile for a two-sided 95 % interval:
// P(|Z| ≤ Z95) = 0.95.
const Z95 = 1.959963984540054

// Interval is a confidence interval [Low, High] for a proportion.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// HalfWidth is (High − Low)/2.
func (iv Interval) HalfWidth() float64 { return (iv.High - iv.Low) / 2 }

// Contains reports whether Low ≤ p ≤ High.
func (iv Interval) Contains(p float64) bool { return iv.Low <= p && p <= iv.High }

// String formats the interval as "[0.9871, 0.9913]".
func (iv Interval) String() string { return fmt.Sprintf("[%.4f, %.4f]", iv.Low, iv.High) }

// Wilson returns the Wilson score interval for a proportion observed as
// successes out of trials, e.g. correct test predictions out of test
// examples, at the normal quantile z (Z95 for 95 %):
//
//	p̂ = k/n,  center = (p̂ + z²/2n) / (1 + z²/n),
//	half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²).
//
// Unlike the textbook p̂ ± z√(p̂(1−p̂)/n) it stays inside [0, 1] and does
// not collapse to a point when p̂ is 0 or 1, which matters for accuracies
// near 1. It treats the test examples as independent draws from the
// distribution the accuracy is meant for.
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb (first called,
// unexplained, in 01's exercise-1 solution).
func Wilson(successes, trials int, z float64) (Interval, error) {
	if trials <= 0 {
		return Interval{}, fmt.Errorf("metrics: Wilson interval of %d trials, want at least 1", trials)
	}
	if successes < 0 || successes > trials {
		return Interval{}, fmt.Errorf("metrics: Wilson interval of %d successes in %d trials, want 0..%d", successes, trials, trials)
	}
	if !(z > 0) || math.IsInf(z, 0) {
		return Interval{}, fmt.Errorf("metrics: Wilson interval with z=%v, want a finite z > 0", z)
	}
	n := float64(trials)
	p := float64(successes) / n
	z2 := z * z
	denom := 1 + z2/n
	center := (p + z2/(2*n)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	iv := Interval{Low: math.Max(0, center-half), High: math.Min(1, center+half)}
	// At p̂ = 0 or 1 the bound is exactly 0 or 1; rounding would leave it a hair inside.
	if successes == 0 {
		iv.Low = 0
	}
	if successes == trials {
		iv.High = 1
	}
	return iv, nil
}
