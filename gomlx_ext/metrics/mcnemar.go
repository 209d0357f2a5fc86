package metrics

import (
	"fmt"
	"math"
)

// McNemarResult compares two classifiers scored on the same examples.
type McNemarResult struct {
	// OnlyA is the number of examples A gets right and B gets wrong.
	OnlyA int `json:"only_a"`
	// OnlyB is the number of examples B gets right and A gets wrong.
	OnlyB int `json:"only_b"`
	// PValue is the exact two-sided p-value of McNemar's test: the
	// probability, if A and B were equally accurate, of a split of the
	// OnlyA + OnlyB discordant examples at least as uneven as the one seen.
	PValue float64 `json:"p_value"`
}

// McNemar runs McNemar's exact test on the predictions of two classifiers
// A and B for the same examples. Only the discordant examples (one right,
// the other wrong) carry evidence about which is better; under the null
// hypothesis of equal accuracy each of them favours A with probability
// 1/2, so OnlyA ~ Binomial(OnlyA + OnlyB, 1/2). Pairing makes the test far
// more sensitive than comparing two accuracies' confidence intervals: the
// examples both get right or both get wrong add no noise.
//
// Introduced in notebooks/07_momentum.ipynb (first called, unexplained,
// in 01's exercise-2 solution).
func McNemar(yTrue, predA, predB []int32) (McNemarResult, error) {
	if len(yTrue) == 0 {
		return McNemarResult{}, fmt.Errorf("metrics: McNemar test needs at least one example")
	}
	if len(predA) != len(yTrue) || len(predB) != len(yTrue) {
		return McNemarResult{}, fmt.Errorf("metrics: McNemar test: yTrue has %d labels, predA %d, predB %d", len(yTrue), len(predA), len(predB))
	}
	var onlyA, onlyB int
	for i, y := range yTrue {
		a, b := predA[i] == y, predB[i] == y
		switch {
		case a && !b:
			onlyA++
		case b && !a:
			onlyB++
		}
	}
	return McNemarFromCounts(onlyA, onlyB)
}

// McNemarFromCounts is [McNemar] from the two discordant counts.
func McNemarFromCounts(onlyA, onlyB int) (McNemarResult, error) {
	if onlyA < 0 || onlyB < 0 {
		return McNemarResult{}, fmt.Errorf("metrics: McNemar counts %d and %d, want non-negative", onlyA, onlyB)
	}
	n, k := onlyA+onlyB, min(onlyA, onlyB)
	// Two-sided: twice the smaller tail, P(X ≤ k) for X ~ Binomial(n, 1/2).
	tail := 0.0
	for i := 0; i <= k; i++ {
		tail += math.Exp(logChoose(n, i) - float64(n)*math.Ln2)
	}
	return McNemarResult{OnlyA: onlyA, OnlyB: onlyB, PValue: math.Min(1, 2*tail)}, nil
}

// logChoose is log(n choose k), through log-gamma so that n in the
// thousands does not overflow.
func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}
