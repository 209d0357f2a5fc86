package metrics

import "fmt"

// checkLabels validates a pair of label slices: same non-zero length and
// every label in [0, numClasses). The error names the slice and index of
// the first bad label.
func checkLabels(yTrue, yPred []int32, numClasses int) error {
	if numClasses < 1 {
		return fmt.Errorf("metrics: numClasses=%d, want at least 1", numClasses)
	}
	if len(yTrue) != len(yPred) {
		return fmt.Errorf("metrics: yTrue has %d labels but yPred has %d", len(yTrue), len(yPred))
	}
	if len(yTrue) == 0 {
		return fmt.Errorf("metrics: no labels to score (yTrue and yPred are empty)")
	}
	for _, s := range []struct {
		name   string
		labels []int32
	}{{"yTrue", yTrue}, {"yPred", yPred}} {
		for i, l := range s.labels {
			if l < 0 || int(l) >= numClasses {
				return fmt.Errorf("metrics: %s[%d]=%d is outside [0, %d)", s.name, i, l, numClasses)
			}
		}
	}
	return nil
}
