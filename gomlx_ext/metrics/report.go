package metrics

import (
	"fmt"
	"strings"
)

// Report is the evaluation summary of a classifier on one data set.
type Report struct {
	// NumExamples is the number of scored examples.
	NumExamples int `json:"num_examples"`
	// Accuracy is the fraction of correct predictions.
	Accuracy float64 `json:"accuracy"`
	// Classes holds one entry per class, in class order.
	Classes []ClassMetrics `json:"classes"`
	// AccuracyCI95 is the Wilson 95 % confidence interval of Accuracy.
	AccuracyCI95 Interval `json:"accuracy_ci95"`
	// Macro holds the unweighted means over the classes that occur.
	Macro Averages `json:"macro_avg"`
	// Weighted holds the means weighted by each class's support.
	Weighted Averages `json:"weighted_avg"`
	// Confusion is counts[true][pred].
	Confusion [][]int `json:"confusion"`
}

// NewReport scores yPred against yTrue. classNames gives one name per
// class for the table and JSON; nil means "0", "1", ….
func NewReport(yTrue, yPred []int32, numClasses int, classNames []string) (*Report, error) {
	if classNames != nil && len(classNames) != numClasses {
		return nil, fmt.Errorf("metrics: %d class names for %d classes", len(classNames), numClasses)
	}
	counts, err := ConfusionMatrix(yTrue, yPred, numClasses)
	if err != nil {
		return nil, err
	}
	classes, err := PerClassFromConfusion(counts)
	if err != nil {
		return nil, err
	}
	correct := 0
	for c := range counts {
		correct += counts[c][c]
	}
	for i := range classes {
		if classNames != nil {
			classes[i].Name = classNames[i]
		}
	}
	ci, err := Wilson(correct, len(yTrue), Z95)
	if err != nil {
		return nil, err
	}
	return &Report{
		NumExamples:  len(yTrue),
		Accuracy:     float64(correct) / float64(len(yTrue)),
		AccuracyCI95: ci,
		Classes:      classes,
		Macro:        MacroAverage(classes),
		Weighted:     WeightedAverage(classes),
		Confusion:    counts,
	}, nil
}

// String formats the report as a fixed-width table:
//
//	class         precision  recall      f1  support
//	cat              0.6667  0.5000  0.5714        4
//	dog              0.6667  0.6667  0.6667        3
//	bird             0.7500  1.0000  0.8571        3
//	macro avg        0.6944  0.7222  0.6984       10
//	weighted avg     0.6917  0.7000  0.6857       10
//	accuracy                         0.7000       10  95% CI [0.3968, 0.8922]
//
// The support of the average rows is the number of examples.
func (r *Report) String() string {
	if r == nil {
		return "<nil report>"
	}
	const macro, weighted, acc = "macro avg", "weighted avg", "accuracy"
	w := len(weighted)
	for _, c := range r.Classes {
		w = max(w, len(c.Name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s  %9s  %6s  %6s  %7s\n", w, "class", "precision", "recall", "f1", "support")
	for _, c := range r.Classes {
		fmt.Fprintf(&b, "%-*s  %9.4f  %6.4f  %6.4f  %7d\n", w, c.Name, c.Precision, c.Recall, c.F1, c.Support)
	}
	fmt.Fprintf(&b, "%-*s  %9.4f  %6.4f  %6.4f  %7d\n", w, macro, r.Macro.Precision, r.Macro.Recall, r.Macro.F1, r.NumExamples)
	fmt.Fprintf(&b, "%-*s  %9.4f  %6.4f  %6.4f  %7d\n", w, weighted, r.Weighted.Precision, r.Weighted.Recall, r.Weighted.F1, r.NumExamples)
	fmt.Fprintf(&b, "%-*s  %9s  %6s  %6.4f  %7d  95%% CI %s\n", w, acc, "", "", r.Accuracy, r.NumExamples, r.AccuracyCI95)
	return b.String()
}
