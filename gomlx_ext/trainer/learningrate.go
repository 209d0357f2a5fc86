package trainer

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// learningRates knows the learning rate of each step where it can, and sets it when Config has a
// Schedule.
type learningRates struct {
	base     float64
	schedule optim.Schedule
	// manage: write schedule.At(base, step) into the learning-rate variable before each step.
	manage bool
	// knowable: the optimizer's rate is base under schedule (the default Adam, DeepNB's optim),
	// so histories can report it.
	knowable bool
	set      float64 // the value last written, to skip rewriting a constant
}

func newLearningRates(cfg Config, userOptimizer optimizers.Interface) learningRates {
	lr := learningRates{base: cfg.LearningRate, schedule: cfg.Schedule, manage: cfg.Schedule != optim.Constant()}
	lr.knowable = lr.manage || userOptimizer == nil
	if h, ok := userOptimizer.(interface{ Hyperparams() optim.Hyperparams }); ok && !lr.manage {
		lr.base, lr.schedule, lr.knowable = h.Hyperparams().LearningRate, h.Hyperparams().Schedule, true
	}
	return lr
}

// known is the learning rate of step (1 for the first update), or 0 when the trainer cannot know it.
func (l *learningRates) known(step int) float64 {
	if !l.knowable {
		return 0
	}
	return l.schedule.At(l.base, int64(step))
}

// apply writes the rate of step into the context's learning-rate variable (GoMLX's
// /optimizers/learning_rate, which Adam, SGD and DeepNB's optimizers read) when the trainer manages
// the schedule. dtype is the inputs' dtype, which the optimizer's arithmetic uses.
func (l *learningRates) apply(ctx *context.Context, step int, dtype dtypes.DType) error {
	if !l.manage {
		return nil
	}
	rate := l.schedule.At(l.base, int64(step))
	if rate == l.set {
		return nil
	}
	if !dtype.IsFloat() {
		dtype = dtypes.Float32
	}
	if err := setLearningRate(ctx, dtype, rate); err != nil {
		return fmt.Errorf("learning-rate schedule: %w", err)
	}
	l.set = rate
	return nil
}

// setLearningRate writes lr into GoMLX's learning-rate variable, in the optimizer's dtype (that
// of the inputs).
func setLearningRate(ctx *context.Context, dtype dtypes.DType, lr float64) error {
	var value *tensors.Tensor
	switch dtype {
	case dtypes.Float64:
		value = tensors.FromScalar(lr)
	case dtypes.Float32:
		value = tensors.FromScalar(float32(lr))
	default:
		return fmt.Errorf("inputs of dtype %s are not supported (float32 or float64)", dtype)
	}
	if err := optimizers.LearningRateVarWithValue(ctx, dtype, lr).SetValue(value); err != nil {
		return fmt.Errorf("setting the learning rate to %g: %w", lr, err)
	}
	return nil
}
