package metrics

// Accuracy returns the fraction of positions where yPred equals yTrue.
func Accuracy(yTrue, yPred []int32, numClasses int) (float64, error) {
	if err := checkLabels(yTrue, yPred, numClasses); err != nil {
		return 0, err
	}
	correct := 0
	for i := range yTrue {
		if yTrue[i] == yPred[i] {
			correct++
		}
	}
	return float64(correct) / float64(len(yTrue)), nil
}
