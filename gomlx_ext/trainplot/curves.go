package trainplot

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/plotting"
)

// The size of Compare's figure: two charts side by side.
const (
	compareWidthPx  = 1000
	compareHeightPx = 400
)

func pointSeries(points []trainer.Point, name string, x func(trainer.Point) float64, y func(trainer.Point) float64) plotting.Series {
	s := plotting.Series{Name: name}
	for _, p := range points {
		s.X = append(s.X, x(p))
		s.Y = append(s.Y, y(p))
	}
	return s
}

func pointStep(p trainer.Point) float64     { return float64(p.Step) }
func pointEpoch(p trainer.Point) float64    { return p.Epoch }
func pointLoss(p trainer.Point) float64     { return p.Loss }
func pointAccuracy(p trainer.Point) float64 { return p.Accuracy }

// Curves draws a run's loss and accuracy against the step, training and held-out side by side.
//
// Introduced in notebooks/01_mnist_cnn.ipynb.
func Curves(h *trainer.History) (*plotting.Figure, error) {
	if h == nil {
		return nil, fmt.Errorf("trainplot: history is nil, nothing to plot")
	}
	var lossSeries, accSeries []plotting.Series
	if len(h.Train) > 0 {
		lossSeries = append(lossSeries, pointSeries(h.Train, "train", pointStep, pointLoss))
		accSeries = append(accSeries, pointSeries(h.Train, "train", pointStep, pointAccuracy))
	}
	if len(h.Eval) > 0 {
		lossSeries = append(lossSeries, pointSeries(h.Eval, h.EvalName, pointStep, pointLoss))
		accSeries = append(accSeries, pointSeries(h.Eval, h.EvalName, pointStep, pointAccuracy))
	}
	if len(lossSeries) == 0 {
		return nil, fmt.Errorf("trainplot: history is empty, nothing to plot")
	}
	return plotting.TrainingCurves(lossSeries, accSeries)
}

// Compare draws several runs side by side: held-out loss (left) and accuracy (right) against the
// epoch, one curve per run, named by names.
//
// Not used by a notebook or a command, only by the package's tests:
// notebooks/11_fashion_regularization.ipynb compares its runs in a printed table.
func Compare(names []string, histories []*trainer.History) (*plotting.Figure, error) {
	if len(names) != len(histories) || len(names) == 0 {
		return nil, fmt.Errorf("trainplot: compare: %d names for %d histories", len(names), len(histories))
	}
	var loss, acc []plotting.Series
	evalName := ""
	for i, h := range histories {
		if h == nil || len(h.Eval) == 0 {
			return nil, fmt.Errorf("trainplot: compare: run %q has no held-out measurements", names[i])
		}
		evalName = h.EvalName
		loss = append(loss, pointSeries(h.Eval, names[i], pointEpoch, pointLoss))
		acc = append(acc, pointSeries(h.Eval, names[i], pointEpoch, pointAccuracy))
	}
	lossPlot, err := plotting.LineChart(evalName+" loss", "epoch", "loss", loss...)
	if err != nil {
		return nil, err
	}
	accPlot, err := plotting.LineChart(evalName+" accuracy", "epoch", "accuracy", acc...)
	if err != nil {
		return nil, err
	}
	fig, err := plotting.NewFigure(1, 2, lossPlot, accPlot)
	if err != nil {
		return nil, err
	}
	fig.WidthPx, fig.HeightPx = compareWidthPx, compareHeightPx
	return fig, nil
}

// LiveCurves returns a trainer.Config.OnRecord callback that redraws the history's Curves in
// place in live (a GoNB output area; outside a notebook the update is a no-op).
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb.
func LiveCurves(live *plotting.Live) func(h *trainer.History) error {
	return func(h *trainer.History) error {
		if len(h.Train) < 2 {
			return nil // a line needs two points
		}
		fig, err := Curves(h)
		if err != nil {
			return err
		}
		return live.Update(fig)
	}
}
