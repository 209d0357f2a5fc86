package trainer

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// weightsName is the variable name of the kernels of DeepNB's (and GoMLX's) Dense and Conv2D.
const weightsName = "weights"

// withPenalties wraps model so that, while training, the penalties λ₁·Σ|W| and λ₂/2·Σ‖W‖² over
// the trainable "weights" variables the model used are added to the loss (GoMLX's
// train.AddLoss). Biases and normalisation parameters are left alone, as is usual.
func withPenalties(model train.ModelFn, l1, l2 float64) train.ModelFn {
	if l1 == 0 && l2 == 0 {
		return model
	}
	return func(ctx *context.Context, spec any, inputs []*Node) []*Node {
		outputs := model(ctx, spec, inputs)
		g := inputs[0].Graph()
		if !ctx.IsTraining(g) {
			return outputs
		}
		var weights []*Node
		for v := range ctx.IterVariables() {
			if v.Trainable && v.Name() == weightsName && v.InUseByGraph(g) {
				weights = append(weights, v.ValueGraph(g))
			}
		}
		if penalty := weightPenalty(weights, l1, l2); penalty != nil {
			train.AddLoss(ctx, penalty)
		}
		return outputs
	}
}

// weightPenalty is λ₁·Σ|W| + λ₂/2·Σ‖W‖² over weights, nil when there is nothing to add. Its
// gradient is λ₁·sign(W) + λ₂·W. The derivative of |w| is sign(w) away from 0; at 0, where |w|
// has a corner, any value in [−1, 1] is a subgradient, and sign(0) = 0 is the one that adds no
// pull to a weight at exactly zero. GoMLX's gradient of Abs picks +1 there, so |w| is written as
// w·sign(w) with sign held constant: the same value, and the gradient sign(w).
//
// sign(0) = 0 does not hold a weight at zero. The data gradient moves it, and under Adam so does
// the first moment m̂ of the steps before, which carries the weight across zero; then the penalty's
// sign flips and pulls it back. A weight the data do not need therefore jitters around zero (under
// Adam within about α, the step size; see notebooks/11_fashion_regularization.ipynb) and is almost
// never exactly 0: a subgradient penalty shrinks weights, it does not make them sparse. Exact zeros
// need a proximal step (soft-thresholding), which this trainer does not do.
func weightPenalty(weights []*Node, l1, l2 float64) *Node {
	var penalty *Node
	add := func(term *Node) {
		if penalty == nil {
			penalty = term
		} else {
			penalty = Add(penalty, term)
		}
	}
	for _, w := range weights {
		if l1 > 0 {
			add(MulScalar(ReduceAllSum(Mul(w, StopGradient(Sign(w)))), l1))
		}
		if l2 > 0 {
			add(MulScalar(ReduceAllSum(Square(w)), l2/2))
		}
	}
	return penalty
}

// lossNoRegularization is the loss of the batch without penalties (what histories report).
func lossNoRegularization(ctx *context.Context, predictions []*Node) *Node {
	g := predictions[0].Graph()
	if loss := train.GetLossNoRegularization(ctx, g); loss != nil {
		return loss
	}
	return ScalarZero(g, predictions[0].DType())
}
