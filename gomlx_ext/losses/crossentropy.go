package losses

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// CrossEntropy returns −1/n Σᵢ Σₖ yᵢₖ · log ŷᵢₖ, the cross-entropy of
// predicted probabilities yHat against target distributions y (usually
// one-hot). The last axis holds the classes; every other axis counts
// examples, and n is their number. It is the same reduction (a mean over
// examples of the per-example sum over classes) as GoMLX's
// losses.CategoricalCrossEntropy.
//
// It is written naively on purpose: GoMLX clips ŷ into [ε, 1−ε] first,
// this does not, so a predicted probability of exactly 0 for the true
// class gives +Inf, and 0·log 0 gives NaN. Prefer CrossEntropyLogits.
func CrossEntropy(yHat, y *graph.Node) *graph.Node {
	checkSameShape("losses.CrossEntropy", "yHat", yHat, y)
	perExample := graph.Neg(graph.ReduceSum(graph.Mul(y, graph.Log(yHat)), -1))
	return graph.ReduceAllMean(perExample)
}

// CrossEntropyPlain is CrossEntropy on a batch: yHat[i] and y[i] are the
// predicted and target distributions of example i.
func CrossEntropyPlain(yHat, y [][]float64) (float64, error) {
	if err := checkBatch("losses.CrossEntropyPlain", "yHat", yHat, y); err != nil {
		return 0, err
	}
	var sum float64
	for i := range y {
		for k := range y[i] {
			sum -= y[i][k] * math.Log(yHat[i][k])
		}
	}
	return sum / float64(len(y)), nil
}

// checkSameShape panics (graph-building convention) if the two nodes differ
// in shape or have rank 0 (there is no class axis).
func checkSameShape(fn, name string, x, y *graph.Node) {
	if !x.Shape().Equal(y.Shape()) {
		panic(fmt.Errorf("%s: %s shape %s and y shape %s differ", fn, name, x.Shape(), y.Shape()))
	}
	if x.Rank() == 0 {
		panic(fmt.Errorf("%s: %s is a scalar; it needs a last axis of classes", fn, name))
	}
}

// checkBatch validates a plain batch: non-empty, same number of rows, and
// row i of x has as many classes as row i of y and as row 0.
func checkBatch(fn, name string, x, y [][]float64) error {
	if len(x) != len(y) {
		return fmt.Errorf("%s: %s has %d examples, y has %d", fn, name, len(x), len(y))
	}
	if len(x) == 0 {
		return fmt.Errorf("%s: empty batch", fn)
	}
	classes := len(x[0])
	if classes == 0 {
		return fmt.Errorf("%s: %s[0] has no classes", fn, name)
	}
	for i := range x {
		if len(x[i]) != classes || len(y[i]) != classes {
			return fmt.Errorf("%s: example %d has %d values in %s and %d in y, want %d",
				fn, i, len(x[i]), name, len(y[i]), classes)
		}
	}
	return nil
}
