package fromscratch

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// DeepMLP is a deep multilayer perceptron in the batch-first layout (z = a·W + b, W
// [in][out], as DenseForwardXW): every hidden layer applies the same activation, the last
// layer is linear and its outputs are logits for SoftmaxCrossEntropy. Its fields are
// exported so a notebook can look at, and change, every weight.
//
// Introduced in notebooks/08_initialisation.ipynb.
type DeepMLP struct {
	// W[l] are the weights of layer l+1, [sizes[l]][sizes[l+1]].
	W [][][]float64
	// B[l] are its biases.
	B [][]float64
	// Hidden is the activation of every layer but the last.
	Hidden Activation
}

// NewDeepMLP returns a network with layers sizes[0] → sizes[1] → … → sizes[L], the weights of
// each layer drawn by init (a normal distribution with init.StdFor's deviation) from a
// generator seeded with seed, biases 0.
//
// Introduced in notebooks/08_initialisation.ipynb.
func NewDeepMLP(sizes []int, hidden Activation, init Init, seed uint64) (*DeepMLP, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("fromscratch.NewDeepMLP: sizes %v, want at least an input and an output size", sizes)
	}
	if _, _, ok := hidden.Elementwise(); !ok {
		return nil, fmt.Errorf("fromscratch.NewDeepMLP: hidden activation %s, want identity, sigmoid, tanh or relu", hidden)
	}
	rng := rand.New(rand.NewPCG(seed, 0x12a11)) // one stream for the whole network: layer l's weights depend on the layers before
	m := &DeepMLP{Hidden: hidden}
	for l := 0; l+1 < len(sizes); l++ {
		std, err := init.StdFor(sizes[l], sizes[l+1])
		if err != nil {
			return nil, fmt.Errorf("fromscratch.NewDeepMLP: layer %d: %w", l+1, err)
		}
		W := newMatrix(sizes[l], sizes[l+1])
		for _, row := range W {
			for j := range row {
				row[j] = std * rng.NormFloat64()
			}
		}
		m.W = append(m.W, W)
		m.B = append(m.B, make([]float64, sizes[l+1]))
	}
	return m, nil
}

// Layers is the number of weight layers L.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (m *DeepMLP) Layers() int { return len(m.W) }

// DeepTrace is everything one forward and backward pass computed, layer by layer: index l is
// layer l+1 (0 is the first hidden layer, Layers()−1 the output layer).
//
// Introduced in notebooks/08_initialisation.ipynb.
type DeepTrace struct {
	// Loss is the mean softmax cross-entropy of the batch.
	Loss float64
	// Z[l] and A[l] are layer l+1's pre-activations and activations, [n][out]; for the output
	// layer A is Z (the logits).
	Z, A [][][]float64
	// Delta[l] is ∂L/∂Z[l].
	Delta [][][]float64
	// DW[l] and DB[l] are ∂L/∂W[l] and ∂L/∂B[l].
	DW [][][]float64
	DB [][]float64
}

// Pass runs the batch X [n][sizes[0]] with integer labels forward and back through the
// network, without changing it.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (m *DeepMLP) Pass(X [][]float64, labels []int) (*DeepTrace, error) {
	tr, err := m.pass(X, labels)
	if err != nil {
		return nil, fmt.Errorf("fromscratch: DeepMLP pass: %w", err)
	}
	return tr, nil
}

func (m *DeepMLP) pass(X [][]float64, labels []int) (*DeepTrace, error) {
	L := m.Layers()
	tr := &DeepTrace{Z: make([][][]float64, L), A: make([][][]float64, L), Delta: make([][][]float64, L),
		DW: make([][][]float64, L), DB: make([][]float64, L)}
	f, _, ok := m.Hidden.Elementwise()
	if !ok {
		return nil, fmt.Errorf("hidden activation %s is not element-wise", m.Hidden)
	}
	input := X
	for l := range L {
		z, err := denseForwardXW(input, m.W[l], m.B[l])
		if err != nil {
			return nil, fmt.Errorf("layer %d: %w", l+1, err)
		}
		tr.Z[l], tr.A[l] = z, z
		if l < L-1 {
			tr.A[l] = mapMatrix(z, f)
		}
		input = tr.A[l]
	}
	loss, delta, err := softmaxCrossEntropy(tr.Z[L-1], labels)
	if err != nil {
		return nil, fmt.Errorf("output layer %d: %w", L, err)
	}
	tr.Loss = loss
	for l := L - 1; l >= 0; l-- {
		tr.Delta[l] = delta
		below := X
		if l > 0 {
			below = tr.A[l-1]
		}
		dW, db, dA, err := denseBackwardXW(below, m.W[l], delta)
		if err != nil {
			return nil, fmt.Errorf("layer %d backward: %w", l+1, err)
		}
		tr.DW[l], tr.DB[l] = dW, db
		if l > 0 {
			if delta, err = m.Hidden.backward(tr.Z[l-1], dA); err != nil {
				return nil, fmt.Errorf("layer %d backward: %w", l, err)
			}
		}
	}
	return tr, nil
}

// SGDStep runs Pass and then moves every weight and bias by −lr times its gradient; it
// returns the trace of the pass (the gradients at the weights before the step).
//
// Introduced in notebooks/08_initialisation.ipynb.
func (m *DeepMLP) SGDStep(X [][]float64, labels []int, lr float64) (*DeepTrace, error) {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return nil, fmt.Errorf("fromscratch: DeepMLP SGD step: learning rate %g, want a finite value > 0", lr)
	}
	tr, err := m.Pass(X, labels)
	if err != nil {
		return nil, err
	}
	for l := range m.W {
		for k, row := range m.W[l] {
			for j := range row {
				row[j] -= lr * tr.DW[l][k][j]
			}
		}
		for j := range m.B[l] {
			m.B[l][j] -= lr * tr.DB[l][j]
		}
	}
	return tr, nil
}

// GradNorms returns ‖∂L/∂W[l]‖ (the Frobenius norm: the root of the sum of squares) for every
// layer.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (tr *DeepTrace) GradNorms() []float64 {
	norms := make([]float64, len(tr.DW))
	for l, dW := range tr.DW {
		norms[l] = frobenius(dW)
	}
	return norms
}

// DeltaNorms returns ‖∂L/∂Z[l]‖ for every layer: the backward signal before it meets the
// layer's inputs.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (tr *DeepTrace) DeltaNorms() []float64 {
	norms := make([]float64, len(tr.Delta))
	for l, d := range tr.Delta {
		norms[l] = frobenius(d)
	}
	return norms
}

// GradRMS returns the root mean square of the entries of ∂L/∂W[l] for every layer: the typical
// size of one weight's gradient, and so (under SGD) of one weight's step. Unlike GradNorms it
// does not grow with the layer's size: the first layer's 196×64 matrix and the last layer's
// 64×10 one are compared entry for entry.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (tr *DeepTrace) GradRMS() []float64 {
	out := make([]float64, len(tr.DW))
	for l, dW := range tr.DW {
		out[l] = rms(dW)
	}
	return out
}

// ActRMS returns the root of the second moment, √E[a²], of every hidden layer's activations
// (the output layer's logits are left out): the scale the next layer's weights multiply, which
// for a positive activation such as ReLU is larger than the standard deviation.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (tr *DeepTrace) ActRMS() []float64 {
	out := make([]float64, 0, len(tr.A))
	for l := 0; l+1 < len(tr.A); l++ {
		out = append(out, rms(tr.A[l]))
	}
	return out
}

func rms(m [][]float64) float64 {
	n := 0
	for _, row := range m {
		n += len(row)
	}
	if n == 0 {
		return 0
	}
	return frobenius(m) / math.Sqrt(float64(n))
}

func frobenius(m [][]float64) float64 {
	s := 0.0
	for _, row := range m {
		for _, v := range row {
			s += v * v
		}
	}
	return math.Sqrt(s)
}
