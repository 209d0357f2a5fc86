package trainer

import (
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// Defaults for Config fields left at their zero value.
const (
	// DefaultSeed initialises the weights when Config.Seed is 0 (a run is always seeded).
	DefaultSeed uint64 = 42
	// DefaultAdamLearningRate is Adam's usual 1e-3.
	DefaultAdamLearningRate = 1e-3
	// DefaultBatchSize is the training batch size of DeepNB's commands and notebooks.
	DefaultBatchSize = 128
	// DefaultRecordEvery is how often, in steps, the training loss and accuracy are recorded.
	DefaultRecordEvery = 20
	// DefaultProgressInterval is how often a progress line is printed.
	DefaultProgressInterval = 10 * time.Second
	// DefaultKeepCheckpoints is how many step checkpoints a run keeps (the newest ones).
	DefaultKeepCheckpoints = 3
)

// Config describes one training run.
type Config struct {
	// Epochs is the number of passes over the training data (> 0).
	Epochs int
	// Seed initialises the weights and the context's random generator (dropout); 0 means
	// DefaultSeed. The data order is seeded by the dataset itself.
	Seed uint64
	// LearningRate is the base learning rate α of the default optimizer (Adam) and of Schedule;
	// 0 means DefaultAdamLearningRate.
	LearningRate float64
	// Optimizer overrides the default Adam(LearningRate).
	Optimizer optimizers.Interface
	// Schedule turns LearningRate into the rate of each step (optim.StepDecay, optim.Cosine). The
	// trainer writes the scheduled rate into the learning-rate variable before every step, which
	// works for every optimizer that reads it (GoMLX's Adam, DeepNB's optim.SGD and Momentum).
	// Leave it at its zero value (constant) when the optimizer has its own schedule.
	Schedule optim.Schedule
	// L2 is the coefficient λ ≥ 0 of an L2 penalty: training minimises L + λ/2·Σ‖W‖² over every
	// trainable variable named "weights" (the kernels of Dense and Conv2D; biases and batch-norm
	// parameters are left alone). Its gradient λW reaches the optimizer with the data's: under
	// SGD that is weight decay, under Adam it is divided by √v̂ like every gradient, so weights
	// with large gradients are barely pulled in (see DecoupledWeightDecay). Histories report L
	// without the penalty.
	L2 float64
	// L1 is the coefficient λ ≥ 0 of an L1 penalty λ·Σ|W| over the same variables as L2. Its
	// subgradient λ·sign(W) (0 at W = 0) joins the data gradient before the optimizer sees it.
	// Under plain SGD that is a pull of α·λ per step towards zero, the same for every weight
	// whatever its size. Under Adam (the default) it is not the L1 of SGD: like every gradient it is
	// divided by √v̂, so a weight with no data gradient moves about α per step towards zero whatever
	// λ is, while one with large data gradients is barely pulled. Either way the pull overshoots
	// zero and flips sign: weights the data do not need end jittering near zero (under Adam within
	// about α), almost never exactly at it (see weightPenalty).
	L1 float64
	// DecoupledWeightDecay is μ ≥ 0 of AdamW's decay (Loshchilov & Hutter): every step also does
	// W ← W − α·μ·W outside the gradient (α the step's rate, scheduled if Schedule is set; W the
	// value before the step), so each variable shrinks by the same factor (1 − αμ) whatever its
	// gradients. It configures the default optimizer (GoMLX's Adam with
	// WeightDecay(μ), which decays every trainable variable, biases included); with a
	// Config.Optimizer set it is an error — set the decay on that optimizer instead.
	DecoupledWeightDecay float64
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
	// charts, see trainplot.LiveCurves). An error stops training.
	OnRecord func(h *History) error
	// EarlyStopping, if set, stops training when the held-out metric stops improving.
	EarlyStopping *EarlyStopping

	// CheckpointDir, if set, receives a checkpoint (weights and optimizer state, see Checkpoint)
	// every CheckpointEvery steps and when training ends. Files are written atomically.
	CheckpointDir string
	// CheckpointEvery is the interval in steps; 0 writes one at the end of every epoch.
	CheckpointEvery int
	// KeepCheckpoints is how many of the newest step checkpoints to keep; 0 means
	// DefaultKeepCheckpoints, negative keeps all.
	KeepCheckpoints int
	// Resume continues from the newest checkpoint in CheckpointDir, if there is one: the same
	// step, data position, optimizer state and history, so the run ends as an uninterrupted one
	// would. A damaged newest checkpoint is an error (older ones are left in place).
	Resume bool
	// Settings names further settings of the run that a resume must not change, such as the model
	// or how the data was prepared (cmd/train records its model, -train-limit and -val-split).
	// Checkpoints store them with the trainer's own (see Settings).
	Settings map[string]string
	// DivergenceFactor stops training with an error when the smoothed training loss exceeds this
	// multiple of its early value (the first batch's loss); 0 means
	// DefaultDivergenceFactor, a negative value turns the check off. A NaN or infinite loss always
	// stops training: the weights are NaN from then on.
	DivergenceFactor float64
}

func (c Config) withDefaults() (Config, error) {
	if c.Epochs <= 0 {
		return c, fmt.Errorf("trainer: epochs must be positive, got %d", c.Epochs)
	}
	if c.EvalEvery < 0 || c.RecordEvery < 0 || c.CheckpointEvery < 0 {
		return c, fmt.Errorf("trainer: EvalEvery (%d), RecordEvery (%d) and CheckpointEvery (%d) must not be negative",
			c.EvalEvery, c.RecordEvery, c.CheckpointEvery)
	}
	if c.LearningRate < 0 || math.IsNaN(c.LearningRate) || math.IsInf(c.LearningRate, 0) {
		return c, fmt.Errorf("trainer: learning rate must be finite and not negative, got %g", c.LearningRate)
	}
	for _, r := range []struct {
		name  string
		value float64
	}{{"L2", c.L2}, {"L1", c.L1}, {"DecoupledWeightDecay", c.DecoupledWeightDecay}} {
		if !(r.value >= 0) || math.IsInf(r.value, 0) {
			return c, fmt.Errorf("trainer: %s must be finite and not negative, got %g", r.name, r.value)
		}
	}
	if c.DecoupledWeightDecay > 0 && c.Optimizer != nil {
		return c, fmt.Errorf("trainer: DecoupledWeightDecay (%g) configures the default Adam; with Config.Optimizer (%T) set the decay on the optimizer itself",
			c.DecoupledWeightDecay, c.Optimizer)
	}
	if err := c.Schedule.Validate(); err != nil {
		return c, fmt.Errorf("trainer: %w", err)
	}
	if math.IsNaN(c.DivergenceFactor) || c.DivergenceFactor > 0 && c.DivergenceFactor <= 1 {
		return c, fmt.Errorf("trainer: DivergenceFactor %g must be above 1 (0: the default %d, negative: off)", c.DivergenceFactor, DefaultDivergenceFactor)
	}
	if c.Resume && c.CheckpointDir == "" {
		return c, fmt.Errorf("trainer: Resume needs a CheckpointDir")
	}
	if c.EarlyStopping != nil {
		if err := c.EarlyStopping.validate(); err != nil {
			return c, err
		}
	}
	if h, ok := c.Optimizer.(interface{ Hyperparams() optim.Hyperparams }); ok {
		if c.Schedule != optim.Constant() && h.Hyperparams().Schedule != optim.Constant() {
			return c, fmt.Errorf("trainer: both Config.Schedule (%s) and the optimizer's schedule (%s) are set; they would compound",
				c.Schedule, h.Hyperparams().Schedule)
		}
		if c.LearningRate == 0 {
			c.LearningRate = h.Hyperparams().LearningRate
		}
	}
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.LearningRate == 0 {
		c.LearningRate = DefaultAdamLearningRate
	}
	if c.Optimizer == nil {
		c.Optimizer = optimizers.Adam().LearningRate(c.LearningRate).WeightDecay(c.DecoupledWeightDecay).Done()
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
	if c.DivergenceFactor == 0 {
		c.DivergenceFactor = DefaultDivergenceFactor
	}
	if c.KeepCheckpoints == 0 {
		c.KeepCheckpoints = DefaultKeepCheckpoints
	}
	return c, nil
}
