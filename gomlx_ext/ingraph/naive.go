package ingraph

import (
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// NaiveSoftmax returns exp(x) / Σⱼ exp(xⱼ) over the last axis, exactly as
// the formula reads. It is the bad example of notebooks/03_losses.ipynb:
// exp overflows to +Inf for logits above ~709.78 in float64 (~88.72 in
// float32), and then Inf/Inf = NaN; for logits below ~−745 every exp
// underflows to 0 and 0/0 = NaN. Use Softmax.
func NaiveSoftmax(logits *graph.Node) *graph.Node {
	e := graph.Exp(logits)
	return graph.Div(e, graph.ReduceAndKeep(e, graph.ReduceSum, -1))
}

// NaiveCrossEntropyLogits computes softmax first and takes the log after:
// −1/n Σᵢ Σₖ yᵢₖ · log NaiveSoftmax(logitsᵢ)ₖ. Mathematically it equals
// CrossEntropyLogits; numerically it returns NaN for logits like [1000, 0]
// (exp(1000) = +Inf) and +Inf for [−1000, 0] with target class 0 (the
// probability underflows to 0 and log 0 = −Inf), where CrossEntropyLogits
// returns 0 and 1000. Kept only to show why LogSoftmax exists.
//
// Introduced in notebooks/03_losses.ipynb.
func NaiveCrossEntropyLogits(logits, y *graph.Node) *graph.Node {
	checkSameShape("ingraph.NaiveCrossEntropyLogits", "logits", logits, y)
	return CrossEntropy(NaiveSoftmax(logits), y)
}
