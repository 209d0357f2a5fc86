package metrics

// ConfusionMatrix counts (true, predicted) pairs: counts[t][p] is the
// number of examples of class t predicted as class p. Row t sums to the
// support of class t, column p to the number of predictions of p, and the
// diagonal holds the correct predictions. The result is numClasses ×
// numClasses and feeds plotting.ConfusionMatrix directly.
func ConfusionMatrix(yTrue, yPred []int32, numClasses int) ([][]int, error) {
	if err := checkLabels(yTrue, yPred, numClasses); err != nil {
		return nil, err
	}
	counts := make([][]int, numClasses)
	for t := range counts {
		counts[t] = make([]int, numClasses)
	}
	for i := range yTrue {
		counts[yTrue[i]][yPred[i]]++
	}
	return counts, nil
}
