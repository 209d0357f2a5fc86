package fromscratch_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

func TestActivationValuesByHand(t *testing.T) {
	tests := []struct {
		name string
		f    func(float64) float64
		z    float64
		want float64
	}{
		{"sigmoid(0)", fromscratch.Sigmoid, 0, 0.5},
		{"sigmoid(ln 3)", fromscratch.Sigmoid, math.Log(3), 0.75}, // 1/(1 + 1/3)
		{"sigmoid(-ln 3)", fromscratch.Sigmoid, -math.Log(3), 0.25},
		{"sigmoid(800)", fromscratch.Sigmoid, 800, 1},
		{"sigmoid(-800)", fromscratch.Sigmoid, -800, 0}, // e^800 would overflow in the textbook form
		{"sigmoid'(0)", fromscratch.SigmoidDeriv, 0, 0.25},
		{"sigmoid'(ln 3)", fromscratch.SigmoidDeriv, math.Log(3), 0.75 * 0.25},
		{"tanh(ln 2)", fromscratch.Tanh, math.Log(2), 0.6}, // (2 − 1/2)/(2 + 1/2)
		{"tanh'(ln 2)", fromscratch.TanhDeriv, math.Log(2), 1 - 0.36},
		{"tanh'(0)", fromscratch.TanhDeriv, 0, 1},
		{"relu(-2)", fromscratch.ReLU, -2, 0},
		{"relu(1.5)", fromscratch.ReLU, 1.5, 1.5},
		{"relu'(-2)", fromscratch.ReLUDeriv, -2, 0},
		{"relu'(0)", fromscratch.ReLUDeriv, 0, 1}, // GoMLX's autodiff convention at the kink
		{"relu'(3)", fromscratch.ReLUDeriv, 3, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertClose(t, tc.name, tc.f(tc.z), tc.want, 1e-15)
		})
	}
}

// TestDerivativesMatchCentralDifferences: every hand-written derivative
// agrees with (f(z+h) − f(z−h))/2h, away from ReLU's kink at 0.
func TestDerivativesMatchCentralDifferences(t *testing.T) {
	points := []float64{-6, -2.5, -0.7, -0.1, 0.3, 1, 2.2, 5}
	for _, act := range []fromscratch.Activation{fromscratch.ActIdentity, fromscratch.ActSigmoid, fromscratch.ActTanh, fromscratch.ActReLU} {
		f, df, ok := act.Elementwise()
		if !ok {
			t.Fatalf("%s: Elementwise not ok", act)
		}
		for _, z := range points {
			numeric := fromscratch.Derivative(f, z, 0)
			if d := math.Abs(df(z) - numeric); d > 1e-9 {
				t.Errorf("%s'(%g) = %.12g, central difference %.12g (diff %.2g)", act, z, df(z), numeric, d)
			}
		}
	}
}

func TestSoftmax(t *testing.T) {
	tests := []struct {
		name string
		z    []float64
		want []float64
		tol  float64
	}{
		{"1:2:5", []float64{0, math.Log(2), math.Log(5)}, []float64{1. / 8, 2. / 8, 5. / 8}, 1e-15},
		// 1000 + ln 3 is stored to within half an ulp of 1000 (≈ 5.7e−14), which
		// moves the ratio by that much: the tolerance says so.
		{"shift invariant, huge", []float64{1000, 1000 + math.Log(3)}, []float64{0.25, 0.75}, 1e-13},
		{"uniform", []float64{-4, -4, -4, -4}, []float64{0.25, 0.25, 0.25, 0.25}, 1e-15},
		{"single", []float64{-7}, []float64{1}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertSliceClose(t, "softmax", fromscratch.Softmax(tc.z), tc.want, tc.tol)
		})
	}
	if got := fromscratch.Softmax(nil); len(got) != 0 {
		t.Errorf("Softmax(nil) = %v, want empty", got)
	}
}

// TestSoftmaxJacobian compares each column j of the Jacobian with the
// central difference of softmax along zⱼ, and checks that rows sum to 0
// (the outputs always sum to 1, so their changes cancel).
func TestSoftmaxJacobian(t *testing.T) {
	z := []float64{0.3, -1.2, 2.0, 0.7}
	jac := fromscratch.SoftmaxJacobian(z)
	for j := range z {
		for i := range z {
			component := func(v []float64) float64 { return fromscratch.Softmax(v)[i] }
			numeric := fromscratch.NumericalGradient(component, z, 0)[j]
			assertClose(t, "∂softmax_i/∂z_j", jac[i][j], numeric, 1e-10)
		}
	}
	for _, row := range jac {
		var sum float64
		for _, v := range row {
			sum += v
		}
		assertClose(t, "row sum of the softmax Jacobian", sum, 0, 1e-15)
	}
}

func TestActivationApply(t *testing.T) {
	z := []float64{-1, 0.5, 2}
	tests := []struct {
		act  fromscratch.Activation
		want []float64
	}{
		{fromscratch.ActIdentity, z},
		{fromscratch.ActReLU, []float64{0, 0.5, 2}},
		{fromscratch.ActSigmoid, []float64{fromscratch.Sigmoid(-1), fromscratch.Sigmoid(0.5), fromscratch.Sigmoid(2)}},
		{fromscratch.ActTanh, []float64{math.Tanh(-1), math.Tanh(0.5), math.Tanh(2)}},
		{fromscratch.ActSoftmax, fromscratch.Softmax(z)},
	}
	for _, tc := range tests {
		t.Run(tc.act.String(), func(t *testing.T) {
			got, err := tc.act.Apply(z)
			if err != nil {
				t.Fatal(err)
			}
			assertSliceClose(t, tc.act.String(), got, tc.want, 0)
		})
	}
	_, err := fromscratch.Activation(42).Apply(z)
	assertErrorContains(t, err, "unknown activation Activation(42)")
	if _, _, ok := fromscratch.ActSoftmax.Elementwise(); ok {
		t.Error("softmax claims to be elementwise")
	}
}
