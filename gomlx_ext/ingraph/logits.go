package ingraph

import (
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// CrossEntropyLogits returns −1/n Σᵢ Σₖ yᵢₖ · log softmax(logitsᵢ)ₖ, with
// the log-softmax computed stably by LogSoftmax (max subtraction and
// log-sum-exp), so it stays finite for logits like [1000, 0]. y holds target
// distributions (usually one-hot) of the same shape as logits; the last axis
// holds the classes and n counts the examples on the other axes.
//
// It matches GoMLX's losses.CategoricalCrossEntropyLogits, which also
// returns the mean over examples (despite its doc comment saying it does
// not reduce).
//
// Introduced in notebooks/03_losses.ipynb.
func CrossEntropyLogits(logits, y *graph.Node) *graph.Node {
	checkSameShape("ingraph.CrossEntropyLogits", "logits", logits, y)
	perExample := graph.Neg(graph.ReduceSum(graph.Mul(y, LogSoftmax(logits)), -1))
	return graph.ReduceAllMean(perExample)
}

// SparseCrossEntropyLogits is CrossEntropyLogits with integer class labels
// instead of one-hot targets: −1/n Σᵢ log softmax(logitsᵢ)[labelᵢ].
// labels has the shape of logits without its last axis, or with a last axis
// of size 1 (GoMLX's SparseCategoricalCrossEntropyLogits layout).
func SparseCrossEntropyLogits(logits, labels *graph.Node) *graph.Node {
	if !labels.DType().IsInt() {
		panic(fmt.Errorf("ingraph.SparseCrossEntropyLogits: labels dtype is %s, want an integer dtype", labels.DType()))
	}
	if logits.Rank() == 0 {
		panic(fmt.Errorf("ingraph.SparseCrossEntropyLogits: logits is a scalar; it needs a last axis of classes"))
	}
	batchDims := logits.Shape().Dimensions[:logits.Rank()-1]
	if labels.Rank() == logits.Rank() && labels.Shape().Dim(-1) == 1 {
		labels = graph.Squeeze(labels, -1)
	}
	if !slices.Equal(labels.Shape().Dimensions, batchDims) {
		panic(fmt.Errorf("ingraph.SparseCrossEntropyLogits: labels shape %s does not match logits shape %s "+
			"(want the logits dimensions without the class axis)", labels.Shape(), logits.Shape()))
	}
	numClasses := logits.Shape().Dim(-1)
	y := graph.OneHot(labels, numClasses, logits.DType())
	return CrossEntropyLogits(logits, y)
}
