package manual

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
)

// DenseGraph is Dense.ForwardBatch as a GoMLX graph: f(X·Wᵀ + b) for a batch
// x of shape [n, in], weights w of shape [out, in] (the layout of Dense.W)
// and bias b of shape [out]. It is built from GoMLX's own operations (Dot,
// Logistic, Tanh, activations.Relu, Softmax), not from this package's
// formulas, so comparing the two checks each against the other.
//
// Like every graph-building function it panics on bad shapes or an unknown
// activation; graph.Exec returns the panic as an error.
func DenseGraph(x, w, b *graph.Node, act Activation) *graph.Node {
	if x.Rank() != 2 || w.Rank() != 2 || b.Rank() != 1 {
		panic(fmt.Errorf("manual.DenseGraph: want x [n, in], w [out, in], b [out]; got x %s, w %s, b %s",
			x.Shape(), w.Shape(), b.Shape()))
	}
	out, in := w.Shape().Dim(0), w.Shape().Dim(1)
	if x.Shape().Dim(1) != in || b.Shape().Dim(0) != out {
		panic(fmt.Errorf("manual.DenseGraph: x %s, w %s and b %s do not fit: want x [n, %d] and b [%d]",
			x.Shape(), w.Shape(), b.Shape(), in, out))
	}
	// [n, in]·[in, out] = [n, out]; b [out] is broadcast over the n rows.
	z := graph.Add(graph.Dot(x, graph.Transpose(w, 0, 1)), graph.InsertAxes(b, 0))
	switch act {
	case ActIdentity:
		return z
	case ActSigmoid:
		return graph.Logistic(z)
	case ActTanh:
		return graph.Tanh(z)
	case ActReLU:
		return activations.Relu(z)
	case ActSoftmax:
		return graph.Softmax(z, -1)
	}
	panic(fmt.Errorf("manual.DenseGraph: unknown activation %s", act))
}

// ExecGraph runs the whole MLP on the batch X (rows are examples) as one
// GoMLX graph of DenseGraph layers on backend b, in float64, and returns ŷ
// with shape [n][outputs]: the graph twin of ForwardBatch.
func (m MLP) ExecGraph(b backends.Backend, X [][]float64) (yHat [][]float64, err error) {
	if len(m.Layers) == 0 {
		return nil, fmt.Errorf("manual.MLP.ExecGraph: no layers")
	}
	for l, layer := range m.Layers {
		if err := layer.Validate(); err != nil {
			return nil, fmt.Errorf("manual.MLP.ExecGraph layer %d: %w", l, err)
		}
	}
	if err := checkRect("X", X); err != nil {
		return nil, fmt.Errorf("manual.MLP.ExecGraph: %w", err)
	}
	// Parameters travel as graph inputs: x, then W and b of each layer.
	args := []any{X}
	for _, layer := range m.Layers {
		args = append(args, layer.W, layer.B)
	}
	fn := func(inputs []*graph.Node) *graph.Node {
		a := inputs[0]
		for l, layer := range m.Layers {
			a = DenseGraph(a, inputs[1+2*l], inputs[2+2*l], layer.Act)
		}
		return a
	}
	defer func() {
		// MustNewExec panics if the graph cannot be built.
		if r := recover(); r != nil {
			yHat, err = nil, fmt.Errorf("manual.MLP.ExecGraph: %v", r)
		}
	}()
	out, err := graph.ExecOnce(b, fn, args...)
	if err != nil {
		return nil, fmt.Errorf("manual.MLP.ExecGraph: %w", err)
	}
	v, ok := out.Value().([][]float64)
	if !ok {
		return nil, fmt.Errorf("manual.MLP.ExecGraph: graph returned %s, want a float64 matrix", out.Shape())
	}
	return v, nil
}

// checkRect checks that X is a non-empty rectangle of finite values.
func checkRect(name string, X [][]float64) error {
	if len(X) == 0 || len(X[0]) == 0 {
		return fmt.Errorf("%s is empty", name)
	}
	for r, row := range X {
		if len(row) != len(X[0]) {
			return fmt.Errorf("%s row %d has %d values, row 0 has %d", name, r, len(row), len(X[0]))
		}
		if err := checkFinite(name+" row", r, row); err != nil {
			return err
		}
	}
	return nil
}
