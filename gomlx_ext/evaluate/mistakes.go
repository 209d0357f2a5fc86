package evaluate

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/deepnb/deepnb/gomlx_ext/metrics"
)

// Probabilities returns the softmax of row i of the logits: the model's probability for each
// class (fromscratch.Softmax, shifted by the maximum: no overflow). It panics if i is out of
// range, like slice indexing.
func (p *Predictions) Probabilities(i int) []float64 {
	row := make([]float64, p.NumClasses)
	for c, v := range p.Logits[i*p.NumClasses : (i+1)*p.NumClasses] {
		row[c] = float64(v)
	}
	return fromscratch.Softmax(row)
}

// Report scores the predictions against labels: accuracy, the confusion matrix, and precision,
// recall and F1 per class and macro-averaged. classNames may be nil.
func (p *Predictions) Report(labels []int32, classNames []string) (*metrics.Report, error) {
	if len(labels) != len(p.Labels) {
		return nil, fmt.Errorf("report: %d predictions for %d labels", len(p.Labels), len(labels))
	}
	return metrics.NewReport(labels, p.Labels, p.NumClasses, classNames)
}

// Mistake is one misclassified example.
type Mistake struct {
	// Index of the example in the data set.
	Index int `json:"index"`
	// True and Predicted classes.
	True      int32 `json:"true"`
	Predicted int32 `json:"predicted"`
	// Confidence is the probability the model gave its (wrong) answer; TrueProbability the one it
	// gave the right class.
	Confidence      float64 `json:"confidence"`
	TrueProbability float64 `json:"true_probability"`
}

// Mistakes returns every misclassified example, the worst first: those the model was most
// confident about (ties by index, so the order is reproducible).
func (p *Predictions) Mistakes(labels []int32) ([]Mistake, error) {
	if len(labels) != len(p.Labels) {
		return nil, fmt.Errorf("mistakes: %d predictions for %d labels", len(p.Labels), len(labels))
	}
	var out []Mistake
	for i, want := range labels {
		if got := p.Labels[i]; got != want {
			if want < 0 || int(want) >= p.NumClasses {
				return nil, fmt.Errorf("mistakes: label %d of example %d is not a class in 0..%d", want, i, p.NumClasses-1)
			}
			probs := p.Probabilities(i)
			out = append(out, Mistake{Index: i, True: want, Predicted: got, Confidence: probs[got], TrueProbability: probs[want]})
		}
	}
	slices.SortStableFunc(out, func(a, b Mistake) int { return cmp.Compare(b.Confidence, a.Confidence) })
	return out, nil
}

// MaxAbsDiff is the largest difference between the logits of p and q, which must cover the same
// examples: 0 means identical predictions.
func (p *Predictions) MaxAbsDiff(q *Predictions) (float64, error) {
	if len(p.Logits) != len(q.Logits) || p.NumClasses != q.NumClasses {
		return 0, fmt.Errorf("compare predictions: %d×%d logits vs %d×%d", len(p.Labels), p.NumClasses, len(q.Labels), q.NumClasses)
	}
	d := 0.0
	for i := range p.Logits {
		d = math.Max(d, math.Abs(float64(p.Logits[i])-float64(q.Logits[i])))
	}
	return d, nil
}
