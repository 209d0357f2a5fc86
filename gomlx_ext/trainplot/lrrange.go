package trainplot

import (
	"fmt"
	"math"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/plotting"
	"gonum.org/v1/plot"
)

// LRRange draws a learning-rate range test: the batch losses and their smoothed average against
// log₁₀ of the learning rate, with vertical lines at the suggested rate and at the rate of the
// lowest smoothed loss. The loss axis ends at 1.5 times the highest smoothed loss up to the
// minimum, so that the blow-up at the end does not flatten the rest of the curve.
//
// Introduced in notebooks/08_initialisation.ipynb.
func LRRange(r *trainer.LRRange) (*plotting.Figure, error) {
	p, err := lrRangePlot(r)
	if err != nil {
		return nil, err
	}
	return plotting.FigureOf(p), nil
}

func lrRangePlot(r *trainer.LRRange) (*plot.Plot, error) {
	if r == nil || len(r.LearningRates) == 0 {
		return nil, fmt.Errorf("trainplot: learning-rate range test has no steps to plot")
	}
	raw := plotting.Series{Name: "batch loss"}
	smooth := plotting.Series{Name: "smoothed loss"}
	lo, top, lowest := math.Inf(1), math.Inf(-1), 0
	for i, lr := range r.LearningRates {
		x := math.Log10(lr)
		raw.X, raw.Y = append(raw.X, x), append(raw.Y, r.Losses[i])
		smooth.X, smooth.Y = append(smooth.X, x), append(smooth.Y, r.Smoothed[i])
		lo = math.Min(lo, math.Min(r.Losses[i], r.Smoothed[i]))
		if r.Smoothed[i] < r.Smoothed[lowest] {
			lowest = i
		}
	}
	for _, s := range r.Smoothed[:lowest+1] {
		top = math.Max(top, s)
	}
	hi := 1.5 * top
	if !(hi > lo) {
		hi = lo + 1
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
	p.Y.Min, p.Y.Max = lo, hi // gonum clips the lines to the axes
	return p, nil
}
