package trainer

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// weightsName is the variable name of the kernels of DeepNB's (and GoMLX's) Dense and Conv2D.
const weightsName = "weights"

// withWeightDecay wraps model so that, while training, λ/2·Σ‖W‖² over the trainable "weights"
// variables the model used is added to the loss (GoMLX's train.AddLoss). Its gradient is λ·W,
// the classic L2 weight decay; biases and normalisation parameters are left alone, as is usual.
func withWeightDecay(model train.ModelFn, lambda float64) train.ModelFn {
	if lambda == 0 {
		return model
	}
	return func(ctx *context.Context, spec any, inputs []*Node) []*Node {
		outputs := model(ctx, spec, inputs)
		g := inputs[0].Graph()
		if !ctx.IsTraining(g) {
			return outputs
		}
		var penalty *Node
		for v := range ctx.IterVariables() {
			if !v.Trainable || v.Name() != weightsName || !v.InUseByGraph(g) {
				continue
			}
			sq := ReduceAllSum(Square(v.ValueGraph(g)))
			if penalty == nil {
				penalty = sq
			} else {
				penalty = Add(penalty, sq)
			}
		}
		if penalty != nil {
			train.AddLoss(ctx, MulScalar(penalty, lambda/2))
		}
		return outputs
	}
}

// lossNoRegularization is the loss of the batch without penalties (what histories report).
func lossNoRegularization(ctx *context.Context, predictions []*Node) *Node {
	g := predictions[0].Graph()
	if loss := train.GetLossNoRegularization(ctx, g); loss != nil {
		return loss
	}
	return ScalarZero(g, predictions[0].DType())
}
