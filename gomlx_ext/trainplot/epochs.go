package trainplot

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/plotting"
)

// EpochCurves draws a run's learning curves per epoch: on the left the training loss (the mean
// over the epoch's batches, with dropout on and the weights moving) and the held-out loss (exact,
// at the epoch's end); on the right the two accuracies. Overfitting shows as the held-out loss's
// U: it falls with the training loss, reaches a minimum, and climbs while the training loss keeps
// falling.
//
// Introduced in notebooks/11_fashion_regularization.ipynb.
func EpochCurves(h *trainer.History) (*plotting.Figure, error) {
	if h == nil || len(h.Epochs) == 0 {
		return nil, fmt.Errorf("trainplot: epoch curves: the history has no finished epoch")
	}
	evalName := h.EvalName
	if evalName == "" {
		evalName = "held-out"
	}
	trainLoss := plotting.Series{Name: "train (mean over the epoch)"}
	trainAcc := plotting.Series{Name: trainLoss.Name}
	evalLoss := plotting.Series{Name: evalName + " (end of epoch)"}
	evalAcc := plotting.Series{Name: evalLoss.Name}
	for _, e := range h.Epochs {
		x := float64(e.Epoch)
		trainLoss.X, trainLoss.Y = append(trainLoss.X, x), append(trainLoss.Y, e.TrainLoss)
		trainAcc.X, trainAcc.Y = append(trainAcc.X, x), append(trainAcc.Y, e.TrainAccuracy)
		evalLoss.X, evalLoss.Y = append(evalLoss.X, x), append(evalLoss.Y, e.EvalLoss)
		evalAcc.X, evalAcc.Y = append(evalAcc.X, x), append(evalAcc.Y, e.EvalAccuracy)
	}
	lossPlot, err := plotting.LineChart("loss per epoch", "epoch", "cross-entropy", trainLoss, evalLoss)
	if err != nil {
		return nil, fmt.Errorf("trainplot: epoch curves: %w", err)
	}
	accPlot, err := plotting.LineChart("accuracy per epoch", "epoch", "accuracy", trainAcc, evalAcc)
	if err != nil {
		return nil, fmt.Errorf("trainplot: epoch curves: %w", err)
	}
	fig, err := plotting.NewFigure(1, 2, lossPlot, accPlot)
	if err != nil {
		return nil, fmt.Errorf("trainplot: epoch curves: %w", err)
	}
	fig.WidthPx, fig.HeightPx = compareWidthPx, compareHeightPx
	return fig, nil
}
