package goblas

import (
	"slices"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX's own style for graph code.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestDonatedRNGStateMatchesSimplego runs a dropout-like step — random values from a donated
// RNG state, times a float32 product — on both backends, feeding each new state back donated, as
// a training loop does with the context's #rngState. Two states take turns, so the backend's
// buffer pool holds state-sized buffers with other contents. simplego writes only the first two
// words of a new state: into the owned input buffer, or, when it does not own the input, into a
// pool buffer whose third word stays as it was. goblas used to keep donated inputs from its
// stages, so its new states picked up the other state's third word (trainer's
// TestResumeMatchesUninterrupted saw checkpoints with a different #rngState).
func TestDonatedRNGStateMatchesSimplego(t *testing.T) {
	stock, fast := newBackends(t)
	x := tensors.FromFlatDataAndDimensions([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3)
	w := tensors.FromFlatDataAndDimensions([]float32{1, -1, 2, 0.5, 3, -2, 1, 1, 0, 2, -1, 4, 1, 0.25, -3}, 3, 5)
	step := func(state, x, w *Node) (*Node, *Node) {
		newState, u := RandomUniform(state, shapes.Make(dtypes.Float32, 4, 5))
		return newState, Mul(DotGeneral(x, []int{1}, nil, w, []int{0}, nil), u)
	}
	const steps = 6
	run := func(be backends.Backend) (states [][]uint64, products [][]float32) {
		exec := MustNewExec(be, step)
		var chains [2]*tensors.Tensor
		for i := range chains {
			var err error
			if chains[i], err = RNGStateFromSeed(int64(7 + i)); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 2 * steps {
			arg, err := DonateTensorBuffer(chains[i%2], be, 0)
			if err != nil {
				t.Fatal(err)
			}
			out := exec.MustExec(arg, clone(t, x), clone(t, w))
			chains[i%2] = out[0]
			states = append(states, tensors.MustCopyFlatData[uint64](out[0]))
			products = append(products, tensors.MustCopyFlatData[float32](out[1]))
		}
		return states, products
	}
	wantStates, wantProducts := run(stock)
	gotStates, gotProducts := run(fast)
	for i := range wantStates {
		if !slices.Equal(gotStates[i], wantStates[i]) {
			t.Fatalf("step %d of state %d: new RNG state %v, simplego gives %v", i/2, i%2, gotStates[i], wantStates[i])
		}
		closeEnough(t, "product times random values", wantProducts[i], gotProducts[i], 1e-6)
	}
}
