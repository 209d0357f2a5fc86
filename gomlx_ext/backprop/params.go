package backprop

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deepnb/deepnb/gomlx_ext/gradcheck"
)

// Params are the weights of the two-layer perceptron, or — returned by
// Backward — the gradients of the loss with respect to them, which have the
// same shapes.
type Params struct {
	// W1 is [in, hidden]: row k holds the weights leaving input k, so a batch
	// X [n, in] maps to X·W1 [n, hidden].
	W1 [][]float64
	// B1 is [hidden].
	B1 []float64
	// W2 is [hidden, out].
	W2 [][]float64
	// B2 is [out].
	B2 []float64
}

// ParamNames are the names used in reports, in the order W1, b1, W2, b2.
var ParamNames = [4]string{"W1", "b1", "W2", "b2"}

// InitialBiasStd is the standard deviation of RandomParams' biases: not
// zero, because zero biases hide bugs in ∂L/∂b and in the broadcasting of b.
const InitialBiasStd = 0.1

// RandomParams draws weights for an in→hidden→out network from seed:
// W1 ~ N(0, 2/in) (He initialisation, right for ReLU), W2 ~ N(0, 1/hidden)
// and biases ~ N(0, InitialBiasStd²). The same seed gives the same weights.
func RandomParams(in, hidden, out int, seed uint64) (*Params, error) {
	if in < 1 || hidden < 1 || out < 2 {
		return nil, fmt.Errorf("backprop: RandomParams(%d, %d, %d): want in ≥ 1, hidden ≥ 1 and out ≥ 2 classes", in, hidden, out)
	}
	rng := rand.New(rand.NewPCG(seed, 0x6261636b70726f70)) // stream "backprop"
	normal := func(rows, cols int, std float64) [][]float64 {
		m := newMatrix(rows, cols)
		for _, row := range m {
			for j := range row {
				row[j] = std * rng.NormFloat64()
			}
		}
		return m
	}
	return &Params{
		W1: normal(in, hidden, math.Sqrt(2/float64(in))),
		B1: normal(1, hidden, InitialBiasStd)[0],
		W2: normal(hidden, out, math.Sqrt(1/float64(hidden))),
		B2: normal(1, out, InitialBiasStd)[0],
	}, nil
}

// Dims returns the layer widths (in, hidden, out); valid after Validate.
func (p *Params) Dims() (in, hidden, out int) {
	return len(p.W1), len(p.W2), len(p.B2)
}

// Validate reports missing, ragged, mismatched or non-finite parameters.
func (p *Params) Validate() error {
	if p == nil {
		return fmt.Errorf("backprop: params are nil")
	}
	if err := checkMatrix("W1", p.W1); err != nil {
		return fmt.Errorf("backprop: %w", err)
	}
	if err := checkMatrix("W2", p.W2); err != nil {
		return fmt.Errorf("backprop: %w", err)
	}
	hidden := len(p.W1[0])
	if len(p.W2) != hidden {
		return fmt.Errorf("backprop: W1 is [%d %d] but W2 has %d rows, want %d (one per hidden unit)",
			len(p.W1), hidden, len(p.W2), hidden)
	}
	if err := checkVector("b1", p.B1, hidden); err != nil {
		return fmt.Errorf("backprop: %w", err)
	}
	if err := checkVector("b2", p.B2, len(p.W2[0])); err != nil {
		return fmt.Errorf("backprop: %w", err)
	}
	return nil
}

// Clone returns a deep copy.
func (p *Params) Clone() *Params {
	return &Params{
		W1: cloneMatrix(p.W1), B1: append([]float64(nil), p.B1...),
		W2: cloneMatrix(p.W2), B2: append([]float64(nil), p.B2...),
	}
}

// Flat returns the four parameters flattened in row-major order, in the
// order of ParamNames.
func (p *Params) Flat() [4][]float64 {
	return [4][]float64{flatten(p.W1), append([]float64(nil), p.B1...), flatten(p.W2), append([]float64(nil), p.B2...)}
}

// MaxRelativeDifference returns the largest element-wise relative
// difference |p − q| / max(|p|, |q|, gradcheck.DefaultFloor) over all four
// parameters — the measure gradcheck uses — and the name of the parameter
// where it occurs.
func (p *Params) MaxRelativeDifference(q *Params) (float64, string, error) {
	if err := p.Validate(); err != nil {
		return 0, "", err
	}
	if err := q.Validate(); err != nil {
		return 0, "", err
	}
	pi, ph, po := p.Dims()
	qi, qh, qo := q.Dims()
	if pi != qi || ph != qh || po != qo {
		return 0, "", fmt.Errorf("backprop: comparing a %d-%d-%d network with a %d-%d-%d one", pi, ph, po, qi, qh, qo)
	}
	worst, where := 0.0, ParamNames[0]
	pf, qf := p.Flat(), q.Flat()
	for k := range pf {
		for i := range pf[k] {
			if d := gradcheck.RelativeError(pf[k][i], qf[k][i], gradcheck.DefaultFloor); d > worst {
				worst, where = d, ParamNames[k]
			}
		}
	}
	return worst, where, nil
}
