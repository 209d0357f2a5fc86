package gradcheck_test

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"

	"github.com/deepnb/deepnb/gomlx_ext/gradcheck"
)

// Check f(w) = Σ w³ against the hand derivation ∂f/∂w = 3w².
func ExampleNew() {
	backend, err := sharedBackend() // GOMLX_BACKEND, or the pure-Go "go"
	if err != nil {
		fmt.Println(err)
		return
	}
	cube := func(_ *graph.Graph, params []*graph.Node) *graph.Node {
		w := params[0]
		return graph.ReduceAllSum(graph.Mul(w, graph.Mul(w, w)))
	}
	w := []float64{0.5, -2, 1.5}
	manual := make([]float64, len(w))
	for i, x := range w {
		manual[i] = 3 * x * x
	}
	report, err := gradcheck.New(backend, cube).Param("w", w).Manual("w", manual).Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("autodiff:", report.Params[0].Autodiff)
	fmt.Println("passed:", report.Passed())
	// Output:
	// autodiff: [0.75 12 6.75]
	// passed: true
}
