package trainer

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/deepnb/deepnb/internal/atomicfile"
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
