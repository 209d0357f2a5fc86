// Command bench measures DeepNB's training and inference speed on MNIST and compares it with a
// peer framework's numbers measured the same way (scripts/bench/torch_peer.py).
//
//	go run ./cmd/bench -models cnn,mlp -out build/bench/deepnb.json
//	go run ./cmd/bench compare build/bench/deepnb-1.json build/bench/torch-1.json ...
//	go run ./cmd/bench mnist-dir    # where the MNIST files are, for the peer script
//
// For each model it reports steady-state training examples/s (after warm-up steps, which include
// compilation), inference examples/s, the process's peak RSS, and the wall time until the test
// accuracy first reaches the target (evaluations every half epoch included). `make bench` runs
// DeepNB and PyTorch alternately and prints the ratios.
package main

import (
	"fmt"

	"github.com/deepnb/deepnb/datasets"
	"os"
	"strings"
)

func main() {
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "compare":
		err = compare(os.Args[2:], os.Stdout)
	case len(os.Args) > 1 && os.Args[1] == "mnist-dir":
		// For the peer script: the same MNIST files DeepNB reads.
		var dir string
		if dir, err = datasets.MNISTDir(); err == nil {
			fmt.Println(dir)
		}
	default:
		err = runBench(os.Args[1:], os.Stdout)
	}
	if err != nil {
		line, _, _ := strings.Cut(err.Error(), "\n")
		fmt.Fprintln(os.Stderr, "bench: "+line)
		os.Exit(1)
	}
}
