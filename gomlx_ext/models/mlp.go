package models

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/layers"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
)

// MLP is a multi-layer perceptron on flattened inputs: Dense(hidden[i], relu) for each hidden width,
// then Dense(outputs) returning logits. With hidden = [128] and outputs = 10 it is the
// 784-128-10 network of the math notebooks and the benchmarks.
func MLP(ctx *context.Context, x *Node, outputs int, hidden ...int) *Node {
	batch := x.Shape().Dimensions[0]
	x = Reshape(x, batch, -1)
	for i, width := range hidden {
		x = activations.Relu(layers.Dense(ctx.In(fmt.Sprintf("dense_%d", i)), x, width))
	}
	return layers.Dense(ctx.In("dense_logits"), x, outputs)
}

// MLPModelFn returns a train.ModelFn for MLP(inputs[0], outputs, hidden...).
func MLPModelFn(outputs int, hidden ...int) func(ctx *context.Context, _ any, inputs []*Node) []*Node {
	return func(ctx *context.Context, _ any, inputs []*Node) []*Node {
		return []*Node{MLP(ctx, inputs[0], outputs, hidden...)}
	}
}
