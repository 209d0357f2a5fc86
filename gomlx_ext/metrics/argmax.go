package metrics

import "math"

// ArgMax turns a flat row-major [batch, numClasses] slice of logits (or
// probabilities) into one predicted class per row.
//
// Ties go to the lowest index, NaN entries are skipped (a row that is all
// NaN predicts class 0, which is then scored as a wrong answer rather than
// hidden). ArgMax returns nil when numClasses < 1 or len(logits) is not a
// multiple of numClasses; the scoring functions then report a length
// mismatch, so the mistake surfaces with context instead of a panic.
func ArgMax(logits []float32, numClasses int) []int32 {
	if numClasses < 1 || len(logits)%numClasses != 0 {
		return nil
	}
	rows := len(logits) / numClasses
	preds := make([]int32, rows)
	for r := range rows {
		row := logits[r*numClasses : (r+1)*numClasses]
		best := float32(math.Inf(-1))
		arg, found := 0, false
		for c, v := range row {
			if v != v { // NaN
				continue
			}
			if !found || v > best {
				best, arg, found = v, c, true
			}
		}
		preds[r] = int32(arg)
	}
	return preds
}
