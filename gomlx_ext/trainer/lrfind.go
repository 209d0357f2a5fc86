package trainer

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// The defaults of LRRangeConfig (fast.ai's lr_find uses 1e-7, 10, 100, 0.98 and 4).
//
// Introduced in notebooks/08_initialisation.ipynb.
const (
	DefaultLRRangeMin           = 1e-6
	DefaultLRRangeMax           = 10.0
	DefaultLRRangeSteps         = 100
	DefaultLRRangeSmoothing     = 0.98
	DefaultLRRangeDivergeFactor = 4.0
)

// LRRangeConfig sets up a learning-rate range test. Zero fields take the defaults above.
//
// Introduced in notebooks/08_initialisation.ipynb.
type LRRangeConfig struct {
	// MinLR and MaxLR are the first and the last learning rate tried, 0 < MinLR < MaxLR.
	MinLR, MaxLR float64
	// Steps is the number of training steps (≥ 3); step i uses
	// MinLR·(MaxLR/MinLR)^(i/(Steps−1)), a constant factor more than the step before.
	Steps int
	// Smoothing is β of the bias-corrected moving average of the batch losses, 0 ≤ β < 1.
	Smoothing float64
	// DivergeFactor > 1 stops the test once the smoothed loss exceeds this many times its
	// lowest value so far.
	DivergeFactor float64
}

func (c LRRangeConfig) withDefaults() (LRRangeConfig, error) {
	if c.MinLR == 0 {
		c.MinLR = DefaultLRRangeMin
	}
	if c.MaxLR == 0 {
		c.MaxLR = DefaultLRRangeMax
	}
	if c.Steps == 0 {
		c.Steps = DefaultLRRangeSteps
	}
	if c.Smoothing == 0 {
		c.Smoothing = DefaultLRRangeSmoothing
	}
	if c.DivergeFactor == 0 {
		c.DivergeFactor = DefaultLRRangeDivergeFactor
	}
	switch {
	case !(c.MinLR > 0) || !(c.MaxLR > c.MinLR) || math.IsInf(c.MaxLR, 0):
		return c, fmt.Errorf("trainer: learning-rate range %g to %g, want 0 < min < max, both finite", c.MinLR, c.MaxLR)
	case c.Steps < 3:
		return c, fmt.Errorf("trainer: learning-rate range test with %d steps, want >= 3", c.Steps)
	case !(c.Smoothing >= 0 && c.Smoothing < 1):
		return c, fmt.Errorf("trainer: learning-rate range smoothing %g, want 0 <= smoothing < 1", c.Smoothing)
	case !(c.DivergeFactor > 1) || math.IsInf(c.DivergeFactor, 0):
		return c, fmt.Errorf("trainer: learning-rate range diverge factor %g, want a finite value > 1", c.DivergeFactor)
	}
	return c, nil
}

// LRRange is the result of a learning-rate range test.
//
// Introduced in notebooks/08_initialisation.ipynb.
type LRRange struct {
	// LearningRates[i] is the rate of step i, Losses[i] its batch loss and Smoothed[i] the
	// bias-corrected moving average of Losses[0..i].
	LearningRates, Losses, Smoothed []float64
	// Diverged is true when the test stopped before MaxLR: the smoothed loss passed
	// DivergeFactor times its minimum, or a loss was not finite (that step is not recorded).
	Diverged bool
	// MinLossLR is the rate at the lowest smoothed loss.
	MinLossLR float64
	// Suggested is MinLossLR/10: a rate where the loss still falls quickly, safely below the
	// rates where it stops falling (fast.ai's "minimum/10").
	Suggested float64
	// Steepest is the rate, before the minimum, where the smoothed loss falls fastest per
	// factor of learning rate (fast.ai's "steep"); 0 when the minimum is at one of the first
	// two steps.
	Steepest float64
}

// LRRangeTest runs the learning-rate range test (Smith 2015; fast.ai's lr_find): one short run
// whose learning rate grows exponentially from MinLR to MaxLR, recording the smoothed loss, and
// stopping once it diverges. step trains one batch at the given rate and returns its loss; an
// error from it stops the test and is returned.
//
// Introduced in notebooks/08_initialisation.ipynb.
func LRRangeTest(cfg LRRangeConfig, step func(lr float64) (float64, error)) (*LRRange, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	r := &LRRange{}
	avg, best := 0.0, math.Inf(1)
	for i := range cfg.Steps {
		lr := cfg.MinLR * math.Pow(cfg.MaxLR/cfg.MinLR, float64(i)/float64(cfg.Steps-1))
		loss, err := step(lr)
		if err != nil {
			return nil, fmt.Errorf("trainer: learning-rate range test, step %d (lr %.3g): %w", i+1, lr, err)
		}
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			r.Diverged = true
			break
		}
		avg = cfg.Smoothing*avg + (1-cfg.Smoothing)*loss
		smoothed := avg / (1 - math.Pow(cfg.Smoothing, float64(i+1)))
		r.LearningRates = append(r.LearningRates, lr)
		r.Losses = append(r.Losses, loss)
		r.Smoothed = append(r.Smoothed, smoothed)
		if smoothed < best {
			best, r.MinLossLR = smoothed, lr
		}
		if smoothed > cfg.DivergeFactor*best {
			r.Diverged = true
			break
		}
	}
	if len(r.Losses) == 0 {
		return nil, fmt.Errorf("trainer: learning-rate range test: the first step (lr %g) gave no finite loss", cfg.MinLR)
	}
	r.Suggested = r.MinLossLR / 10
	r.Steepest = r.steepest()
	return r, nil
}

// steepest finds the most negative slope of the smoothed loss against log(lr) before the
// minimum, by central differences.
func (r *LRRange) steepest() float64 {
	lowest := 0
	for i, s := range r.Smoothed {
		if s < r.Smoothed[lowest] {
			lowest = i
		}
	}
	rate, slope := 0.0, 0.0
	for i := 1; i < lowest; i++ {
		d := (r.Smoothed[i+1] - r.Smoothed[i-1]) / math.Log(r.LearningRates[i+1]/r.LearningRates[i-1])
		if d < slope {
			rate, slope = r.LearningRates[i], d
		}
	}
	return rate
}

// FindLR runs LRRangeTest on a model: it trains the model's variables in ctx with opt (which
// must read GoMLX's learning-rate variable /optimizers/learning_rate, as Adam, optim.SGD and
// optim.Momentum do; GoMLX's own SGD divides it by √step) on batches of data, cycling through
// data as often as needed, with the softmax cross-entropy loss of Fit. The test changes the
// weights: run it on a fresh context, then train a new one at the rate it suggests.
//
// Introduced in notebooks/08_initialisation.ipynb.
func FindLR(b backends.Backend, ctx *context.Context, model train.ModelFn, data train.Dataset,
	opt optimizers.Interface, cfg LRRangeConfig) (*LRRange, error) {
	if b == nil || ctx == nil || model == nil || data == nil || opt == nil {
		return nil, errors.New("trainer: FindLR needs a backend, a context, a model, data and an optimizer")
	}
	t := train.NewTrainer(b, ctx, model, losses.SparseCategoricalCrossEntropyLogits, opt, nil, nil)
	data.Reset()
	return LRRangeTest(cfg, func(lr float64) (float64, error) {
		_, inputs, labels, err := data.Yield()
		if errors.Is(err, io.EOF) {
			data.Reset()
			_, inputs, labels, err = data.Yield()
		}
		if err != nil {
			return 0, fmt.Errorf("reading a batch of %s: %w", data.Name(), err)
		}
		defer finalize(inputs, labels)
		if err := setLearningRate(ctx, inputs[0].DType(), lr); err != nil {
			return 0, err
		}
		values, err := t.TrainStep(nil, inputs, labels)
		if err != nil {
			return 0, err
		}
		defer finalize(values)
		return scalar(values[0]), nil
	})
}
