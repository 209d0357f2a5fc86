package ingraph

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// MSE returns the mean squared error 1/n Σ (ŷ − y)² as a scalar node, where
// n is the total number of elements (batch × outputs). That is the same
// reduction as GoMLX's losses.MeanSquaredError (a mean over every element).
//
// yHat and y must have the same shape and dtype.
//
// Introduced in notebooks/03_losses.ipynb.
func MSE(yHat, y *graph.Node) *graph.Node {
	if !yHat.Shape().Equal(y.Shape()) {
		panic(fmt.Errorf("ingraph.MSE: yHat shape %s and y shape %s differ", yHat.Shape(), y.Shape()))
	}
	diff := graph.Sub(yHat, y)
	return graph.ReduceAllMean(graph.Mul(diff, diff))
}
