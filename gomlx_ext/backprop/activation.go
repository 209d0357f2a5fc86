package backprop

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Activation is the hidden layer's non-linearity f.
type Activation int

const (
	// ReLU is f(z) = max(z, 0), f'(z) = 1 for z ≥ 0 and 0 for z < 0. The
	// value at the kink z = 0 is a convention; this is the one GoMLX's
	// autodiff of Max(z, 0) uses, so manual and autodiff gradients agree
	// even there. A finite difference straddling the kink is wrong whatever
	// the convention.
	ReLU Activation = iota
	// Tanh is f(z) = tanh z, f'(z) = 1 − tanh²z: smooth everywhere, the
	// safer choice for finite-difference checks.
	Tanh
)

// String returns "relu" or "tanh".
func (a Activation) String() string {
	switch a {
	case ReLU:
		return "relu"
	case Tanh:
		return "tanh"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

func (a Activation) validate() error {
	if a != ReLU && a != Tanh {
		return fmt.Errorf("backprop: unknown activation %s, want ReLU or Tanh", a)
	}
	return nil
}

// Apply returns f(z).
func (a Activation) Apply(z float64) float64 {
	if a == Tanh {
		return math.Tanh(z)
	}
	return math.Max(z, 0)
}

// Derivative returns f'(z).
func (a Activation) Derivative(z float64) float64 {
	if a == Tanh {
		t := math.Tanh(z)
		return 1 - t*t
	}
	if z >= 0 {
		return 1
	}
	return 0
}

// Backward turns ∂L/∂a, the gradient with respect to the layer's output,
// into δ = ∂L/∂z = ∂L/∂a ⊙ f'(z): an element-wise product, because aⱼ
// depends on zⱼ only (the Jacobian ∂a/∂z is diagonal).
func (a Activation) Backward(z, dA [][]float64) ([][]float64, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	delta, err := a.backward(z, dA)
	if err != nil {
		return nil, fmt.Errorf("backprop: %s backward: %w", a, err)
	}
	return delta, nil
}

func (a Activation) backward(z, dA [][]float64) ([][]float64, error) {
	if err := sameDims("z", z, "dA", dA); err != nil {
		return nil, err
	}
	delta := newMatrix(len(z), len(z[0]))
	for i, row := range z {
		for j, zij := range row {
			delta[i][j] = dA[i][j] * a.Derivative(zij)
		}
	}
	return delta, nil
}

// graphApply builds f(z).
func (a Activation) graphApply(z *graph.Node) *graph.Node {
	if a == Tanh {
		return graph.Tanh(z)
	}
	return graph.Max(z, graph.ZerosLike(z))
}

// graphDerivative builds f'(z) from z and a = f(z) (tanh reuses a).
func (a Activation) graphDerivative(z, act *graph.Node) *graph.Node {
	if a == Tanh {
		return graph.OneMinus(graph.Square(act))
	}
	return graph.ConvertDType(graph.GreaterOrEqual(z, graph.ZerosLike(z)), z.DType())
}
