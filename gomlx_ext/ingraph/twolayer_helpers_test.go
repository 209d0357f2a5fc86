package ingraph_test

import (
	"math/rand/v2"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// shape is one network and batch size of the table-driven tests.
type shape struct {
	name            string
	in, hidden, out int
	n               int
	act             fromscratch.Activation
}

var shapes = []shape{
	{name: "1-1-2 n1 tanh", in: 1, hidden: 1, out: 2, n: 1, act: fromscratch.ActTanh},
	{name: "3-4-2 n5 relu", in: 3, hidden: 4, out: 2, n: 5, act: fromscratch.ActReLU},
	{name: "6-5-3 n8 tanh", in: 6, hidden: 5, out: 3, n: 8, act: fromscratch.ActTanh},
	{name: "10-16-4 n7 relu", in: 10, hidden: 16, out: 4, n: 7, act: fromscratch.ActReLU},
	{name: "2-3-10 n12 relu", in: 2, hidden: 3, out: 10, n: 12, act: fromscratch.ActReLU},
}

// randomProblem returns non-trivial weights and a random batch for s:
// inputs ~ N(0, 1), labels uniform over the classes.
func randomProblem(t *testing.T, s shape, seed uint64) (*fromscratch.TwoLayer, [][]float64, []int) {
	t.Helper()
	p, err := fromscratch.RandomTwoLayer(s.in, s.hidden, s.out, seed)
	if err != nil {
		t.Fatalf("RandomParams: %v", err)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	X := make([][]float64, s.n)
	labels := make([]int, s.n)
	for i := range X {
		X[i] = make([]float64, s.in)
		for k := range X[i] {
			X[i][k] = rng.NormFloat64()
		}
		labels[i] = rng.IntN(s.out)
	}
	return p, X, labels
}

// pixelsOf flattens X into float32 pixels and labels into int32, the layout
// SGDTrainer.Step takes.
func pixelsOf(X [][]float64, labels []int) ([]float32, []int32) {
	var pixels []float32
	for _, row := range X {
		for _, v := range row {
			pixels = append(pixels, float32(v))
		}
	}
	y := make([]int32, len(labels))
	for i, l := range labels {
		y[i] = int32(l)
	}
	return pixels, y
}
