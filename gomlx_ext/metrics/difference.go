package metrics

import (
	"fmt"
	"math"
)

// Difference is an estimated difference of two accuracies, A − B, with its
// confidence interval. The interval of a difference is not the interval of
// either accuracy: on two independent sets both accuracies' noise adds up,
// and on the same examples (paired) it depends on how often the two
// classifiers disagree.
type Difference struct {
	// Estimate is accuracy A − accuracy B.
	Estimate float64 `json:"estimate"`
	// Interval holds the confidence interval of the difference, inside [−1, 1].
	Interval
}

// String formats the difference as "+0.0123 [+0.0050, +0.0196]".
func (d Difference) String() string {
	return fmt.Sprintf("%+.4f [%+.4f, %+.4f]", d.Estimate, d.Low, d.High)
}

// NewcombeDifference is the confidence interval of the difference of two
// accuracies measured on independent sets, successesA of trialsA and
// successesB of trialsB (e.g. a validation and a test set). It is
// Newcombe's hybrid score interval (Statistics in Medicine 17:873, 1998,
// method 10), built from the two Wilson intervals [lA, uA] and [lB, uB]:
//
//	Δ = p̂A − p̂B,  low = Δ − √((p̂A − lA)² + (uB − p̂B)²),
//	              high = Δ + √((uA − p̂A)² + (p̂B − lB)²).
//
// Its half-width is about √2 times a single accuracy's when the sets are
// of the same size: comparing two accuracies needs this interval, not the
// overlap of theirs.
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb.
func NewcombeDifference(successesA, trialsA, successesB, trialsB int, z float64) (Difference, error) {
	a, err := Wilson(successesA, trialsA, z)
	if err != nil {
		return Difference{}, fmt.Errorf("metrics: difference of accuracies, A: %w", err)
	}
	b, err := Wilson(successesB, trialsB, z)
	if err != nil {
		return Difference{}, fmt.Errorf("metrics: difference of accuracies, B: %w", err)
	}
	pA, pB := float64(successesA)/float64(trialsA), float64(successesB)/float64(trialsB)
	d := pA - pB
	return Difference{Estimate: d, Interval: Interval{
		Low:  math.Max(-1, d-math.Hypot(pA-a.Low, b.High-pB)),
		High: math.Min(1, d+math.Hypot(a.High-pA, pB-b.Low)),
	}}, nil
}

// PairedDifference is the confidence interval of accuracy A − accuracy B
// for two classifiers scored on the same examples. With n examples, of
// which OnlyA only A gets right and OnlyB only B (the discordant counts of
// [McNemar]),
//
//	Δ = (OnlyA − OnlyB)/n,  Var Δ = (OnlyA + OnlyB − n·Δ²)/n²,
//
// and the interval is Δ ± z·√Var Δ (the Wald interval for paired
// proportions, clipped to [−1, 1]). Examples both get right or both get
// wrong add nothing to the variance, so two classifiers that mostly agree
// are compared far more precisely than their two accuracy intervals
// suggest. The normal approximation needs a few dozen discordant examples;
// with none at all the interval is the single point 0.
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb.
func PairedDifference(yTrue, predA, predB []int32, z float64) (Difference, error) {
	if !(z > 0) || math.IsInf(z, 0) {
		return Difference{}, fmt.Errorf("metrics: paired difference with z=%v, want a finite z > 0", z)
	}
	m, err := McNemar(yTrue, predA, predB)
	if err != nil {
		return Difference{}, fmt.Errorf("metrics: paired difference: %w", err)
	}
	n := float64(len(yTrue))
	d := float64(m.OnlyA-m.OnlyB) / n
	// max(0, ·): the two terms cancel exactly when every discordant example favours one side.
	half := z * math.Sqrt(math.Max(0, float64(m.OnlyA+m.OnlyB)-n*d*d)) / n
	return Difference{Estimate: d, Interval: Interval{Low: math.Max(-1, d-half), High: math.Min(1, d+half)}}, nil
}
