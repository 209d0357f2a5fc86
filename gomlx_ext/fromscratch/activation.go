package fromscratch

import (
	"fmt"
	"math"
)

// Sigmoid returns σ(z) = 1 / (1 + e^−z), squashing any z into (0, 1).
// For negative z it uses the equivalent e^z / (1 + e^z), so that e^−z never
// overflows.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func Sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// SigmoidDeriv returns σ'(z) = σ(z)·(1 − σ(z)). Its maximum is 1/4 at z = 0.
// Backpropagation through a sigmoid layer multiplies by σ'(z) and by Wᵀ, so
// whether the gradient shrinks depends on the weights as well.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func SigmoidDeriv(z float64) float64 {
	s := Sigmoid(z)
	return s * (1 - s)
}

// Tanh returns tanh(z) = (e^z − e^−z) / (e^z + e^−z), in (−1, 1); it equals
// 2σ(2z) − 1, a sigmoid centred on zero.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func Tanh(z float64) float64 { return math.Tanh(z) }

// TanhDeriv returns tanh'(z) = 1 − tanh²(z), whose maximum is 1 at z = 0.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func TanhDeriv(z float64) float64 {
	t := math.Tanh(z)
	return 1 - t*t
}

// ReLU returns max(0, z).
//
// Introduced in notebooks/02_forward_pass.ipynb.
func ReLU(z float64) float64 { return math.Max(0, z) }

// ReLUDeriv returns 1 for z ≥ 0 and 0 for z < 0. ReLU has no derivative at
// exactly 0; the value there is a convention, and this is the one GoMLX's
// autodiff of Max(z, 0) (activations.Relu) uses, so hand-written and
// autodiff gradients agree even there. A finite difference straddling the
// kink is wrong whatever the convention.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func ReLUDeriv(z float64) float64 {
	if z >= 0 {
		return 1
	}
	return 0
}

// Activation names the nonlinearity f of a layer, a = f(z).
//
// Introduced in notebooks/02_forward_pass.ipynb.
type Activation int

const (
	// ActIdentity is f(z) = z: a linear layer (the output of a regression).
	ActIdentity Activation = iota
	// ActSigmoid is Sigmoid, element by element.
	ActSigmoid
	// ActTanh is Tanh, element by element: smooth everywhere, the safer
	// choice for finite-difference checks.
	ActTanh
	// ActReLU is ReLU, element by element.
	ActReLU
	// ActSoftmax is Softmax over the whole vector (a classifier's output).
	ActSoftmax
)

var activationNames = map[Activation]string{
	ActIdentity: "identity", ActSigmoid: "sigmoid", ActTanh: "tanh", ActReLU: "relu", ActSoftmax: "softmax",
}

// String returns the activation's name, e.g. "tanh".
func (a Activation) String() string {
	if name, ok := activationNames[a]; ok {
		return name
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Valid reports whether a is one of the activations above.
func (a Activation) Valid() bool {
	_, ok := activationNames[a]
	return ok
}

// Elementwise returns f and f' for the activations applied element by
// element; ok is false for ActSoftmax (use SoftmaxJacobian) and for
// unknown values.
func (a Activation) Elementwise() (f, df func(float64) float64, ok bool) {
	switch a {
	case ActIdentity:
		return func(z float64) float64 { return z }, func(float64) float64 { return 1 }, true
	case ActSigmoid:
		return Sigmoid, SigmoidDeriv, true
	case ActTanh:
		return Tanh, TanhDeriv, true
	case ActReLU:
		return ReLU, ReLUDeriv, true
	}
	return nil, nil, false
}

// Apply returns f(z) as a new slice.
func (a Activation) Apply(z []float64) ([]float64, error) {
	if a == ActSoftmax {
		return Softmax(z), nil
	}
	f, _, ok := a.Elementwise()
	if !ok {
		return nil, fmt.Errorf("fromscratch: unknown activation %s", a)
	}
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = f(v)
	}
	return out, nil
}

// checkElementwise returns an error unless a is applied element by element
// (every activation but ActSoftmax): the hidden layers' backward pass needs
// one derivative per element.
func (a Activation) checkElementwise() (f, df func(float64) float64, err error) {
	f, df, ok := a.Elementwise()
	if !ok {
		return nil, nil, fmt.Errorf("fromscratch: activation %s is not element-wise, want identity, sigmoid, tanh or relu", a)
	}
	return f, df, nil
}

// Backward turns ∂L/∂a, the gradient with respect to the layer's output,
// into δ = ∂L/∂z = ∂L/∂a ⊙ f'(z) for a batch (rows are examples): an
// element-wise product, because aⱼ depends on zⱼ only (the Jacobian ∂a/∂z is
// diagonal). ActSoftmax is not element-wise and is refused; its gradient
// comes with the loss (SoftmaxCrossEntropy).
func (a Activation) Backward(z, dA [][]float64) ([][]float64, error) {
	delta, err := a.backward(z, dA)
	if err != nil {
		return nil, fmt.Errorf("fromscratch: %s backward: %w", a, err)
	}
	return delta, nil
}

func (a Activation) backward(z, dA [][]float64) ([][]float64, error) {
	_, df, err := a.checkElementwise()
	if err != nil {
		return nil, err
	}
	if err := sameDims("z", z, "dA", dA); err != nil {
		return nil, err
	}
	delta := newMatrix(len(z), len(z[0]))
	for i, row := range z {
		for j, zij := range row {
			delta[i][j] = dA[i][j] * df(zij)
		}
	}
	return delta, nil
}
