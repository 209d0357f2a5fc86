package trainplot

import (
	"fmt"
	"math"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/plotting"
)

// LRRange draws a learning-rate range test: the batch losses and their smoothed average against
// log₁₀ of the learning rate, with vertical lines at the suggested rate and at the rate of the
// lowest smoothed loss.
//
// Introduced in notebooks/12_initialisation.ipynb.
func LRRange(r *trainer.LRRange) (*plotting.Figure, error) {
	if r == nil || len(r.LearningRates) == 0 {
		return nil, fmt.Errorf("trainplot: learning-rate range test has no steps to plot")
	}
	raw := plotting.Series{Name: "batch loss"}
	smooth := plotting.Series{Name: "smoothed loss"}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, lr := range r.LearningRates {
		x := math.Log10(lr)
		raw.X, raw.Y = append(raw.X, x), append(raw.Y, r.Losses[i])
		smooth.X, smooth.Y = append(smooth.X, x), append(smooth.Y, r.Smoothed[i])
		lo, hi = math.Min(lo, math.Min(r.Losses[i], r.Smoothed[i])), math.Max(hi, math.Max(r.Losses[i], r.Smoothed[i]))
	}
	vertical := func(name string, lr float64) plotting.Series {
		return plotting.Series{Name: fmt.Sprintf("%s %.2g", name, lr), X: []float64{math.Log10(lr), math.Log10(lr)}, Y: []float64{lo, hi}}
	}
	title := "Learning-rate range test"
	if r.Diverged {
		title += fmt.Sprintf(" (stopped at divergence, lr %.2g)", r.LearningRates[len(r.LearningRates)-1])
	}
	p, err := plotting.LineChart(title, "log₁₀ learning rate", "loss",
		raw, smooth, vertical("suggested", r.Suggested), vertical("lowest smoothed loss at", r.MinLossLR))
	if err != nil {
		return nil, fmt.Errorf("trainplot: %w", err)
	}
	return plotting.FigureOf(p), nil
}
