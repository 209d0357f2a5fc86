package fromscratch

import "fmt"

// MLP is a stack of dense layers; the activation of layer l is the input of
// layer l+1.
//
// Introduced in notebooks/02_forward_pass.ipynb.
type MLP struct {
	// Layers in order from input to output.
	Layers []Dense
}

// NewMLP returns an MLP with len(sizes)−1 layers, layer l mapping sizes[l]
// inputs to sizes[l+1] outputs with activation acts[l], each initialised by
// NewDense with a seed derived from seed and l.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func NewMLP(sizes []int, acts []Activation, seed uint64) (MLP, error) {
	if len(sizes) < 2 {
		return MLP{}, fmt.Errorf("fromscratch.NewMLP: sizes %v, want at least an input and an output size", sizes)
	}
	if len(acts) != len(sizes)-1 {
		return MLP{}, fmt.Errorf("fromscratch.NewMLP: %d sizes make %d layers but %d activations were given",
			len(sizes), len(sizes)-1, len(acts))
	}
	m := MLP{Layers: make([]Dense, len(acts))}
	for l := range acts {
		d, err := NewDense(sizes[l], sizes[l+1], acts[l], seed+uint64(l)*0x9e3779b97f4a7c15)
		if err != nil {
			return MLP{}, fmt.Errorf("layer %d: %w", l, err)
		}
		m.Layers[l] = d
	}
	return m, nil
}

// LayerValues are what one layer computed for one input: its
// pre-activation z and its activation a = f(z).
type LayerValues struct {
	Z, A []float64
}

// Trace runs x through every layer and returns each layer's z and a, the
// values backpropagation needs and the shapes a reader wants to see. The
// last A is the network's output ŷ.
func (m MLP) Trace(x []float64) ([]LayerValues, error) {
	if len(m.Layers) == 0 {
		return nil, fmt.Errorf("fromscratch.MLP: no layers")
	}
	trace := make([]LayerValues, len(m.Layers))
	a := x
	for l, layer := range m.Layers {
		z, next, err := layer.Forward(a)
		if err != nil {
			return nil, fmt.Errorf("fromscratch.MLP layer %d: %w", l, err)
		}
		trace[l] = LayerValues{Z: z, A: next}
		a = next
	}
	return trace, nil
}

// Forward returns the network's output ŷ for one input x.
func (m MLP) Forward(x []float64) ([]float64, error) {
	trace, err := m.Trace(x)
	if err != nil {
		return nil, err
	}
	return trace[len(trace)-1].A, nil
}

// ForwardBatch returns ŷ for every row of X, shape [n][outputs].
func (m MLP) ForwardBatch(X [][]float64) ([][]float64, error) {
	if len(X) == 0 {
		return nil, fmt.Errorf("fromscratch.MLP.ForwardBatch: empty batch")
	}
	out := make([][]float64, len(X))
	for n, x := range X {
		yHat, err := m.Forward(x)
		if err != nil {
			return nil, fmt.Errorf("example %d: %w", n, err)
		}
		out[n] = yHat
	}
	return out, nil
}

// Params returns the number of parameters of all layers.
func (m MLP) Params() int {
	total := 0
	for _, l := range m.Layers {
		total += l.Params()
	}
	return total
}
