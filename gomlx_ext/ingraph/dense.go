package ingraph

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Dense is fromscratch.Dense.ForwardBatch as a GoMLX graph: f(X·Wᵀ + b) for a batch
// x of shape [n, in], weights w of shape [out, in] (the layout of fromscratch.Dense.W)
// and bias b of shape [out], with the activation built by Activate.
//
// Like every graph-building function it panics on bad shapes or an unknown
// activation; graph.Exec returns the panic as an error.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func Dense(x, w, b *graph.Node, act fromscratch.Activation) *graph.Node {
	if x.Rank() != 2 || w.Rank() != 2 || b.Rank() != 1 {
		panic(fmt.Errorf("ingraph.Dense: want x [n, in], w [out, in], b [out]; got x %s, w %s, b %s",
			x.Shape(), w.Shape(), b.Shape()))
	}
	out, in := w.Shape().Dim(0), w.Shape().Dim(1)
	if x.Shape().Dim(1) != in || b.Shape().Dim(0) != out {
		panic(fmt.Errorf("ingraph.Dense: x %s, w %s and b %s do not fit: want x [n, %d] and b [%d]",
			x.Shape(), w.Shape(), b.Shape(), in, out))
	}
	// [n, in]·[in, out] = [n, out]; b [out] is broadcast over the n rows.
	z := graph.Add(graph.Dot(x, graph.Transpose(w, 0, 1)), graph.InsertAxes(b, 0))
	return Activate(z, act)
}

// ExecMLP runs the whole MLP m on the batch X (rows are examples) as one
// GoMLX graph of Dense layers on backend b, in float64, and returns ŷ
// with shape [n][outputs]: the graph twin of fromscratch.MLP.ForwardBatch.
func ExecMLP(b backends.Backend, m fromscratch.MLP, X [][]float64) (yHat [][]float64, err error) {
	if len(m.Layers) == 0 {
		return nil, fmt.Errorf("ingraph.ExecMLP: no layers")
	}
	for l, layer := range m.Layers {
		if err := layer.Validate(); err != nil {
			return nil, fmt.Errorf("ingraph.ExecMLP layer %d: %w", l, err)
		}
	}
	if err := fromscratch.CheckMatrix("X", X); err != nil {
		return nil, fmt.Errorf("ingraph.ExecMLP: %w", err)
	}
	// Parameters travel as graph inputs: x, then W and b of each layer.
	args := []any{X}
	for _, layer := range m.Layers {
		args = append(args, layer.W, layer.B)
	}
	fn := func(inputs []*graph.Node) *graph.Node {
		a := inputs[0]
		for l, layer := range m.Layers {
			a = Dense(a, inputs[1+2*l], inputs[2+2*l], layer.Act)
		}
		return a
	}
	defer func() {
		// MustNewExec panics if the graph cannot be built.
		if r := recover(); r != nil {
			yHat, err = nil, fmt.Errorf("ingraph.ExecMLP: %v", r)
		}
	}()
	out, err := graph.ExecOnce(b, fn, args...)
	if err != nil {
		return nil, fmt.Errorf("ingraph.ExecMLP: %w", err)
	}
	v, ok := out.Value().([][]float64)
	if !ok {
		return nil, fmt.Errorf("ingraph.ExecMLP: graph returned %s, want a float64 matrix", out.Shape())
	}
	return v, nil
}
