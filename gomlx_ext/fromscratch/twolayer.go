package fromscratch

import (
	"fmt"
	"github.com/deepnb/deepnb/gomlx_ext/metrics"
	"math"
	"math/rand/v2"
)

// TwoLayer holds the weights of the two-layer perceptron of notebooks/05_backprop.ipynb, or — returned by
// Backward — the gradients of the loss with respect to them, which have the
// same shapes.
//
// Introduced in notebooks/05_backprop.ipynb.
type TwoLayer struct {
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

// TwoLayerParamNames are the names used in reports, in the order W1, b1, W2, b2.
var TwoLayerParamNames = [4]string{"W1", "b1", "W2", "b2"}

// InitialBiasStd is the standard deviation of RandomTwoLayer's biases: not
// zero, because zero biases hide bugs in ∂L/∂b and in the broadcasting of b.
const InitialBiasStd = 0.1

// RandomTwoLayer draws weights for an in→hidden→out network from seed:
// W1 ~ N(0, 2/in) (He initialisation, right for ReLU), W2 ~ N(0, 1/hidden)
// and biases ~ N(0, InitialBiasStd²). The same seed gives the same weights.
//
// Introduced in notebooks/05_backprop.ipynb.
func RandomTwoLayer(in, hidden, out int, seed uint64) (*TwoLayer, error) {
	if in < 1 || hidden < 1 || out < 2 {
		return nil, fmt.Errorf("fromscratch: RandomTwoLayer(%d, %d, %d): want in ≥ 1, hidden ≥ 1 and out ≥ 2 classes", in, hidden, out)
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
	return &TwoLayer{
		W1: normal(in, hidden, math.Sqrt(2/float64(in))),
		B1: normal(1, hidden, InitialBiasStd)[0],
		W2: normal(hidden, out, math.Sqrt(1/float64(hidden))),
		B2: normal(1, out, InitialBiasStd)[0],
	}, nil
}

// Dims returns the layer widths (in, hidden, out); valid after Validate.
func (p *TwoLayer) Dims() (in, hidden, out int) {
	return len(p.W1), len(p.W2), len(p.B2)
}

// Validate reports missing, ragged, mismatched or non-finite parameters.
func (p *TwoLayer) Validate() error {
	if p == nil {
		return fmt.Errorf("fromscratch: params are nil")
	}
	if err := checkMatrix("W1", p.W1); err != nil {
		return fmt.Errorf("fromscratch: %w", err)
	}
	if err := checkMatrix("W2", p.W2); err != nil {
		return fmt.Errorf("fromscratch: %w", err)
	}
	hidden := len(p.W1[0])
	if len(p.W2) != hidden {
		return fmt.Errorf("fromscratch: W1 is [%d %d] but W2 has %d rows, want %d (one per hidden unit)",
			len(p.W1), hidden, len(p.W2), hidden)
	}
	if err := checkVector("b1", p.B1, hidden); err != nil {
		return fmt.Errorf("fromscratch: %w", err)
	}
	if err := checkVector("b2", p.B2, len(p.W2[0])); err != nil {
		return fmt.Errorf("fromscratch: %w", err)
	}
	return nil
}

// Clone returns a deep copy.
func (p *TwoLayer) Clone() *TwoLayer {
	return &TwoLayer{
		W1: cloneMatrix(p.W1), B1: append([]float64(nil), p.B1...),
		W2: cloneMatrix(p.W2), B2: append([]float64(nil), p.B2...),
	}
}

// Flat returns the four parameters flattened in row-major order, in the
// order of TwoLayerParamNames.
func (p *TwoLayer) Flat() [4][]float64 {
	return [4][]float64{flatten(p.W1), append([]float64(nil), p.B1...), flatten(p.W2), append([]float64(nil), p.B2...)}
}

// MaxRelativeDifference returns the largest element-wise relative
// difference |p − q| / max(|p|, |q|, DefaultFloor) over all four
// parameters — the measure gradcheck uses — and the name of the parameter
// where it occurs.
func (p *TwoLayer) MaxRelativeDifference(q *TwoLayer) (float64, string, error) {
	if err := p.Validate(); err != nil {
		return 0, "", err
	}
	if err := q.Validate(); err != nil {
		return 0, "", err
	}
	pi, ph, po := p.Dims()
	qi, qh, qo := q.Dims()
	if pi != qi || ph != qh || po != qo {
		return 0, "", fmt.Errorf("fromscratch: comparing a %d-%d-%d network with a %d-%d-%d one", pi, ph, po, qi, qh, qo)
	}
	worst, where := 0.0, TwoLayerParamNames[0]
	pf, qf := p.Flat(), q.Flat()
	for k := range pf {
		for i := range pf[k] {
			if d := RelativeError(pf[k][i], qf[k][i], DefaultFloor); d > worst {
				worst, where = d, TwoLayerParamNames[k]
			}
		}
	}
	return worst, where, nil
}

// TwoLayerCache keeps what the forward pass computed and the backward pass needs:
// each layer's input, its pre-activation z and its activation a.
type TwoLayerCache struct {
	// X is the input batch [n, in].
	X [][]float64
	// Z1 = X·W1 + b1 and A1 = f(Z1), both [n, hidden].
	Z1, A1 [][]float64
	// Logits = A1·W2 + b2, [n, out].
	Logits [][]float64
	// Labels holds the class of each example, 0..out−1.
	Labels []int
}

// Forward runs the network on a batch X [n, in] with integer labels and
// returns the mean softmax cross-entropy and the cache Backward needs.
func (p *TwoLayer) Forward(act Activation, X [][]float64, labels []int) (float64, *TwoLayerCache, error) {
	if err := p.Validate(); err != nil {
		return 0, nil, err
	}
	f, _, err := act.checkElementwise()
	if err != nil {
		return 0, nil, err
	}
	z1, err := denseForwardXW(X, p.W1, p.B1)
	if err != nil {
		return 0, nil, fmt.Errorf("fromscratch: forward, layer 1 (input X): %w", err)
	}
	a1 := newMatrix(len(z1), len(z1[0]))
	for i, row := range z1 {
		for j, z := range row {
			a1[i][j] = f(z)
		}
	}
	logits, err := denseForwardXW(a1, p.W2, p.B2)
	if err != nil {
		return 0, nil, fmt.Errorf("fromscratch: forward, layer 2: %w", err)
	}
	loss, err := SparseCrossEntropyLogits(logits, labels)
	if err != nil {
		return 0, nil, fmt.Errorf("fromscratch: forward, loss: %w", err)
	}
	return loss, &TwoLayerCache{X: X, Z1: z1, A1: a1, Logits: logits, Labels: labels}, nil
}

// Backward returns ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 from a forward pass's
// cache, layer by layer from the loss down: δ² from the loss, the dense
// layer 2 turns it into ∂L/∂a¹, the activation into δ¹, and the dense
// layer 1 into the first layer's gradients.
func (p *TwoLayer) Backward(act Activation, c *TwoLayerCache) (*TwoLayer, error) {
	if c == nil {
		return nil, fmt.Errorf("fromscratch: backward: cache is nil (run Forward first)")
	}
	_, delta2, err := softmaxCrossEntropy(c.Logits, c.Labels)
	if err != nil {
		return nil, fmt.Errorf("fromscratch: backward, output: %w", err)
	}
	dW2, db2, dA1, err := denseBackwardXW(c.A1, p.W2, delta2)
	if err != nil {
		return nil, fmt.Errorf("fromscratch: backward, layer 2: %w", err)
	}
	delta1, err := act.backward(c.Z1, dA1)
	if err != nil {
		return nil, fmt.Errorf("fromscratch: backward, activation: %w", err)
	}
	dW1, db1, _, err := denseBackwardXW(c.X, p.W1, delta1)
	if err != nil {
		return nil, fmt.Errorf("fromscratch: backward, layer 1: %w", err)
	}
	return &TwoLayer{W1: dW1, B1: db1, W2: dW2, B2: db2}, nil
}

// Gradients is Forward followed by Backward: the loss at p and its gradient.
func (p *TwoLayer) Gradients(act Activation, X [][]float64, labels []int) (float64, *TwoLayer, error) {
	loss, cache, err := p.Forward(act, X, labels)
	if err != nil {
		return 0, nil, err
	}
	grads, err := p.Backward(act, cache)
	return loss, grads, err
}

// Accuracy returns the fraction of examples whose largest logit (metrics.ArgMaxRow, with its
// NaN rule) is at the label. pixels holds the examples one after another (len(labels)·in
// values), as datasets.Images.Pixels does; they are processed one at a
// time, so a whole test set needs no [n, in] float64 copy.
func (p *TwoLayer) Accuracy(act Activation, pixels []float32, labels []int32) (float64, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	f, _, err := act.checkElementwise()
	if err != nil {
		return 0, err
	}
	in, hidden, out := p.Dims()
	if len(labels) == 0 || len(pixels) != len(labels)*in {
		return 0, fmt.Errorf("fromscratch: accuracy: %d pixel values for %d labels, want %d per example", len(pixels), len(labels), in)
	}
	h, logits := make([]float64, hidden), make([]float64, out)
	correct := 0
	for i, label := range labels {
		if label < 0 || int(label) >= out {
			return 0, fmt.Errorf("fromscratch: accuracy: example %d has label %d, want 0..%d", i, label, out-1)
		}
		copy(h, p.B1)
		for k, x := range pixels[i*in : (i+1)*in] {
			if x == 0 {
				continue
			}
			for j, w := range p.W1[k] {
				h[j] += float64(x) * w
			}
		}
		copy(logits, p.B2)
		for k, z := range h {
			a := f(z)
			for j, w := range p.W2[k] {
				logits[j] += a * w
			}
		}
		if metrics.ArgMaxRow(logits) == int(label) {
			correct++
		}
	}
	return float64(correct) / float64(len(labels)), nil
}
