package backprop

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/losses"
)

// Cache keeps what the forward pass computed and the backward pass needs:
// each layer's input, its pre-activation z and its activation a.
type Cache struct {
	// X is the input batch [n, in].
	X [][]float64
	// Z1 = X·W1 + b1 and A1 = f(Z1), both [n, hidden].
	Z1, A1 [][]float64
	// Logits = A1·W2 + b2, [n, out].
	Logits [][]float64
	// Labels holds the class of each example, 0..out−1.
	Labels []int
}

// DenseForward returns z = a·W + b for a batch a [n, in], W [in, out] and
// b [out]: zᵢⱼ = Σₖ aᵢₖ Wₖⱼ + bⱼ.
func DenseForward(a, W [][]float64, b []float64) ([][]float64, error) {
	z, err := denseForward(a, W, b)
	if err != nil {
		return nil, fmt.Errorf("backprop: dense forward: %w", err)
	}
	return z, nil
}

func denseForward(a, W [][]float64, b []float64) ([][]float64, error) {
	if err := checkMatrix("input", a); err != nil {
		return nil, err
	}
	if err := checkMatrix("W", W); err != nil {
		return nil, err
	}
	if len(a[0]) != len(W) {
		return nil, fmt.Errorf("input is [%d %d] but W is [%d %d]", len(a), len(a[0]), len(W), len(W[0]))
	}
	if err := checkVector("b", b, len(W[0])); err != nil {
		return nil, err
	}
	z := newMatrix(len(a), len(W[0]))
	for i, ai := range a {
		copy(z[i], b)
		for k, aik := range ai {
			if aik == 0 { // ReLU outputs and blank pixels: a zero adds nothing.
				continue
			}
			for j, wkj := range W[k] {
				z[i][j] += aik * wkj
			}
		}
	}
	return z, nil
}

// DenseBackward is the chain rule through z = a·W + b. Given δ = ∂L/∂z
// [n, out] it returns
//
//	dW = aᵀ·δ     [in, out]   ∂L/∂Wₖⱼ = Σᵢ aᵢₖ δᵢⱼ (W is used by every example)
//	db = Σᵢ δᵢ    [out]       b is added to every example
//	dA = δ·Wᵀ     [n, in]     ∂L/∂aᵢₖ = Σⱼ δᵢⱼ Wₖⱼ, passed on to the layer below
func DenseBackward(a, W, delta [][]float64) (dW [][]float64, db []float64, dA [][]float64, err error) {
	dW, db, dA, err = denseBackward(a, W, delta)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("backprop: dense backward: %w", err)
	}
	return dW, db, dA, nil
}

func denseBackward(a, W, delta [][]float64) (dW [][]float64, db []float64, dA [][]float64, err error) {
	for _, m := range []struct {
		name string
		m    [][]float64
	}{{"input", a}, {"W", W}, {"delta", delta}} {
		if err := checkMatrix(m.name, m.m); err != nil {
			return nil, nil, nil, err
		}
	}
	in, out := len(W), len(W[0])
	if len(a[0]) != in || len(delta[0]) != out || len(a) != len(delta) {
		return nil, nil, nil, fmt.Errorf("input [%d %d], W [%d %d] and delta [%d %d] do not fit z = input·W + b",
			len(a), len(a[0]), in, out, len(delta), len(delta[0]))
	}
	dW, db, dA = newMatrix(in, out), make([]float64, out), newMatrix(len(a), in)
	for i, di := range delta {
		for j, dij := range di {
			db[j] += dij
		}
		for k, aik := range a[i] {
			var sum float64
			for j, dij := range di {
				dW[k][j] += aik * dij
				sum += dij * W[k][j]
			}
			dA[i][k] = sum
		}
	}
	return dW, db, dA, nil
}

// SoftmaxCrossEntropy returns the mean cross-entropy of softmax(logits)
// against the labels and its gradient with respect to the logits,
//
//	δ = (softmax(logits) − onehot(labels)) / n,
//
// the compact result of chaining ∂L/∂p (−1/p at the true class) with the
// softmax Jacobian diag(p) − p·pᵀ.
func SoftmaxCrossEntropy(logits [][]float64, labels []int) (loss float64, delta [][]float64, err error) {
	loss, delta, err = softmaxCrossEntropy(logits, labels)
	if err != nil {
		return 0, nil, fmt.Errorf("backprop: softmax cross-entropy: %w", err)
	}
	return loss, delta, nil
}

func softmaxCrossEntropy(logits [][]float64, labels []int) (loss float64, delta [][]float64, err error) {
	if err := checkMatrix("logits", logits); err != nil {
		return 0, nil, err
	}
	loss, err = losses.SparseCrossEntropyLogitsPlain(logits, labels) // also checks the labels
	if err != nil {
		return 0, nil, err
	}
	n := float64(len(logits))
	delta = newMatrix(len(logits), len(logits[0]))
	for i, row := range logits {
		for j, p := range losses.SoftmaxPlain(row) {
			delta[i][j] = p / n
		}
		delta[i][labels[i]] -= 1 / n
	}
	return loss, delta, nil
}

// Forward runs the network on a batch X [n, in] with integer labels and
// returns the mean softmax cross-entropy and the cache Backward needs.
func (p *Params) Forward(act Activation, X [][]float64, labels []int) (float64, *Cache, error) {
	if err := p.Validate(); err != nil {
		return 0, nil, err
	}
	if err := act.validate(); err != nil {
		return 0, nil, err
	}
	z1, err := denseForward(X, p.W1, p.B1)
	if err != nil {
		return 0, nil, fmt.Errorf("backprop: forward, layer 1 (input X): %w", err)
	}
	a1 := newMatrix(len(z1), len(z1[0]))
	for i, row := range z1 {
		for j, z := range row {
			a1[i][j] = act.Apply(z)
		}
	}
	logits, err := denseForward(a1, p.W2, p.B2)
	if err != nil {
		return 0, nil, fmt.Errorf("backprop: forward, layer 2: %w", err)
	}
	loss, err := losses.SparseCrossEntropyLogitsPlain(logits, labels)
	if err != nil {
		return 0, nil, fmt.Errorf("backprop: forward, loss: %w", err)
	}
	return loss, &Cache{X: X, Z1: z1, A1: a1, Logits: logits, Labels: labels}, nil
}

// Backward returns ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 from a forward pass's
// cache, layer by layer from the loss down: δ² from the loss, the dense
// layer 2 turns it into ∂L/∂a¹, the activation into δ¹, and the dense
// layer 1 into the first layer's gradients.
func (p *Params) Backward(act Activation, c *Cache) (*Params, error) {
	if c == nil {
		return nil, fmt.Errorf("backprop: backward: cache is nil (run Forward first)")
	}
	if err := act.validate(); err != nil {
		return nil, err
	}
	_, delta2, err := softmaxCrossEntropy(c.Logits, c.Labels)
	if err != nil {
		return nil, fmt.Errorf("backprop: backward, output: %w", err)
	}
	dW2, db2, dA1, err := denseBackward(c.A1, p.W2, delta2)
	if err != nil {
		return nil, fmt.Errorf("backprop: backward, layer 2: %w", err)
	}
	delta1, err := act.backward(c.Z1, dA1)
	if err != nil {
		return nil, fmt.Errorf("backprop: backward, activation: %w", err)
	}
	dW1, db1, _, err := denseBackward(c.X, p.W1, delta1)
	if err != nil {
		return nil, fmt.Errorf("backprop: backward, layer 1: %w", err)
	}
	return &Params{W1: dW1, B1: db1, W2: dW2, B2: db2}, nil
}

// Gradients is Forward followed by Backward: the loss at p and its gradient.
func (p *Params) Gradients(act Activation, X [][]float64, labels []int) (float64, *Params, error) {
	loss, cache, err := p.Forward(act, X, labels)
	if err != nil {
		return 0, nil, err
	}
	grads, err := p.Backward(act, cache)
	return loss, grads, err
}

// Accuracy returns the fraction of examples whose largest logit is at the
// label. pixels holds the examples one after another (len(labels)·in
// values), as datasets.Images.Pixels does; they are processed one at a
// time, so a whole test set needs no [n, in] float64 copy.
func (p *Params) Accuracy(act Activation, pixels []float32, labels []int32) (float64, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	if err := act.validate(); err != nil {
		return 0, err
	}
	in, hidden, out := p.Dims()
	if len(labels) == 0 || len(pixels) != len(labels)*in {
		return 0, fmt.Errorf("backprop: accuracy: %d pixel values for %d labels, want %d per example", len(pixels), len(labels), in)
	}
	h, logits := make([]float64, hidden), make([]float64, out)
	correct := 0
	for i, label := range labels {
		if label < 0 || int(label) >= out {
			return 0, fmt.Errorf("backprop: accuracy: example %d has label %d, want 0..%d", i, label, out-1)
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
			a := act.Apply(z)
			for j, w := range p.W2[k] {
				logits[j] += a * w
			}
		}
		best := 0
		for j, v := range logits {
			if v > logits[best] {
				best = j
			}
		}
		if best == int(label) {
			correct++
		}
	}
	return float64(correct) / float64(len(labels)), nil
}
