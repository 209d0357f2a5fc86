package autodiff

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Layer is one dense layer of an MLP: A_out = Act(A_in·W + B), W in × out.
//
// Introduced in notebooks/06_autodiff.ipynb.
type Layer struct {
	// W holds the weights, in × out (the layout of Dense).
	W [][]*Value
	// B holds one bias per output.
	B []*Value
	// Act is applied to every output; nil means none (the logits of the last layer).
	Act func(*Value) *Value
}

// MLP is a multi-layer perceptron whose every weight is a Value, so one Backward of its loss
// gives every weight's gradient.
//
// Introduced in notebooks/06_autodiff.ipynb.
type MLP struct {
	Layers []Layer
}

// NewMLP returns an MLP with layer sizes sizes (sizes[0] inputs, sizes[len−1] outputs), the
// activation hidden (for example (*Value).Tanh) after every layer but the last, weights drawn
// from N(0, 1/in) — LeCun's scale, which keeps tanh units away from saturation at the start —
// and zero biases, all from a PCG generator seeded with seed. It returns an error if fewer than
// two sizes are given, a size is below 1 or hidden is nil.
//
// Introduced in notebooks/06_autodiff.ipynb.
func NewMLP(sizes []int, hidden func(*Value) *Value, seed uint64) (*MLP, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("autodiff: NewMLP: sizes %v, want at least an input and an output size", sizes)
	}
	for i, s := range sizes {
		if s < 1 {
			return nil, fmt.Errorf("autodiff: NewMLP: size %d of layer %d, want ≥ 1", s, i)
		}
	}
	if hidden == nil {
		return nil, fmt.Errorf("autodiff: NewMLP: hidden activation is nil")
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	m := &MLP{}
	for l := 1; l < len(sizes); l++ {
		in, out := sizes[l-1], sizes[l]
		layer := Layer{W: make([][]*Value, in), B: make([]*Value, out)}
		scale := 1 / math.Sqrt(float64(in))
		for k := range in {
			layer.W[k] = make([]*Value, out)
			for j := range out {
				layer.W[k][j] = New(rng.NormFloat64()*scale, fmt.Sprintf("W%d[%d,%d]", l, k, j))
			}
		}
		for j := range out {
			layer.B[j] = New(0, fmt.Sprintf("b%d[%d]", l, j))
		}
		if l < len(sizes)-1 {
			layer.Act = hidden
		}
		m.Layers = append(m.Layers, layer)
	}
	return m, nil
}

// Forward returns the outputs (for a classifier, the logits) of the batch X, one example per
// row, as Values whose graph reaches back to every weight. The inputs become fresh leaves. It
// returns an error if a row does not have the MLP's input size or holds a NaN or ±Inf.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (m *MLP) Forward(X [][]float64) ([][]*Value, error) {
	if m == nil || len(m.Layers) == 0 {
		return nil, fmt.Errorf("autodiff: MLP.Forward: the MLP has no layers (use NewMLP)")
	}
	in := len(m.Layers[0].W)
	A := make([][]*Value, len(X))
	for i, row := range X {
		if len(row) != in {
			return nil, fmt.Errorf("autodiff: MLP.Forward: example %d has %d features, the MLP takes %d", i, len(row), in)
		}
		A[i] = make([]*Value, in)
		for k, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("autodiff: MLP.Forward: example %d, feature %d is %v", i, k, x)
			}
			A[i][k] = &Value{Data: x}
		}
	}
	for l, layer := range m.Layers {
		Z, err := Dense(A, layer.W, layer.B)
		if err != nil {
			return nil, fmt.Errorf("autodiff: MLP.Forward: layer %d: %w", l+1, err)
		}
		A = Z
		if layer.Act != nil {
			A = Map(Z, layer.Act)
		}
	}
	return A, nil
}

// Parameters returns every weight and bias, layer by layer (W row by row, then B).
//
// Introduced in notebooks/06_autodiff.ipynb.
func (m *MLP) Parameters() []*Value {
	var ps []*Value
	for _, layer := range m.Layers {
		for _, row := range layer.W {
			ps = append(ps, row...)
		}
		ps = append(ps, layer.B...)
	}
	return ps
}

// Step does one step of gradient descent, p ← p − lr·∂L/∂p, on every parameter, with the
// gradients of the last Backward.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (m *MLP) Step(lr float64) {
	for _, p := range m.Parameters() {
		p.Data -= lr * p.Grad
	}
}
