package fromscratch_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// handLayer: z₀ = 1·2 − 2·1 + 0.5·(−4) + 0.5 = −1.5 and
// z₁ = 0.25·2 + 3·1 − 1·(−4) − 1 = 6.5 for x = (2, 1, −4).
func handLayer(act fromscratch.Activation) fromscratch.Dense {
	return fromscratch.Dense{
		W:   [][]float64{{1, -2, 0.5}, {0.25, 3, -1}},
		B:   []float64{0.5, -1},
		Act: act,
	}
}

var handX = []float64{2, 1, -4}

func TestDenseForwardByHand(t *testing.T) {
	tests := []struct {
		act   fromscratch.Activation
		wantA []float64
	}{
		{fromscratch.ActIdentity, []float64{-1.5, 6.5}},
		{fromscratch.ActReLU, []float64{0, 6.5}},
		{fromscratch.ActSigmoid, []float64{1 / (1 + math.Exp(1.5)), 1 / (1 + math.Exp(-6.5))}},
		{fromscratch.ActTanh, []float64{math.Tanh(-1.5), math.Tanh(6.5)}},
		// e^−1.5 / (e^−1.5 + e^6.5) = 1 / (1 + e^8)
		{fromscratch.ActSoftmax, []float64{1 / (1 + math.Exp(8)), 1 / (1 + math.Exp(-8))}},
	}
	for _, tc := range tests {
		t.Run(tc.act.String(), func(t *testing.T) {
			z, a, err := handLayer(tc.act).Forward(handX)
			if err != nil {
				t.Fatal(err)
			}
			assertSliceClose(t, "z", z, []float64{-1.5, 6.5}, 1e-15)
			assertSliceClose(t, "a", a, tc.wantA, 1e-15)
		})
	}
}

// TestMLPByHand feeds handLayer's ReLU output (0, 6.5) into a second layer
// with W = [[2, 0.5]], b = [−3]: z = 3.25 − 3 = 0.25, ŷ = σ(0.25).
func TestMLPByHand(t *testing.T) {
	m := fromscratch.MLP{Layers: []fromscratch.Dense{
		handLayer(fromscratch.ActReLU),
		{W: [][]float64{{2, 0.5}}, B: []float64{-3}, Act: fromscratch.ActSigmoid},
	}}
	trace, err := m.Trace(handX)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceClose(t, "layer 0 a", trace[0].A, []float64{0, 6.5}, 1e-15)
	assertSliceClose(t, "layer 1 z", trace[1].Z, []float64{0.25}, 1e-15)
	yHat, err := m.Forward(handX)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceClose(t, "ŷ", yHat, []float64{1 / (1 + math.Exp(-0.25))}, 1e-15)
	if got, want := m.Params(), (2*3+2)+(1*2+1); got != want {
		t.Errorf("Params = %d, want %d", got, want)
	}
	batch, err := m.ForwardBatch([][]float64{handX, {0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	// x = 0: z = b = (0.5, −1) → ReLU (0.5, 0) → z = 1 − 3 = −2.
	assertSliceClose(t, "ŷ for x = 0", batch[1], []float64{1 / (1 + math.Exp(2))}, 1e-15)
}

func TestDenseErrors(t *testing.T) {
	nanW := handLayer(fromscratch.ActReLU)
	nanW.W = [][]float64{{1, math.NaN(), 0}, {0, 0, 0}}
	tests := []struct {
		name  string
		layer fromscratch.Dense
		x     []float64
		want  string
	}{
		{"ragged W", fromscratch.Dense{W: [][]float64{{1, 2}, {3}}, B: []float64{0, 0}}, []float64{1, 2}, "W row 1 has 1 columns"},
		{"short b", fromscratch.Dense{W: [][]float64{{1, 2}}, B: nil}, []float64{1, 2}, "b has 0 values"},
		{"empty W", fromscratch.Dense{}, nil, "W is empty"},
		{"x length", handLayer(fromscratch.ActTanh), []float64{1, 2}, "x has 2 values, W is 2×3"},
		{"NaN weight", nanW, handX, "W[0][1] = NaN"},
		{"activation", handLayer(fromscratch.Activation(9)), handX, "unknown activation"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tc.layer.Forward(tc.x)
			assertErrorContains(t, err, tc.want)
		})
	}
	m := fromscratch.MLP{Layers: []fromscratch.Dense{handLayer(fromscratch.ActReLU), handLayer(fromscratch.ActReLU)}}
	_, err := m.Forward(handX)
	assertErrorContains(t, err, "layer 1") // layer 1 wants 3 inputs, gets 2
	_, err = fromscratch.MLP{}.Forward(handX)
	assertErrorContains(t, err, "no layers")
}

func TestNewDenseAndMLP(t *testing.T) {
	d1, err := fromscratch.NewDense(3, 4, fromscratch.ActTanh, 7)
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := fromscratch.NewDense(3, 4, fromscratch.ActTanh, 7)
	d3, _ := fromscratch.NewDense(3, 4, fromscratch.ActTanh, 8)
	limit := math.Sqrt(6.0 / 7)
	for j := range d1.W {
		for i, w := range d1.W[j] {
			if w != d2.W[j][i] {
				t.Fatalf("same seed, different W[%d][%d]: %g vs %g", j, i, w, d2.W[j][i])
			}
			if w == 0 || math.Abs(w) > limit {
				t.Errorf("W[%d][%d] = %g, want non-zero within ±%g", j, i, w, limit)
			}
		}
		if d1.B[j] == 0 || math.Abs(d1.B[j]) > 0.5 {
			t.Errorf("b[%d] = %g, want non-zero within ±0.5", j, d1.B[j])
		}
	}
	if d1.W[0][0] == d3.W[0][0] {
		t.Errorf("seeds 7 and 8 gave the same first weight %g", d1.W[0][0])
	}
	if out, in := d1.Shape(); out != 4 || in != 3 {
		t.Errorf("Shape = (%d, %d), want (4, 3)", out, in)
	}

	m, err := fromscratch.NewMLP([]int{3, 5, 2}, []fromscratch.Activation{fromscratch.ActReLU, fromscratch.ActSoftmax}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Params(); got != 3*5+5+5*2+2 {
		t.Errorf("Params = %d, want %d", got, 3*5+5+5*2+2)
	}
	yHat, err := m.Forward(handX)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "Σ softmax output", yHat[0]+yHat[1], 1, 1e-15)

	errTests := []struct {
		name string
		err  error
		want string
	}{
		{"dense size", second(fromscratch.NewDense(0, 2, fromscratch.ActReLU, 1)), "0 inputs"},
		{"dense act", second(fromscratch.NewDense(2, 2, fromscratch.Activation(-1), 1)), "unknown activation"},
		{"mlp sizes", second(fromscratch.NewMLP([]int{3}, nil, 1)), "at least an input and an output"},
		{"mlp acts", second(fromscratch.NewMLP([]int{3, 2}, nil, 1)), "but 0 activations"},
	}
	for _, tc := range errTests {
		t.Run(tc.name, func(t *testing.T) { assertErrorContains(t, tc.err, tc.want) })
	}
}

func second[T any](_ T, err error) error { return err }
