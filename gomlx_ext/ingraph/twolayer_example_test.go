package ingraph_test

import (
	"fmt"
	"math"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/deepnb/deepnb/gomlx_ext/ingraph"
)

// Check the hand-written backward pass of a 4-3-2 network on a batch of 3
// against GoMLX's autodiff and central finite differences.
func ExampleNewTwoLayerGradientCheck() {
	b, err := sharedBackend() // GOMLX_BACKEND, or the pure-Go "go"
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := fromscratch.RandomTwoLayer(4, 3, 2, 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	X := [][]float64{{0.5, -1, 2, 0.1}, {1.5, 0.3, -0.7, 0}, {-0.2, 0.8, 0.4, -1.1}}
	labels := []int{1, 0, 1}

	loss, grads, err := p.Gradients(fromscratch.ActTanh, X, labels)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loss %.4f, ∂L/∂b2 = [%.4f %.4f]\n", loss, grads.B2[0], grads.B2[1])

	checker, err := ingraph.NewTwoLayerGradientCheck(b, p, fromscratch.ActTanh, X, labels)
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := checker.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("manual gradient agrees to 1e-6:", report.Passed())
	// ∂L/∂b2 sums to zero: softmax − onehot sums to 0 over the classes.
	fmt.Println("Σ ∂L/∂b2 = 0:", math.Abs(grads.B2[0]+grads.B2[1]) < 1e-12)
	// Output:
	// loss 1.9069, ∂L/∂b2 = [0.1918 -0.1918]
	// manual gradient agrees to 1e-6: true
	// Σ ∂L/∂b2 = 0: true
}
