package trainer

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/deepnb/deepnb/plotting"
)

// Point is one measurement during training.
type Point struct {
	// Step is the global training step (number of batches seen) when it was measured.
	Step int `json:"step"`
	// Epoch is fractional: 1.5 is half-way through the second epoch.
	Epoch float64 `json:"epoch"`
	// Loss is the mean cross-entropy (without the weight-decay penalty).
	Loss float64 `json:"loss"`
	// Accuracy is the fraction of correctly classified examples.
	Accuracy float64 `json:"accuracy"`
	// LearningRate is the rate of the step's update, where the trainer knows it (default
	// optimizer, or a Schedule); 0 otherwise.
	LearningRate float64 `json:"learning_rate,omitempty"`
}

// EpochPoint summarises one finished epoch.
type EpochPoint struct {
	// Epoch counts from 1.
	Epoch int `json:"epoch"`
	// Step is the global step at the end of the epoch.
	Step int `json:"step"`
	// TrainLoss and TrainAccuracy are means over the epoch's batches (the model changes while
	// they are measured, as in Keras's per-epoch numbers).
	TrainLoss     float64 `json:"train_loss"`
	TrainAccuracy float64 `json:"train_accuracy"`
	// EvalLoss and EvalAccuracy are exact, over the whole held-out set at the end of the epoch;
	// 0 without a held-out set.
	EvalLoss     float64 `json:"eval_loss"`
	EvalAccuracy float64 `json:"eval_accuracy"`
	// LearningRate of the epoch's last step, where known.
	LearningRate float64 `json:"learning_rate,omitempty"`
}

// History is what a run measured. Train points are exponential moving averages over recent
// batches (the model changes while they are measured); Eval points are exact over the whole
// held-out set; Epochs has one summary per finished epoch.
type History struct {
	Train []Point `json:"train"`
	// EvalName names the held-out set ("test", "validation").
	EvalName string       `json:"eval_name"`
	Eval     []Point      `json:"eval"`
	Epochs   []EpochPoint `json:"epochs"`
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

// Save writes the history as JSON to path, atomically.
func (h *History) Save(path string) error {
	data, err := h.MarshalIndent()
	if err != nil {
		return fmt.Errorf("saving history %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, append(data, '\n'), 0o644)
}

// LoadHistory reads a history written by Save.
func LoadHistory(path string) (*History, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading history: %w", err)
	}
	var h History
	if err := json.Unmarshal(data, &h); err != nil {
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	return &h, nil
}

// clone returns a deep copy, so a checkpoint or a callback never shares slices with the run.
func (h *History) clone() *History {
	c := *h
	c.Train = append([]Point(nil), h.Train...)
	c.Eval = append([]Point(nil), h.Eval...)
	c.Epochs = append([]EpochPoint(nil), h.Epochs...)
	return &c
}

func pointSeries(points []Point, name string, x func(Point) float64, y func(Point) float64) plotting.Series {
	s := plotting.Series{Name: name}
	for _, p := range points {
		s.X = append(s.X, x(p))
		s.Y = append(s.Y, y(p))
	}
	return s
}

func pointStep(p Point) float64     { return float64(p.Step) }
func pointEpoch(p Point) float64    { return p.Epoch }
func pointLoss(p Point) float64     { return p.Loss }
func pointAccuracy(p Point) float64 { return p.Accuracy }

// Figure draws loss and accuracy against the step, training and held-out side by side.
func (h *History) Figure() (*plotting.Figure, error) {
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
		return nil, fmt.Errorf("trainer: history is empty, nothing to plot")
	}
	return plotting.TrainingCurves(lossSeries, accSeries)
}

// CompareFigure draws several runs side by side: held-out loss (left) and accuracy (right)
// against the epoch, one curve per run, named by names.
func CompareFigure(names []string, histories []*History) (*plotting.Figure, error) {
	if len(names) != len(histories) || len(names) == 0 {
		return nil, fmt.Errorf("trainer: compare: %d names for %d histories", len(names), len(histories))
	}
	var loss, acc []plotting.Series
	evalName := ""
	for i, h := range histories {
		if h == nil || len(h.Eval) == 0 {
			return nil, fmt.Errorf("trainer: compare: run %q has no held-out measurements", names[i])
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
	fig.WidthPx, fig.HeightPx = 1000, 400
	return fig, nil
}

// LiveCurves returns an OnRecord callback that redraws the history's curves in place in live (a
// GoNB output area; outside a notebook the update is a no-op).
func LiveCurves(live *plotting.Live) func(h *History) error {
	return func(h *History) error {
		if len(h.Train) < 2 {
			return nil // a line needs two points
		}
		fig, err := h.Figure()
		if err != nil {
			return err
		}
		return live.Update(fig)
	}
}
