package layers

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Dropout zeroes each element of x with probability rate while training and scales the survivors
// by 1/(1−rate), so that the expected value of every element is unchanged ("inverted dropout").
// Outside training (ctx.IsTraining false: evaluation, prediction) it returns x itself, so the
// trained network needs no rescaling at inference.
//
// The mask comes from the context's random number generator, whose state is a context variable:
// a run seeded through context.ParamInitialSeed drops the same units every time, and a checkpoint
// restores the generator with the weights.
//
// rate must be in [0, 1); 0 returns x unchanged.
func Dropout(ctx *context.Context, x *Node, rate float64) *Node {
	if !(rate >= 0 && rate < 1) {
		failf("Dropout", ctx, "rate %g must be in [0, 1) (input shape %s)", rate, x.Shape())
	}
	g := x.Graph()
	if rate == 0 || !ctx.IsTraining(g) {
		return x
	}
	keep := GreaterOrEqual(ctx.RandomUniform(g, x.Shape()), Scalar(g, x.DType(), rate))
	// The mask is a constant of the step: the gradient of x·mask is mask, which autodiff derives
	// from Mul on every backend.
	mask := DivScalar(ConvertDType(keep, x.DType()), 1-rate)
	return Mul(x, StopGradient(mask))
}
