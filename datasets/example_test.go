package datasets_test

import (
	"fmt"
	"log"

	"github.com/deepnb/deepnb/datasets"
)

// Load MNIST from the Go module cache, normalise it with the training set's
// statistics and hold out a stratified validation set.
func ExampleLoadMNISTDefault() {
	train, test, err := datasets.LoadMNISTDefault()
	if err != nil {
		log.Fatal(err)
	}
	mean, std := datasets.ComputeMeanStd(train)
	train, err = train.Normalize(mean, std)
	if err != nil {
		log.Fatal(err)
	}
	train, val, err := datasets.TrainValidationSplit(train, 1.0/6, 42, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("mean %.4f, std %.4f\n", mean, std)
	fmt.Printf("%s: %d, %s: %d, %s: %d\n", train.Name, train.N, val.Name, val.N, test.Name, test.N)
	fmt.Println("first label:", train.ClassNames[train.Labels[0]])
	// Output:
	// mean 0.1307, std 0.3081
	// MNIST train (train split): 50000, MNIST train (validation split): 10000, MNIST test: 10000
	// first label: 5
}

// Batches for training: shuffled, fixed shape, augmented with small shifts
// and rotations (no flips: a mirrored digit is not a digit).
func ExampleNewBatches() {
	train, _, err := datasets.LoadMNISTDefault()
	if err != nil {
		log.Fatal(err)
	}
	aug, err := datasets.NewAugmenter(datasets.AugmentConfig{MaxShift: 2, MaxRotationDegrees: 10})
	if err != nil {
		log.Fatal(err)
	}
	batches, err := datasets.NewBatches(train, datasets.BatchConfig{
		BatchSize: 128, Shuffle: true, Seed: 1, DropIncomplete: true, Augment: aug.Apply,
	})
	if err != nil {
		log.Fatal(err)
	}
	_, inputs, labels, err := batches.Yield()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(batches.Name(), batches.BatchesPerEpoch(), "batches per epoch")
	fmt.Println("inputs:", inputs[0].Shape(), "labels:", labels[0].Shape())
	// Output:
	// MNIST train 468 batches per epoch
	// inputs: (Float32)[128 28 28 1] labels: (Int32)[128 1]
}

// Two interleaved spirals: the data set a linear classifier cannot separate.
func ExampleSpirals() {
	X, y, err := datasets.Spirals(6, 2, 0, 1)
	if err != nil {
		log.Fatal(err)
	}
	for i := range X {
		fmt.Printf("(%+.2f, %+.2f) class %d\n", X[i][0], X[i][1], y[i])
	}
	// Output:
	// (+0.00, +0.00) class 0
	// (-0.00, +0.00) class 1
	// (-0.21, +0.45) class 0
	// (+0.21, -0.45) class 1
	// (-0.65, -0.76) class 0
	// (+0.65, +0.76) class 1
}
