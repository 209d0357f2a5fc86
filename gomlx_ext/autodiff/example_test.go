package autodiff_test

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
)

// The gradient of L = tanh(x·w + b) with respect to each leaf.
func ExampleValue_Backward() {
	x, w, b := autodiff.New(2, "x"), autodiff.New(-0.5, "w"), autodiff.New(0.3, "b")
	L := x.Mul(w).Add(b).Tanh()
	L.Backward()
	fmt.Printf("L = %.4f\n", L.Data)
	fmt.Printf("dL/dx = %.4f, dL/dw = %.4f, dL/db = %.4f\n", x.Grad, w.Grad, b.Grad)
	// Output:
	// L = -0.6044
	// dL/dx = -0.3174, dL/dw = 1.2695, dL/db = 0.6347
}
