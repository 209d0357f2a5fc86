package ingraph

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
)

// Activate builds a = f(z) for the activation act of package fromscratch, from GoMLX's own
// operations (Logistic, Tanh, activations.Relu, Softmax over the last axis), not from
// fromscratch's formulas, so comparing the two checks each against the other. It panics with an
// error for an unknown activation (GoMLX's graph-building convention).
func Activate(z *graph.Node, act fromscratch.Activation) *graph.Node {
	switch act {
	case fromscratch.ActIdentity:
		return z
	case fromscratch.ActSigmoid:
		return graph.Logistic(z)
	case fromscratch.ActTanh:
		return graph.Tanh(z)
	case fromscratch.ActReLU:
		return activations.Relu(z)
	case fromscratch.ActSoftmax:
		return graph.Softmax(z, -1)
	}
	panic(fmt.Errorf("ingraph.Activate: unknown activation %s", act))
}

// ActivationDerivative builds f'(z) for an element-wise activation from z and a = f(z) (sigmoid
// and tanh reuse a). ReLU's derivative at exactly 0 is 1, fromscratch.ReLUDeriv's convention
// and that of GoMLX's autodiff of activations.Relu.
func ActivationDerivative(z, a *graph.Node, act fromscratch.Activation) *graph.Node {
	switch act {
	case fromscratch.ActIdentity:
		return graph.OnesLike(z)
	case fromscratch.ActSigmoid:
		return graph.Mul(a, graph.OneMinus(a))
	case fromscratch.ActTanh:
		return graph.OneMinus(graph.Square(a))
	case fromscratch.ActReLU:
		return graph.ConvertDType(graph.GreaterOrEqual(z, graph.ZerosLike(z)), z.DType())
	}
	panic(fmt.Errorf("ingraph.ActivationDerivative: activation %s is not element-wise", act))
}

// checkElementwise returns an error unless act is applied element by element.
func checkElementwise(act fromscratch.Activation) error {
	if _, _, ok := act.Elementwise(); !ok {
		return fmt.Errorf("ingraph: activation %s is not element-wise, want identity, sigmoid, tanh or relu", act)
	}
	return nil
}
