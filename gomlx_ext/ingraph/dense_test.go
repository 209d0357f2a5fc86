package ingraph_test

import (
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/ingraph"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// TestExecMLPMatchesPlain: the GoMLX graph (GoMLX's own Dot and
// activations) and the plain-Go loops compute the same ŷ, for every
// activation, to float64 rounding.
func TestExecMLPMatchesPlain(t *testing.T) {
	b := testBackend(t)
	X := [][]float64{{0.5, -1.2, 2.0}, {-0.3, 0.8, 0.1}, {1.5, 1.5, -2.5}, {0, 0, 0}, {-2, 0.25, 0.75}}
	for _, hidden := range []fromscratch.Activation{fromscratch.ActIdentity, fromscratch.ActSigmoid, fromscratch.ActTanh, fromscratch.ActReLU} {
		t.Run(hidden.String(), func(t *testing.T) {
			m, err := fromscratch.NewMLP([]int{3, 6, 4}, []fromscratch.Activation{hidden, fromscratch.ActSoftmax}, 11)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := m.ForwardBatch(X)
			if err != nil {
				t.Fatal(err)
			}
			graphed, err := ingraph.ExecMLP(b, m, X)
			if err != nil {
				t.Fatal(err)
			}
			if d := fromscratch.MaxAbsDiff(plain, graphed); !(d <= 1e-14) {
				t.Errorf("max |plain − graph| = %g, want ≤ 1e-14", d)
			}
		})
	}
}

func TestExecMLPErrors(t *testing.T) {
	b := testBackend(t)
	good := handLayer(fromscratch.ActReLU)
	tests := []struct {
		name string
		m    fromscratch.MLP
		X    [][]float64
		want string
	}{
		{"layers do not fit", fromscratch.MLP{Layers: []fromscratch.Dense{good, good}}, [][]float64{handX}, "do not fit"},
		{"ragged X", fromscratch.MLP{Layers: []fromscratch.Dense{good}}, [][]float64{handX, {1}}, "X row 1 has 1 columns"},
		{"empty X", fromscratch.MLP{Layers: []fromscratch.Dense{good}}, nil, "X is empty"},
		{"no layers", fromscratch.MLP{}, [][]float64{handX}, "no layers"},
		{"bad layer", fromscratch.MLP{Layers: []fromscratch.Dense{{W: [][]float64{{1}}}}}, [][]float64{{1}}, "layer 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ingraph.ExecMLP(b, tc.m, tc.X)
			assertErrorContains(t, err, tc.want)
		})
	}
}

// handLayer is a 3→2 layer with weights small enough to check by hand.
func handLayer(act fromscratch.Activation) fromscratch.Dense {
	return fromscratch.Dense{
		W:   [][]float64{{1, -2, 0.5}, {0.25, 3, -1}},
		B:   []float64{0.5, -1},
		Act: act,
	}
}

var handX = []float64{2, 1, -4}

func assertErrorContains(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want one containing %q", err, want)
	}
}
