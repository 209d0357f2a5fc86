package losses

import (
	"math"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// LogSumExp returns log Σⱼ exp(xⱼ) over the last axis, computed stably as
// m + log Σⱼ exp(xⱼ − m) with m = maxⱼ xⱼ: the largest term becomes exp(0) = 1,
// so nothing overflows, and the sum is at least 1, so the log is finite.
// The result has the shape of logits without its last axis.
//
// The max is wrapped in StopGradient: the identity holds for any constant m,
// so its gradient contributions cancel exactly and need not be computed.
func LogSumExp(logits *graph.Node) *graph.Node {
	m := graph.StopGradient(graph.ReduceAndKeep(logits, graph.ReduceMax, -1))
	sum := graph.ReduceSum(graph.Exp(graph.Sub(logits, m)), -1)
	return graph.Add(graph.Squeeze(m, -1), graph.Log(sum))
}

// LogSoftmax returns log softmax(x) = x − LogSumExp(x) over the last axis,
// without ever computing softmax itself: it stays finite for any finite logits.
func LogSoftmax(logits *graph.Node) *graph.Node {
	lse := graph.InsertAxes(LogSumExp(logits), -1)
	return graph.Sub(logits, lse)
}

// Softmax returns exp(x − LogSumExp(x)) over the last axis: the stable
// softmax, whose entries are in [0, 1] and sum to 1 even for huge logits.
func Softmax(logits *graph.Node) *graph.Node {
	return graph.Exp(LogSoftmax(logits))
}

// LogSumExpPlain is LogSumExp on one row of logits. An empty row returns −Inf
// (the log of an empty sum).
func LogSumExpPlain(logits []float64) float64 {
	if len(logits) == 0 {
		return math.Inf(-1)
	}
	m := logits[0]
	for _, x := range logits[1:] {
		m = math.Max(m, x)
	}
	if math.IsInf(m, 0) {
		// All −Inf (empty support) or a +Inf logit: shifting by m would give
		// Inf − Inf = NaN, and m is already the answer.
		return m
	}
	var sum float64
	for _, x := range logits {
		sum += math.Exp(x - m)
	}
	return m + math.Log(sum)
}

// LogSoftmaxPlain is LogSoftmax on one row of logits.
func LogSoftmaxPlain(logits []float64) []float64 {
	lse := LogSumExpPlain(logits)
	out := make([]float64, len(logits))
	for i, x := range logits {
		out[i] = x - lse
	}
	return out
}

// SoftmaxPlain is the stable Softmax on one row of logits.
func SoftmaxPlain(logits []float64) []float64 {
	out := LogSoftmaxPlain(logits)
	for i, l := range out {
		out[i] = math.Exp(l)
	}
	return out
}
