// Command train trains DeepNB's MNIST models without Jupyter: the same packages and the same
// training loop as notebooks/01_mnist_cnn.ipynb, driven by flags.
//
//	go run ./cmd/train -epochs 2 -batch 128 -out runs/mnist
//
// It prints the backend, seed and progress, then writes metrics.json (history, test accuracy, wall
// time, throughput, peak memory) and curves.png into the output directory. Any error is one line on
// stderr and a non-zero exit code.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fail(2, err)
	}
	if err := run(opts, os.Stdout); err != nil {
		fail(1, err)
	}
}

// fail prints err's first line (GoMLX errors can carry stack traces) and exits.
func fail(code int, err error) {
	line, _, _ := strings.Cut(err.Error(), "\n")
	fmt.Fprintln(os.Stderr, "train: "+line)
	os.Exit(code)
}

// options are the command's flags.
type options struct {
	model      string
	epochs     int
	batchSize  int
	lr         float64
	seed       uint64
	dataDir    string
	outDir     string
	trainLimit int
	minAcc     float64
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.model, "model", "cnn", "model: cnn (the seed's Conv2D-MaxPool-Dense network) or mlp (784-128-10)")
	fs.IntVar(&o.epochs, "epochs", 2, "passes over the training set")
	fs.IntVar(&o.batchSize, "batch", 128, "training batch size")
	fs.Float64Var(&o.lr, "lr", 1e-3, "Adam learning rate")
	fs.Uint64Var(&o.seed, "seed", 42, "seed for weights and data order")
	fs.StringVar(&o.dataDir, "data", "", "directory with the four MNIST IDX .gz files (default: $DEEPNB_MNIST_DIR, else the copy bundled with the Go module cache)")
	fs.StringVar(&o.outDir, "out", "runs/train", "output directory for metrics.json and curves.png")
	fs.IntVar(&o.trainLimit, "train-limit", 0, "use only the first N training images (0: all), for quick runs")
	fs.Float64Var(&o.minAcc, "min-accuracy", 0, "exit with an error if the final test accuracy is below this")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case o.model != "cnn" && o.model != "mlp":
		return o, fmt.Errorf("-model %q: want cnn or mlp", o.model)
	case o.epochs <= 0:
		return o, fmt.Errorf("-epochs %d: must be positive", o.epochs)
	case o.batchSize <= 0:
		return o, fmt.Errorf("-batch %d: must be positive", o.batchSize)
	case !(o.lr > 0) || o.lr > 10:
		return o, fmt.Errorf("-lr %g: must be in (0, 10]", o.lr)
	case o.trainLimit < 0:
		return o, fmt.Errorf("-train-limit %d: must not be negative", o.trainLimit)
	case o.minAcc < 0 || o.minAcc > 1:
		return o, fmt.Errorf("-min-accuracy %g: must be in [0, 1]", o.minAcc)
	case o.outDir == "":
		return o, errors.New("-out must not be empty")
	}
	return o, nil
}
