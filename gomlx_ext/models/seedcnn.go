package models

import (
	"github.com/deepnb/deepnb/gomlx_ext/layers"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
)

// NumClasses is the number of MNIST / Fashion-MNIST classes.
const NumClasses = 10

// SeedCNN is the seed document's MNIST network:
//
//	Conv2D(32, 3×3, relu) → MaxPool 2×2 → Flatten → Dense(128, relu) → Dense(10)
//
// images are [batch, 28, 28, 1] in [0, 1]; it returns logits [batch, 10] (the softmax is part of
// the cross-entropy loss, which is the numerically stable way to compute it).
func SeedCNN(ctx *context.Context, images *Node) *Node {
	batch := images.Shape().Dimensions[0]
	images.AssertDims(batch, 28, 28, 1)
	x := layers.Conv2D(ctx.In("conv"), images).Filters(32).KernelSize(3).Done()
	x.AssertDims(batch, 26, 26, 32)
	// ReLU then max-pool equals max-pool then ReLU (ReLU is monotone: max(relu a, relu b) =
	// relu(max(a, b))); pooling first runs the ReLU and its gradient on a 4× smaller tensor.
	x = layers.MaxPool2D(ctx.In("pool"), x, 2)
	x.AssertDims(batch, 13, 13, 32)
	x = activations.Relu(x)
	x = Reshape(x, batch, -1)
	x = activations.Relu(layers.Dense(ctx.In("dense_hidden"), x, 128))
	return layers.Dense(ctx.In("dense_logits"), x, NumClasses)
}

// SeedCNNModelFn adapts SeedCNN to GoMLX's train.ModelFn: inputs[0] are the images.
func SeedCNNModelFn(ctx *context.Context, _ any, inputs []*Node) []*Node {
	return []*Node{SeedCNN(ctx, inputs[0])}
}
