package trainer

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// Defaults for Config fields left at their zero value.
const (
	// DefaultSeed initialises the weights when Config.Seed is 0 (a run is always seeded).
	DefaultSeed uint64 = 42
	// DefaultLearningRate is Adam's usual 1e-3.
	DefaultLearningRate = 1e-3
	// DefaultRecordEvery is how often, in steps, the training loss and accuracy are recorded.
	DefaultRecordEvery = 20
	// DefaultProgressInterval is how often a progress line is printed.
	DefaultProgressInterval = 10 * time.Second
)

// Config describes one training run.
type Config struct {
	// Epochs is the number of passes over the training data (> 0).
	Epochs int
	// Seed initialises the weights (GoMLX's initial seed); 0 means DefaultSeed. The data order is
	// seeded by the dataset itself.
	Seed uint64
	// LearningRate for the default optimizer (Adam); 0 means DefaultLearningRate.
	LearningRate float64
	// Optimizer overrides the default Adam(LearningRate).
	Optimizer optimizers.Interface
	// EvalEvery evaluates on the held-out set every this many steps as well as at the end of each
	// epoch; 0 evaluates only at epoch ends.
	EvalEvery int
	// RecordEvery records the training loss/accuracy every this many steps; 0 means DefaultRecordEvery.
	RecordEvery int
	// Progress receives progress lines; nil means os.Stdout. Use io.Discard to silence.
	Progress io.Writer
	// ProgressInterval between progress lines; 0 means DefaultProgressInterval.
	ProgressInterval time.Duration
	// OnRecord, if set, is called after every recorded point with the history so far (for live
	// charts). An error stops training.
	OnRecord func(h *History) error
}

func (c Config) withDefaults() (Config, error) {
	if c.Epochs <= 0 {
		return c, fmt.Errorf("trainer: epochs must be positive, got %d", c.Epochs)
	}
	if c.EvalEvery < 0 || c.RecordEvery < 0 {
		return c, fmt.Errorf("trainer: EvalEvery (%d) and RecordEvery (%d) must not be negative", c.EvalEvery, c.RecordEvery)
	}
	if c.LearningRate < 0 {
		return c, fmt.Errorf("trainer: learning rate must not be negative, got %g", c.LearningRate)
	}
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.LearningRate == 0 {
		c.LearningRate = DefaultLearningRate
	}
	if c.Optimizer == nil {
		c.Optimizer = optimizers.Adam().LearningRate(c.LearningRate).Done()
	}
	if c.RecordEvery == 0 {
		c.RecordEvery = DefaultRecordEvery
	}
	if c.Progress == nil {
		c.Progress = os.Stdout
	}
	if c.ProgressInterval == 0 {
		c.ProgressInterval = DefaultProgressInterval
	}
	return c, nil
}
