package losses

import (
	"math"

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
func NaiveCrossEntropyLogits(logits, y *graph.Node) *graph.Node {
	checkSameShape("losses.NaiveCrossEntropyLogits", "logits", logits, y)
	return CrossEntropy(NaiveSoftmax(logits), y)
}

// NaiveSoftmaxPlain is NaiveSoftmax on one row of logits.
func NaiveSoftmaxPlain(logits []float64) []float64 {
	out := make([]float64, len(logits))
	var sum float64
	for i, x := range logits {
		out[i] = math.Exp(x)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// NaiveCrossEntropyLogitsPlain is NaiveCrossEntropyLogits on a batch. Shape
// errors are errors; Inf and NaN results are the point, not errors.
func NaiveCrossEntropyLogitsPlain(logits, y [][]float64) (float64, error) {
	if err := checkBatch("losses.NaiveCrossEntropyLogitsPlain", "logits", logits, y); err != nil {
		return 0, err
	}
	probs := make([][]float64, len(logits))
	for i := range logits {
		probs[i] = NaiveSoftmaxPlain(logits[i])
	}
	return CrossEntropyPlain(probs, y)
}
