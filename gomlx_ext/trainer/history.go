package trainer

import (
	"encoding/json"
	"fmt"

	"github.com/deepnb/deepnb/plotting"
)

// Point is one measurement during training.
type Point struct {
	// Step is the global training step (number of batches seen) when it was measured.
	Step int `json:"step"`
	// Epoch is fractional: 1.5 is half-way through the second epoch.
	Epoch float64 `json:"epoch"`
	// Loss is the mean cross-entropy.
	Loss float64 `json:"loss"`
	// Accuracy is the fraction of correctly classified examples.
	Accuracy float64 `json:"accuracy"`
}

// History is what a run measured. Train points are exponential moving averages over recent
// batches (the model changes while they are measured); Eval points are exact over the whole
// held-out set.
type History struct {
	Train []Point `json:"train"`
	// EvalName names the held-out set ("test", "validation").
	EvalName string  `json:"eval_name"`
	Eval     []Point `json:"eval"`
}

// LastEval returns the most recent held-out measurement.
func (h *History) LastEval() (Point, bool) {
	if len(h.Eval) == 0 {
		return Point{}, false
	}
	return h.Eval[len(h.Eval)-1], true
}

// MarshalIndent is the history as indented JSON.
func (h *History) MarshalIndent() ([]byte, error) {
	return json.MarshalIndent(h, "", "  ")
}

// Figure draws loss and accuracy against the step, training and held-out side by side.
func (h *History) Figure() (*plotting.Figure, error) {
	series := func(points []Point, name string, value func(Point) float64) plotting.Series {
		s := plotting.Series{Name: name}
		for _, p := range points {
			s.X = append(s.X, float64(p.Step))
			s.Y = append(s.Y, value(p))
		}
		return s
	}
	loss := func(p Point) float64 { return p.Loss }
	acc := func(p Point) float64 { return p.Accuracy }
	var lossSeries, accSeries []plotting.Series
	if len(h.Train) > 0 {
		lossSeries = append(lossSeries, series(h.Train, "train", loss))
		accSeries = append(accSeries, series(h.Train, "train", acc))
	}
	if len(h.Eval) > 0 {
		lossSeries = append(lossSeries, series(h.Eval, h.EvalName, loss))
		accSeries = append(accSeries, series(h.Eval, h.EvalName, acc))
	}
	if len(lossSeries) == 0 {
		return nil, fmt.Errorf("trainer: history is empty, nothing to plot")
	}
	return plotting.TrainingCurves(lossSeries, accSeries)
}
