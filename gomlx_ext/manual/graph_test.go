package manual_test

import (
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/manual"
)

// TestExecGraphMatchesPlain: the GoMLX graph (GoMLX's own Dot and
// activations) and the plain-Go loops compute the same ŷ, for every
// activation, to float64 rounding.
func TestExecGraphMatchesPlain(t *testing.T) {
	b := testBackend(t)
	X := [][]float64{{0.5, -1.2, 2.0}, {-0.3, 0.8, 0.1}, {1.5, 1.5, -2.5}, {0, 0, 0}, {-2, 0.25, 0.75}}
	for _, hidden := range []manual.Activation{manual.ActIdentity, manual.ActSigmoid, manual.ActTanh, manual.ActReLU} {
		t.Run(hidden.String(), func(t *testing.T) {
			m, err := manual.NewMLP([]int{3, 6, 4}, []manual.Activation{hidden, manual.ActSoftmax}, 11)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := m.ForwardBatch(X)
			if err != nil {
				t.Fatal(err)
			}
			graphed, err := m.ExecGraph(b, X)
			if err != nil {
				t.Fatal(err)
			}
			if d := manual.MaxAbsDiff(plain, graphed); !(d <= 1e-14) {
				t.Errorf("max |plain − graph| = %g, want ≤ 1e-14", d)
			}
		})
	}
}

func TestExecGraphErrors(t *testing.T) {
	b := testBackend(t)
	good := handLayer(manual.ActReLU)
	tests := []struct {
		name string
		m    manual.MLP
		X    [][]float64
		want string
	}{
		{"layers do not fit", manual.MLP{Layers: []manual.Dense{good, good}}, [][]float64{handX}, "do not fit"},
		{"ragged X", manual.MLP{Layers: []manual.Dense{good}}, [][]float64{handX, {1}}, "X row 1 has 1 values"},
		{"empty X", manual.MLP{Layers: []manual.Dense{good}}, nil, "X is empty"},
		{"no layers", manual.MLP{}, [][]float64{handX}, "no layers"},
		{"bad layer", manual.MLP{Layers: []manual.Dense{{W: [][]float64{{1}}}}}, [][]float64{{1}}, "layer 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.m.ExecGraph(b, tc.X)
			assertErrorContains(t, err, tc.want)
		})
	}
}
