package metrics

// ArgMax turns a flat row-major [batch, numClasses] slice of logits (or
// probabilities) into one predicted class per row, each by ArgMaxRow.
//
// ArgMax returns nil when numClasses < 1 or len(logits) is not a multiple of
// numClasses; the scoring functions then report a length mismatch, so the
// mistake surfaces with context instead of a panic.
func ArgMax(logits []float32, numClasses int) []int32 {
	if numClasses < 1 || len(logits)%numClasses != 0 {
		return nil
	}
	rows := len(logits) / numClasses
	preds := make([]int32, rows)
	for r := range rows {
		preds[r] = int32(ArgMaxRow(logits[r*numClasses : (r+1)*numClasses]))
	}
	return preds
}

// ArgMaxRow returns the index of the largest value of row: DeepNB's one arg-max, used by every
// prediction (gomlx_ext/evaluate, fromscratch.TwoLayer.Accuracy, cmd/).
//
// The rule: ties go to the lowest index, and NaN entries are skipped, so a NaN never wins over a
// number wherever it stands. A row that is all NaN (or empty) predicts class 0, which is then
// scored like any other answer (wrong unless the label is 0); a model that outputs NaN shows up
// as a collapsed accuracy rather than being hidden.
func ArgMaxRow[F float32 | float64](row []F) int {
	arg, found := 0, false
	var best F
	for c, v := range row {
		if v != v { // NaN
			continue
		}
		if !found || v > best {
			best, arg, found = v, c, true
		}
	}
	return arg
}
