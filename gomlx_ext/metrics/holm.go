package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// HolmAdjust returns Holm's step-down adjustment of the p-values ps, in their order: the i-th
// smallest (i from 1) is multiplied by m − i + 1 (m = len(ps)), kept at least as large as the one
// before it, and capped at 1. Rejecting each hypothesis whose adjusted p is below α keeps the chance
// of any false rejection among the m at most α, whatever their dependence: the correction a
// notebook needs when it reports the best of several comparisons it did not plan.
//
// Introduced in notebooks/11_fashion_regularization.ipynb.
func HolmAdjust(ps []float64) ([]float64, error) {
	for i, p := range ps {
		if math.IsNaN(p) || p < 0 || p > 1 {
			return nil, fmt.Errorf("metrics: Holm adjustment: p-value %d is %v, want 0 ≤ p ≤ 1", i, p)
		}
	}
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ps[a], ps[b]) })
	adjusted, prev := make([]float64, len(ps)), 0.0
	for k, i := range order {
		prev = max(prev, min(1, float64(len(ps)-k)*ps[i]))
		adjusted[i] = prev
	}
	return adjusted, nil
}
