package ingraph

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
	gomlxlosses "github.com/gomlx/gomlx/pkg/ml/train/losses"
)

// AsLossFn adapts a loss of this package, fn(yHat, y), to GoMLX's
// losses.LossFn, fn(labels, predictions), so it can be given to
// train.NewTrainer:
//
//	trainer := train.NewTrainer(backend, ctx, modelFn, ingraph.AsLossFn(ingraph.CrossEntropyLogits), opt, nil, nil)
//
// It uses predictions[0] and labels[0]; extra labels (GoMLX's optional
// weights and masks) are not supported and make it panic with an error
// while the graph is built, which the trainer returns as an error.
func AsLossFn(fn func(yHat, y *graph.Node) *graph.Node) gomlxlosses.LossFn {
	return func(labels, predictions []*graph.Node) *graph.Node {
		if len(labels) != 1 || len(predictions) != 1 {
			panic(fmt.Errorf("ingraph.AsLossFn: want exactly 1 label and 1 prediction tensor, got %d and %d",
				len(labels), len(predictions)))
		}
		return fn(predictions[0], labels[0])
	}
}
