package layers

import "github.com/gomlx/gomlx/pkg/core/graph"

// canCarryGradient reports whether a gradient can flow into x: whether x is computed from some
// graph parameter (a context variable, or an input such as an image) along a path without a
// StopGradient. CustomGradient gives such inputs a receiver and no others: an input computed
// only from constants or from gradient-stopped values (BatchNorm's batch statistics) has no
// gradient, and a receiver would make GoMLX's autodiff walk into ops it has no gradient for.
func canCarryGradient(x *graph.Node) bool {
	seen := make(map[graph.NodeId]bool)
	var visit func(n *graph.Node) bool
	visit = func(n *graph.Node) bool {
		if seen[n.Id()] {
			return false
		}
		seen[n.Id()] = true
		if n.StopGradient() {
			return false
		}
		if n.Type() == graph.NodeTypeParameter {
			return true
		}
		for _, in := range n.Inputs() {
			if visit(in) {
				return true
			}
		}
		return false
	}
	return visit(x)
}
