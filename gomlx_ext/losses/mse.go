package losses

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// MSE returns the mean squared error 1/n Σ (ŷ − y)² as a scalar node, where
// n is the total number of elements (batch × outputs). That is the same
// reduction as GoMLX's losses.MeanSquaredError (a mean over every element).
//
// yHat and y must have the same shape and dtype.
func MSE(yHat, y *graph.Node) *graph.Node {
	if !yHat.Shape().Equal(y.Shape()) {
		panic(fmt.Errorf("losses.MSE: yHat shape %s and y shape %s differ", yHat.Shape(), y.Shape()))
	}
	diff := graph.Sub(yHat, y)
	return graph.ReduceAllMean(graph.Mul(diff, diff))
}

// MSEPlain is MSE on plain float64 slices: 1/n Σ (ŷᵢ − yᵢ)².
// It returns an error if the slices are empty or of different lengths.
func MSEPlain(yHat, y []float64) (float64, error) {
	if len(yHat) != len(y) {
		return 0, fmt.Errorf("losses.MSEPlain: yHat has %d values, y has %d", len(yHat), len(y))
	}
	if len(y) == 0 {
		return 0, fmt.Errorf("losses.MSEPlain: empty input")
	}
	var sum float64
	for i := range y {
		d := yHat[i] - y[i]
		sum += d * d
	}
	return sum / float64(len(y)), nil
}
