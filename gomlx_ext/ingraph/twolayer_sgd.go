package ingraph

import (
	"fmt"
	"math"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// SGDTrainer trains the network with plain SGD, W ← W − α·∂L/∂W, taking its
// gradients from TwoLayerBackward (Manual) or graph.Gradient (Autodiff). One
// compiled graph computes the loss, the gradients and the updated weights;
// the weights stay tensors between steps.
//
// Two trainers built from the same initial Params and fed the same batches
// differ only in where their gradients come from, which is what
// notebooks/05_backprop.ipynb compares.
type SGDTrainer struct {
	mode   Mode
	dtype  dtypes.DType
	in     int
	out    int
	exec   *graph.Exec
	params [4]*tensors.Tensor
	steps  int
}

// NewSGDTrainer compiles (lazily, at the first Step) an SGD step with
// learning rate lr for the network init, in dtype Float32 or Float64.
//
// Introduced in notebooks/05_backprop.ipynb.
func NewSGDTrainer(b backends.Backend, init *fromscratch.TwoLayer, act fromscratch.Activation, mode Mode, lr float64, dtype dtypes.DType) (*SGDTrainer, error) {
	if b == nil {
		return nil, fmt.Errorf("ingraph: NewSGDTrainer: backend is nil")
	}
	if err := init.Validate(); err != nil {
		return nil, err
	}
	if err := checkElementwise(act); err != nil {
		return nil, err
	}
	if err := mode.validate(); err != nil {
		return nil, err
	}
	if !(lr > 0) || math.IsInf(lr, 0) {
		return nil, fmt.Errorf("ingraph: NewSGDTrainer: learning rate %g, want a finite value > 0", lr)
	}
	params, err := toTensors(init, dtype)
	if err != nil {
		return nil, err
	}
	in, _, out := init.Dims()
	t := &SGDTrainer{mode: mode, dtype: dtype, in: in, out: out, params: params}
	t.exec, err = graph.NewExec(b, func(inputs []*graph.Node) []*graph.Node {
		p := TwoLayerNodes{W1: inputs[0], B1: inputs[1], W2: inputs[2], B2: inputs[3]}
		loss, grads := gradients(p, act, inputs[4], inputs[5], mode)
		outputs := []*graph.Node{loss}
		for i, w := range p.Nodes() {
			outputs = append(outputs, graph.Sub(w, graph.MulScalar(grads.Nodes()[i], lr)))
		}
		return outputs
	})
	if err != nil {
		t.Finalize()
		return nil, fmt.Errorf("ingraph: NewSGDTrainer (%s): %w", mode, err)
	}
	return t, nil
}

// Step applies one SGD update on a batch: pixels holds len(labels) examples
// of `in` values each, one after another (datasets.Batches.NextBatch's
// layout). It returns the batch loss at the weights before the update.
func (t *SGDTrainer) Step(pixels []float32, labels []int32) (float64, error) {
	if t.exec == nil {
		return 0, fmt.Errorf("ingraph: SGDTrainer (%s) used after Finalize", t.mode)
	}
	n := len(labels)
	if n == 0 || len(pixels) != n*t.in {
		return 0, fmt.Errorf("ingraph: step %d (%s): %d pixel values for %d labels, want %d per example",
			t.steps+1, t.mode, len(pixels), n, t.in)
	}
	// OneHot would silently turn a label out of range into a row of zeros.
	for i, l := range labels {
		if l < 0 || int(l) >= t.out {
			return 0, fmt.Errorf("ingraph: step %d (%s): example %d has label %d, want 0..%d", t.steps+1, t.mode, i, l, t.out-1)
		}
	}
	x := tensors.FromFlatDataAndDimensions(pixels, n, t.in)
	y := tensors.FromFlatDataAndDimensions(labels, n)
	defer finalizeAll([]*tensors.Tensor{x, y})
	outputs, err := execSafely(t.exec, t.params[0], t.params[1], t.params[2], t.params[3], x, y)
	if err != nil {
		return 0, fmt.Errorf("ingraph: step %d (%s): %w", t.steps+1, t.mode, err)
	}
	loss, err := scalar(outputs[0])
	_ = outputs[0].FinalizeAll()
	if err != nil {
		finalizeAll(outputs[1:])
		return 0, fmt.Errorf("ingraph: step %d (%s): loss: %w", t.steps+1, t.mode, err)
	}
	finalizeAll(t.params[:])
	copy(t.params[:], outputs[1:])
	t.steps++
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, fmt.Errorf("ingraph: step %d (%s): loss is %v: training diverged (lower the learning rate?)", t.steps, t.mode, loss)
	}
	return loss, nil
}

// Steps returns the number of updates applied so far.
func (t *SGDTrainer) Steps() int { return t.steps }

// Params returns a float64 copy of the current weights.
func (t *SGDTrainer) Params() (*fromscratch.TwoLayer, error) {
	if t.exec == nil {
		return nil, fmt.Errorf("ingraph: SGDTrainer (%s) used after Finalize", t.mode)
	}
	p, err := paramsFromTensors(t.params[:])
	if err != nil {
		return nil, fmt.Errorf("ingraph: SGDTrainer (%s) after %d steps: %w", t.mode, t.steps, err)
	}
	return p, nil
}

// Finalize frees the compiled graph and the weights' tensors.
func (t *SGDTrainer) Finalize() {
	if t.exec != nil {
		t.exec.Finalize()
		t.exec = nil
	}
	finalizeAll(t.params[:])
	t.params = [4]*tensors.Tensor{}
}
