package metrics_test

import (
	"fmt"
	"log"

	"github.com/deepnb/deepnb/gomlx_ext/metrics"
)

// Score logits of a 3-class model, as notebooks/10_evaluate_mnist_cnn.ipynb
// does for the MNIST test set.
func ExampleNewReport() {
	logits := []float32{ // [5 examples, 3 classes]
		2.0, 0.1, -1.0,
		0.3, 1.5, 0.2,
		0.1, 0.2, 3.0,
		1.2, 0.4, 0.9,
		0.0, 0.1, 2.2,
	}
	yTrue := []int32{0, 1, 2, 1, 1}
	yPred := metrics.ArgMax(logits, 3)
	report, err := metrics.NewReport(yTrue, yPred, 3, []string{"cat", "dog", "bird"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("predictions:", yPred)
	fmt.Print(report)
	// Output:
	// predictions: [0 1 2 0 2]
	// class         precision  recall      f1  support
	// cat              0.5000  1.0000  0.6667        1
	// dog              1.0000  0.3333  0.5000        3
	// bird             0.5000  1.0000  0.6667        1
	// macro avg        0.6667  0.7778  0.6111        5
	// weighted avg     0.8000  0.6000  0.5667        5
	// accuracy                         0.6000        5  95% CI [0.2307, 0.8824]
}
