package trainer

import (
	"cmp"
	"fmt"
	"image"
	"math"
	"slices"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/metrics"
	"github.com/deepnb/deepnb/plotting"
)

// Probabilities returns the softmax of row i of the logits: the model's probability for each
// class. It panics if i is out of range, like slice indexing.
func (p *Predictions) Probabilities(i int) []float64 {
	row := p.Logits[i*p.NumClasses : (i+1)*p.NumClasses]
	top := math.Inf(-1)
	for _, v := range row {
		top = math.Max(top, float64(v))
	}
	probs := make([]float64, len(row))
	sum := 0.0
	for c, v := range row {
		probs[c] = math.Exp(float64(v) - top) // shifted by the maximum: no overflow
		sum += probs[c]
	}
	for c := range probs {
		probs[c] /= sum
	}
	return probs
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

// MistakesGrid draws the first n mistakes (images from data, which must hold pixels in [0, 1]:
// pass the set before normalisation) in a grid of cols columns, each captioned with the true
// class, the predicted one and the model's confidence.
func MistakesGrid(data *datasets.Images, mistakes []Mistake, n, cols int) (image.Image, error) {
	if data.Channels != 1 {
		return nil, fmt.Errorf("mistakes grid: %s has %d channels, only grey images are drawn", data.Name, data.Channels)
	}
	n = min(n, len(mistakes))
	if n == 0 {
		return nil, fmt.Errorf("mistakes grid: no mistakes to draw")
	}
	name := func(c int32) string {
		if int(c) < len(data.ClassNames) {
			return data.ClassNames[c]
		}
		return fmt.Sprint(c)
	}
	images := make([][]float32, n)
	captions := make([]string, n)
	for k, m := range mistakes[:n] {
		if m.Index < 0 || m.Index >= data.N {
			return nil, fmt.Errorf("mistakes grid: example %d is not in %s (%d images)", m.Index, data.Name, data.N)
		}
		images[k] = data.Image(m.Index)
		captions[k] = fmt.Sprintf("true %s\npred %s %.0f%%", name(m.True), name(m.Predicted), 100*m.Confidence)
	}
	return plotting.ImageGrid(images, data.Height, data.Width, captions, cols)
}
