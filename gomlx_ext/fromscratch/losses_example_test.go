package fromscratch_test

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// Softmax-then-log overflows on large logits; the log-softmax form does not.
func ExampleCrossEntropyLogits() {
	logits := [][]float64{{1000, 0}}
	y := [][]float64{{0, 1}} // the true class is the one with logit 0
	naive, _ := fromscratch.NaiveCrossEntropyLogits(logits, y)
	stable, _ := fromscratch.CrossEntropyLogits(logits, y)
	fmt.Printf("naive:  %v\nstable: %v\n", naive, stable)
	// Output:
	// naive:  NaN
	// stable: 1000
}

func ExampleMSE() {
	mse, err := fromscratch.MSE([]float64{2.5, 0, 2}, []float64{3, -0.5, 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", mse) // (0.25 + 0.25 + 0) / 3
	// Output: 0.1667
}
