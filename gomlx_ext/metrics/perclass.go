package metrics

import (
	"fmt"
	"strconv"
)

// ClassMetrics holds the scores of one class.
type ClassMetrics struct {
	// Class is the class index.
	Class int `json:"class"`
	// Name is the class name shown in reports ("0", "1", … by default).
	Name string `json:"name"`
	// Precision is TP / (TP + FP): of the examples predicted as this
	// class, the fraction that are; 0 if the class is never predicted.
	Precision float64 `json:"precision"`
	// Recall is TP / (TP + FN): of the examples of this class, the
	// fraction found; 0 if the class never occurs.
	Recall float64 `json:"recall"`
	// F1 is the harmonic mean 2PR / (P + R); 0 if P + R is 0.
	F1 float64 `json:"f1"`
	// Support is the number of examples of this class in yTrue (TP + FN).
	Support int `json:"support"`
	// Predicted is the number of times the class was predicted (TP + FP).
	Predicted int `json:"predicted"`
}

// Averages are means of per-class scores over a set of classes: plain
// means in MacroAverage, means weighted by support in WeightedAverage.
// Each score is averaged separately, so F1 is the mean of the per-class
// F1 scores, not the F1 of the mean precision and recall.
type Averages struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Classes is the number of classes averaged over, which depends on the
	// average: MacroAverage counts the classes that occur in yTrue or yPred
	// (Support or Predicted > 0), WeightedAverage only those that occur in
	// yTrue (Support > 0), since a class that is never true has weight 0.
	Classes int `json:"classes"`
}

// PerClass returns precision, recall, F1 and support for each class
// 0..numClasses-1, with the zero conventions of the package doc.
func PerClass(yTrue, yPred []int32, numClasses int) ([]ClassMetrics, error) {
	counts, err := ConfusionMatrix(yTrue, yPred, numClasses)
	if err != nil {
		return nil, err
	}
	return PerClassFromConfusion(counts)
}

// PerClassFromConfusion computes per-class scores from counts[true][pred],
// e.g. a matrix accumulated over several evaluation batches. counts must
// be square, non-empty and non-negative.
func PerClassFromConfusion(counts [][]int) ([]ClassMetrics, error) {
	n := len(counts)
	if n == 0 {
		return nil, fmt.Errorf("metrics: confusion matrix is empty")
	}
	predicted := make([]int, n) // column sums
	for t, row := range counts {
		if len(row) != n {
			return nil, fmt.Errorf("metrics: confusion matrix is not square: %d rows but row %d has %d columns", n, t, len(row))
		}
		for p, v := range row {
			if v < 0 {
				return nil, fmt.Errorf("metrics: confusion matrix has a negative count %d at [true %d][pred %d]", v, t, p)
			}
			predicted[p] += v
		}
	}
	classes := make([]ClassMetrics, n)
	for c := range classes {
		support := 0
		for _, v := range counts[c] {
			support += v
		}
		tp := counts[c][c]
		m := ClassMetrics{Class: c, Name: strconv.Itoa(c), Support: support, Predicted: predicted[c]}
		if predicted[c] > 0 {
			m.Precision = float64(tp) / float64(predicted[c])
		}
		if support > 0 {
			m.Recall = float64(tp) / float64(support)
		}
		if m.Precision+m.Recall > 0 {
			m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
		}
		classes[c] = m
	}
	return classes, nil
}

// MacroAverage averages precision, recall and F1 over the classes that
// occur in yTrue or yPred (Support or Predicted > 0). It returns zeros
// with Classes = 0 when no class occurs.
func MacroAverage(classes []ClassMetrics) Averages {
	var avg Averages
	for _, c := range classes {
		if c.Support == 0 && c.Predicted == 0 {
			continue
		}
		avg.Precision += c.Precision
		avg.Recall += c.Recall
		avg.F1 += c.F1
		avg.Classes++
	}
	if avg.Classes > 0 {
		k := float64(avg.Classes)
		avg.Precision /= k
		avg.Recall /= k
		avg.F1 /= k
	}
	return avg
}
