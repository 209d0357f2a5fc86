package layers

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// ForwardFn computes an output from inputs; it runs on inputs that do not carry gradients.
type ForwardFn func(inputs []*Node) *Node

// BackwardFn returns, for each input, the gradient of the loss with respect to it given the
// gradient dOutput with respect to forward's output. Each gradient must have its input's shape.
// Entries for inputs that need no gradient may be nil.
type BackwardFn func(inputs []*Node, output, dOutput *Node) []*Node

// CustomGradient returns forward(inputs) whose reverse-mode gradient is given by backward.
//
// GoMLX v0.26 exposes custom gradients only for a single node (graph.IdentityWithCustomGradient),
// so this wires several together:
//
//   - the forward pass runs on gradient-stopped inputs, so GoMLX never builds the generic gradients
//     of its ops;
//   - each input that needs a gradient passes through a "receiver" identity, joined to the output
//     by a link whose value is exactly zero (one gathered element, times zero) — the link only
//     makes autodiff visit the receivers;
//   - an identity on the output records dOutput when autodiff reaches it. Autodiff visits nodes in
//     reverse creation order and the output identity is created last, so dOutput is known when the
//     receivers are visited; each receiver then returns its entry of backward(...).
//
// Every input a gradient can reach gets a receiver (canCarryGradient), graph inputs such as images
// too, so a gradient with respect to one (a saliency map) is backward's, not zero. GoMLX's
// autodiff visits only the receivers on a path from the nodes a Gradient call asks about, and
// entries of backward's result that nothing uses are dead nodes: training (gradients of the
// variables only) measured no slower on the default backend.
func CustomGradient(inputs []*Node, forward ForwardFn, backward BackwardFn) *Node {
	if len(inputs) == 0 {
		panic(errors.New("layers.CustomGradient: no inputs"))
	}
	frozen := make([]*Node, len(inputs))
	for i, x := range inputs {
		frozen[i] = StopGradient(x)
	}
	output := StopGradient(forward(frozen))

	var (
		dOutput  *Node   // set by the output identity during autodiff
		gradsFor *Node   // the dOutput that grads were computed for
		grads    []*Node // backward's result, computed once per autodiff pass
		link     *Node
	)
	gradientOf := func(i int) *Node {
		if dOutput == nil {
			panic(errors.New("layers.CustomGradient: autodiff reached an input before the output"))
		}
		if gradsFor != dOutput {
			grads = backward(frozen, output, dOutput)
			gradsFor = dOutput
			if len(grads) != len(inputs) {
				panic(fmt.Errorf("layers.CustomGradient: backward returned %d gradients for %d inputs", len(grads), len(inputs)))
			}
		}
		grad := grads[i]
		if grad == nil {
			return ZerosLike(inputs[i])
		}
		if !grad.Shape().Equal(inputs[i].Shape()) {
			panic(fmt.Errorf("layers.CustomGradient: gradient #%d has shape %s, input has %s", i, grad.Shape(), inputs[i].Shape()))
		}
		return grad
	}
	for i, x := range inputs {
		if !canCarryGradient(x) {
			continue
		}
		receiver := IdentityWithCustomGradient(x, func(_, _ *Node) *Node { return gradientOf(i) })
		element := ConvertDType(Gather(Reshape(receiver, -1), Zeros(x.Graph(), shapes.Make(dtypes.Int32, 1, 1)), true), output.DType())
		if link == nil {
			link = ReduceAllSum(element)
		} else {
			link = Add(link, ReduceAllSum(element))
		}
	}
	if link == nil {
		return output
	}
	joined := Add(output, MulScalar(link, 0))
	return IdentityWithCustomGradient(joined, func(_, v *Node) *Node {
		dOutput = v
		return v
	})
}
