package fromscratch_test

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// One layer, z = W·x + b and a = f(z), with numbers small enough to check by hand.
func ExampleDense_Forward() {
	layer := fromscratch.Dense{
		W:   [][]float64{{1, -2, 0.5}, {0.25, 3, -1}}, // 2 outputs × 3 inputs
		B:   []float64{0.5, -1},
		Act: fromscratch.ActReLU,
	}
	z, a, err := layer.Forward([]float64{2, 1, -4})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("z =", z)
	fmt.Println("a =", a)
	// Output:
	// z = [-1.5 6.5]
	// a = [0 6.5]
}

// A derivative formula checked against a central difference.
func ExampleDerivative() {
	exact := fromscratch.SigmoidDeriv(1)
	numeric := fromscratch.Derivative(fromscratch.Sigmoid, 1, 0)
	fmt.Printf("σ'(1) = %.10f, central difference %.10f\n", exact, numeric)
	// Output: σ'(1) = 0.1966119332, central difference 0.1966119332
}

// Gradient descent on a bowl converges below α = 2/λmax and diverges above it.
func ExampleGradientDescent() {
	q, err := fromscratch.NewQuadratic([][]float64{{3, 1.5}, {1.5, 1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("eigenvalues %.4f, 2/λmax = %.4f\n", q.Eigenvalues(), q.MaxStableLR())
	for _, lr := range []float64{0.5, 0.6} {
		res, err := fromscratch.GradientDescent(q, []float64{1, 1}, fromscratch.GDConfig{LearningRate: lr, MaxSteps: 200, Tol: 1e-6})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("α=%.1f: converged=%v after %d steps, ‖w‖=%.2g\n", lr, res.Converged, res.Steps, fromscratch.Norm(res.Final()))
	}
	// Output:
	// eigenvalues [0.1972 3.8028], 2/λmax = 0.5259
	// α=0.5: converged=true after 149 steps, ‖w‖=2.7e-07
	// α=0.6: converged=false after 200 steps, ‖w‖=4.9e+21
}

// Linear regression by full-batch gradient descent lands on the
// least-squares solution.
func ExampleFitLinear() {
	X := [][]float64{{0}, {1}, {2}, {3}}
	y := []float64{1, 3, 5, 7} // y = 2x + 1
	res, err := fromscratch.FitLinear(X, y, fromscratch.Linear{W: []float64{0}}, fromscratch.FitConfig{LearningRate: 0.1, Epochs: 500})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("w = %.4f, b = %.4f, loss %.1f → below 1e-20: %v\n",
		res.Model.W[0], res.Model.B, res.History[0].Loss, res.History[res.Steps].Loss < 1e-20)
	// Output: w = 2.0000, b = 1.0000, loss 21.0 → below 1e-20: true
}
