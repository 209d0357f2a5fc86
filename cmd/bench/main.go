// Command bench measures DeepNB's training and inference speed on MNIST and compares it with a
// peer framework's numbers measured the same way (scripts/bench/torch_peer.py).
//
//	go run ./cmd/bench -models cnn,mlp -out build/bench/deepnb.json
//	go run ./cmd/bench compare build/bench/deepnb-1.json build/bench/torch-1.json ...
//
// For each model it reports steady-state training examples/s (after warm-up steps, which include
// compilation), inference examples/s, the process's peak RSS, and the wall time until the test
// accuracy first reaches the target (evaluations every half epoch included). `make bench` runs
// DeepNB and PyTorch alternately and prints the ratios.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	var err error
	if len(os.Args) > 1 && os.Args[1] == "compare" {
		err = compare(os.Args[2:], os.Stdout)
	} else {
		err = runBench(os.Args[1:], os.Stdout)
	}
	if err != nil {
		line, _, _ := strings.Cut(err.Error(), "\n")
		fmt.Fprintln(os.Stderr, "bench: "+line)
		os.Exit(1)
	}
}
