package ingraph

import (
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
//
// Introduced in notebooks/03_losses.ipynb.
func LogSoftmax(logits *graph.Node) *graph.Node {
	lse := graph.InsertAxes(LogSumExp(logits), -1)
	return graph.Sub(logits, lse)
}

// Softmax returns exp(x − LogSumExp(x)) over the last axis: the stable
// softmax, whose entries are in [0, 1] and sum to 1 even for huge logits.
//
// Introduced in notebooks/03_losses.ipynb.
func Softmax(logits *graph.Node) *graph.Node {
	return graph.Exp(LogSoftmax(logits))
}
