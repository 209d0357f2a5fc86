package manual

import (
	"fmt"
	"math"
)

// Sigmoid returns σ(z) = 1 / (1 + e^−z), squashing any z into (0, 1).
// For negative z it uses the equivalent e^z / (1 + e^z), so that e^−z never
// overflows.
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
func SigmoidDeriv(z float64) float64 {
	s := Sigmoid(z)
	return s * (1 - s)
}

// Tanh returns tanh(z) = (e^z − e^−z) / (e^z + e^−z), in (−1, 1); it equals
// 2σ(2z) − 1, a sigmoid centred on zero.
func Tanh(z float64) float64 { return math.Tanh(z) }

// TanhDeriv returns tanh'(z) = 1 − tanh²(z), whose maximum is 1 at z = 0.
func TanhDeriv(z float64) float64 {
	t := math.Tanh(z)
	return 1 - t*t
}

// ReLU returns max(0, z).
func ReLU(z float64) float64 { return math.Max(0, z) }

// ReLUDeriv returns 1 for z ≥ 0 and 0 for z < 0. ReLU has no derivative at
// exactly 0 (any value in [0, 1] is a subgradient there); taking 1 is a
// convention, the one GoMLX's autodiff of max(z, 0) and package backprop
// use, so hand-written and automatic gradients agree even at the kink.
func ReLUDeriv(z float64) float64 {
	if z >= 0 {
		return 1
	}
	return 0
}

// Softmax returns exp(zᵢ) / Σⱼ exp(zⱼ): non-negative values that sum to 1.
// It subtracts max(z) first, which changes nothing mathematically (the
// factor e^−max cancels) but keeps exp from overflowing for large z.
// An empty z gives an empty result.
func Softmax(z []float64) []float64 {
	out := make([]float64, len(z))
	if len(z) == 0 {
		return out
	}
	m := z[0]
	for _, v := range z[1:] {
		m = math.Max(m, v)
	}
	var sum float64
	for i, v := range z {
		out[i] = math.Exp(v - m)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// SoftmaxJacobian returns J with J[i][j] = ∂softmax(z)ᵢ/∂zⱼ = sᵢ·(δᵢⱼ − sⱼ),
// where s = softmax(z). Softmax mixes its inputs, so its derivative is a
// matrix, not one number per element.
func SoftmaxJacobian(z []float64) [][]float64 {
	s := Softmax(z)
	j := make([][]float64, len(s))
	for r := range s {
		j[r] = make([]float64, len(s))
		for c := range s {
			j[r][c] = -s[r] * s[c]
		}
		j[r][r] += s[r]
	}
	return j
}

// Activation names the nonlinearity f of a layer, a = f(z).
type Activation int

const (
	// ActIdentity is f(z) = z: a linear layer (the output of a regression).
	ActIdentity Activation = iota
	// ActSigmoid is Sigmoid, element by element.
	ActSigmoid
	// ActTanh is Tanh, element by element.
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
		return nil, fmt.Errorf("manual: unknown activation %s", a)
	}
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = f(v)
	}
	return out, nil
}
