package ingraph

import (
	"fmt"

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
//
// Introduced in notebooks/03_losses.ipynb.
func CrossEntropy(yHat, y *graph.Node) *graph.Node {
	checkSameShape("ingraph.CrossEntropy", "yHat", yHat, y)
	perExample := graph.Neg(graph.ReduceSum(graph.Mul(y, graph.Log(yHat)), -1))
	return graph.ReduceAllMean(perExample)
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
