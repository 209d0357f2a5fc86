package ingraph

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/deepnb/deepnb/gomlx_ext/gradcheck"
)

// Mode says where a gradient comes from.
type Mode int

const (
	// Manual is TwoLayerBackward: the chain rule written by hand.
	Manual Mode = iota
	// Autodiff is TwoLayerAutodiff: GoMLX's graph.Gradient.
	Autodiff
)

// String returns "manual" or "autodiff".
func (m Mode) String() string {
	switch m {
	case Manual:
		return "manual"
	case Autodiff:
		return "autodiff"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

func (m Mode) validate() error {
	if m != Manual && m != Autodiff {
		return fmt.Errorf("ingraph: unknown gradient mode %s, want Manual or Autodiff", m)
	}
	return nil
}

// gradients builds the loss and the gradients of the requested mode.
func gradients(p TwoLayerNodes, act fromscratch.Activation, x, labels *graph.Node, mode Mode) (*graph.Node, TwoLayerNodes) {
	loss, cache := TwoLayerForward(p, act, x, labels)
	if mode == Autodiff {
		return loss, TwoLayerAutodiff(p, loss)
	}
	return loss, TwoLayerBackward(p, act, cache)
}

// TwoLayerLossFunc returns the network's loss on the batch (X, labels) as a
// gradcheck.Func of the four parameters (W1, b1, W2, b2, in that order), to
// hand to gradcheck.New with any manual gradient you want to test.
//
// Introduced in notebooks/05_backprop.ipynb.
func TwoLayerLossFunc(act fromscratch.Activation, X [][]float64, labels []int) gradcheck.Func {
	x := fromscratch.CloneMatrix(X)
	y := make([]int32, len(labels))
	for i, l := range labels {
		y[i] = int32(l)
	}
	return func(g *graph.Graph, params []*graph.Node) *graph.Node {
		if len(params) != 4 {
			panic(fmt.Errorf("ingraph: TwoLayerLossFunc got %d parameters, want 4 (W1, b1, W2, b2)", len(params)))
		}
		p := TwoLayerNodes{W1: params[0], B1: params[1], W2: params[2], B2: params[3]}
		_, _, out := checkGraphParams(p)
		for i, l := range y {
			if l < 0 || int(l) >= out { // OneHot would silently give a row of zeros
				panic(fmt.Errorf("ingraph: TwoLayerLossFunc: example %d has label %d, want 0..%d", i, l, out-1))
			}
		}
		loss, _ := TwoLayerForward(p, act, graph.Const(g, x), graph.Const(g, y))
		return loss
	}
}

// NewTwoLayerGradientCheck prepares a gradcheck.Checker that compares, for the
// network p on the batch (X, labels), the plain-Go Backward (as the manual
// gradient) with GoMLX's autodiff and with central finite differences.
// Configure it further (Tolerance, MaxElements) and call Run; the report's
// ManualTable is the side-by-side table.
//
// Introduced in notebooks/05_backprop.ipynb.
func NewTwoLayerGradientCheck(b backends.Backend, p *fromscratch.TwoLayer, act fromscratch.Activation, X [][]float64, labels []int) (*gradcheck.Checker, error) {
	_, grads, err := p.Gradients(act, X, labels)
	if err != nil {
		return nil, err
	}
	c := gradcheck.New(b, TwoLayerLossFunc(act, X, labels))
	values, manual := paramValues(p), paramValues(grads)
	for i, name := range fromscratch.TwoLayerParamNames {
		c.Param(name, values[i]).Manual(name, manual[i])
	}
	return c, nil
}

// paramValues returns the parameters in the forms gradcheck accepts.
func paramValues(p *fromscratch.TwoLayer) [4]any {
	return [4]any{p.W1, p.B1, p.W2, p.B2}
}

// TwoLayerGradients evaluates, in float64 on backend b, the loss of p on the
// batch (X, labels) and its gradient computed as mode says.
//
// Introduced in notebooks/05_backprop.ipynb.
func TwoLayerGradients(b backends.Backend, p *fromscratch.TwoLayer, act fromscratch.Activation, X [][]float64, labels []int, mode Mode) (float64, *fromscratch.TwoLayer, error) {
	if err := p.Validate(); err != nil {
		return 0, nil, err
	}
	if err := mode.validate(); err != nil {
		return 0, nil, err
	}
	if err := fromscratch.CheckMatrix("X", X); err != nil {
		return 0, nil, fmt.Errorf("ingraph: TwoLayerGradients: %w", err)
	}
	in, _, out := p.Dims()
	if len(X[0]) != in || len(labels) != len(X) {
		return 0, nil, fmt.Errorf("ingraph: TwoLayerGradients: X is [%d %d] with %d labels, want [n %d] with n labels", len(X), len(X[0]), len(labels), in)
	}
	y := make([]int32, len(labels))
	for i, l := range labels {
		if l < 0 || l >= out {
			return 0, nil, fmt.Errorf("ingraph: TwoLayerGradients: example %d has label %d, want 0..%d", i, l, out-1)
		}
		y[i] = int32(l)
	}
	exec, err := graph.NewExec(b, func(inputs []*graph.Node) []*graph.Node {
		p := TwoLayerNodes{W1: inputs[0], B1: inputs[1], W2: inputs[2], B2: inputs[3]}
		loss, grads := gradients(p, act, inputs[4], inputs[5], mode)
		return append([]*graph.Node{loss}, grads.Nodes()...)
	})
	if err != nil {
		return 0, nil, fmt.Errorf("ingraph: TwoLayerGradients (%s): %w", mode, err)
	}
	defer exec.Finalize()
	outputs, err := execSafely(exec, p.W1, p.B1, p.W2, p.B2, X, y)
	if err != nil {
		return 0, nil, fmt.Errorf("ingraph: TwoLayerGradients (%s): %w", mode, err)
	}
	defer finalizeAll(outputs)
	loss, err := scalar(outputs[0])
	if err != nil {
		return 0, nil, fmt.Errorf("ingraph: TwoLayerGradients (%s): loss: %w", mode, err)
	}
	grads, err := paramsFromTensors(outputs[1:])
	if err != nil {
		return 0, nil, fmt.Errorf("ingraph: TwoLayerGradients (%s): %w", mode, err)
	}
	return loss, grads, nil
}

// execSafely runs exec, turning a panic (GoMLX re-panics some errors) into an error.
func execSafely(exec *graph.Exec, args ...any) (outputs []*tensors.Tensor, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return exec.Exec(args...)
}

func finalizeAll(ts []*tensors.Tensor) {
	for _, t := range ts {
		if t != nil {
			_ = t.FinalizeAll()
		}
	}
}
