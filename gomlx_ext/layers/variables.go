package layers

import (
	"strings"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// dependsOnVariables reports whether x is computed from any context variable, i.e. whether a
// gradient can flow into it. A network's input images do not, and skipping them saves the
// im2col transpose of the first convolution.
func dependsOnVariables(x *graph.Node) bool {
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
			return strings.HasPrefix(n.GetParameterName(), context.VariableParameterPrefix)
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
