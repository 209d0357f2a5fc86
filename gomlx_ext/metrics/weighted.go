package metrics

// WeightedAverage averages precision, recall and F1 over the classes,
// each weighted by its support (its number of examples in yTrue), so a
// frequent class counts more than a rare one. A class that never occurs
// has weight 0. Weighted recall equals the accuracy: Σ (TPc/Nc)·(Nc/N) =
// Σ TPc / N. Classes is the number of classes with support > 0; all
// fields are 0 when no class has support.
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb.
func WeightedAverage(classes []ClassMetrics) Averages {
	var avg Averages
	total := 0
	for _, c := range classes {
		if c.Support <= 0 {
			continue
		}
		w := float64(c.Support)
		avg.Precision += w * c.Precision
		avg.Recall += w * c.Recall
		avg.F1 += w * c.F1
		avg.Classes++
		total += c.Support
	}
	if total > 0 {
		n := float64(total)
		avg.Precision /= n
		avg.Recall /= n
		avg.F1 /= n
	}
	return avg
}
