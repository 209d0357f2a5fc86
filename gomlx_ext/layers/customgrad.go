package layers

import (
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
// GoMLX v0.26 exposes custom gradients only for one node (graph.IdentityWithCustomGradient), so this
// routes the gradients of all inputs through one: the flattened inputs and a zero "carrier" slot the
// size of the output are concatenated into a vector V, the custom identity on V receives dOutput in
// the carrier slot (the output adds a Gather of that all-zero slot, whose gradient is a ScatterSum),
// and it hands back the concatenated input gradients, which Concatenate's own gradient splits again.
// Inputs that do not depend on any trainable variable (images, labels) are left out of V, so no
// gradient is computed for them. All differentiated inputs must share forward's float dtype.
func CustomGradient(inputs []*Node, forward ForwardFn, backward BackwardFn) *Node {
	if len(inputs) == 0 {
		panic("layers.CustomGradient: no inputs")
	}
	g := inputs[0].Graph()
	frozen := make([]*Node, len(inputs))
	for i, x := range inputs {
		frozen[i] = StopGradient(x)
	}
	// The output itself stops gradients too: otherwise autodiff would walk back through the
	// forward ops (e.g. generic DotGeneral gradients) only to discard the result at the frozen inputs.
	output := StopGradient(forward(frozen))
	dtype := output.DType()

	var differentiable []int
	for i, x := range inputs {
		if dependsOnVariables(x) {
			if x.DType() != dtype {
				panic(fmt.Sprintf("layers.CustomGradient: input #%d has dtype %s, output has %s", i, x.DType(), dtype))
			}
			differentiable = append(differentiable, i)
		}
	}
	if len(differentiable) == 0 {
		return output
	}

	outSize := output.Shape().Size()
	parts := make([]*Node, 0, len(differentiable)+1)
	offset := 0
	for _, i := range differentiable {
		parts = append(parts, Reshape(inputs[i], -1))
		offset += inputs[i].Shape().Size()
	}
	parts = append(parts, Zeros(g, shapes.Make(dtype, outSize)))
	carrierIndices := AddScalar(Iota(g, shapes.Make(dtypes.Int32, outSize, 1), 0), float64(offset))

	packed := IdentityWithCustomGradient(Concatenate(parts, 0), func(_, v *Node) *Node {
		dOutput := Reshape(Gather(v, carrierIndices, true), output.Shape().Dimensions...)
		grads := backward(frozen, output, dOutput)
		if len(grads) != len(inputs) {
			panic(fmt.Sprintf("layers.CustomGradient: backward returned %d gradients for %d inputs", len(grads), len(inputs)))
		}
		flat := make([]*Node, 0, len(differentiable)+1)
		for _, i := range differentiable {
			grad := grads[i]
			if grad == nil {
				grad = ZerosLike(inputs[i])
			}
			if !grad.Shape().Equal(inputs[i].Shape()) {
				panic(fmt.Sprintf("layers.CustomGradient: gradient #%d has shape %s, input has %s", i, grad.Shape(), inputs[i].Shape()))
			}
			flat = append(flat, Reshape(grad, -1))
		}
		flat = append(flat, Zeros(g, shapes.Make(dtype, outSize)))
		return Concatenate(flat, 0)
	})
	carrier := Reshape(Gather(packed, carrierIndices, true), output.Shape().Dimensions...)
	return Add(output, carrier)
}
