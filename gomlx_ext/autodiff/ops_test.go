package autodiff_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// TestOpsValueAndLocalDerivative checks every operation's value against math and its recorded
// local derivatives against central differences of that value.
func TestOpsValueAndLocalDerivative(t *testing.T) {
	unary := []struct {
		name string
		op   func(*autodiff.Value) *autodiff.Value
		f    func(float64) float64
		at   []float64
	}{
		{"Neg", (*autodiff.Value).Neg, func(x float64) float64 { return -x }, []float64{-1.5, 0.3}},
		{"Exp", (*autodiff.Value).Exp, math.Exp, []float64{-2, 0, 1.7}},
		{"Log", (*autodiff.Value).Log, math.Log, []float64{0.2, 1, 7}},
		{"Tanh", (*autodiff.Value).Tanh, math.Tanh, []float64{-3, -0.4, 0, 0.9}},
		{"ReLU", (*autodiff.Value).ReLU, func(x float64) float64 { return math.Max(x, 0) }, []float64{-2, -0.1, 0.1, 3}},
		{"Pow(2)", func(v *autodiff.Value) *autodiff.Value { return v.Pow(2) }, func(x float64) float64 { return x * x }, []float64{-1.3, 0, 2}},
		{"Pow(3)", func(v *autodiff.Value) *autodiff.Value { return v.Pow(3) }, func(x float64) float64 { return x * x * x }, []float64{-1.3, 2}},
		{"Pow(-1)", func(v *autodiff.Value) *autodiff.Value { return v.Pow(-1) }, func(x float64) float64 { return 1 / x }, []float64{-2, 0.5}},
		{"Pow(0.5)", func(v *autodiff.Value) *autodiff.Value { return v.Pow(0.5) }, math.Sqrt, []float64{0.3, 4}},
	}
	for _, tc := range unary {
		for _, x := range tc.at {
			a := autodiff.New(x, "a")
			y := tc.op(a)
			if got, want := y.Data, tc.f(x); math.Abs(got-want) > 1e-15*math.Max(1, math.Abs(want)) {
				t.Errorf("%s(%v) = %v, want %v", tc.name, x, got, want)
			}
			if len(y.Parents()) != 1 || y.Parents()[0] != a {
				t.Fatalf("%s: parents %v, want [a]", tc.name, y.Parents())
			}
			num := fromscratch.Derivative(tc.f, x, 0)
			if got := y.LocalGrads()[0]; math.Abs(got-num) > 1e-8*math.Max(1, math.Abs(num)) {
				t.Errorf("%s'(%v) = %v, central difference %v", tc.name, x, got, num)
			}
		}
	}
	binary := []struct {
		name string
		op   func(a, b *autodiff.Value) *autodiff.Value
		f    func(a, b float64) float64
	}{
		{"Add", (*autodiff.Value).Add, func(a, b float64) float64 { return a + b }},
		{"Sub", (*autodiff.Value).Sub, func(a, b float64) float64 { return a - b }},
		{"Mul", (*autodiff.Value).Mul, func(a, b float64) float64 { return a * b }},
		{"Div", (*autodiff.Value).Div, func(a, b float64) float64 { return a / b }},
		{"Sum", func(a, b *autodiff.Value) *autodiff.Value { return autodiff.Sum(a, b) }, func(a, b float64) float64 { return a + b }},
	}
	for _, tc := range binary {
		for _, ab := range [][2]float64{{2, -3}, {-0.5, 0.25}, {1.5, 4}} {
			a, b := autodiff.New(ab[0], "a"), autodiff.New(ab[1], "b")
			y := tc.op(a, b)
			if got, want := y.Data, tc.f(ab[0], ab[1]); got != want {
				t.Errorf("%s(%v, %v) = %v, want %v", tc.name, ab[0], ab[1], got, want)
			}
			num := fromscratch.NumericalGradient(func(w []float64) float64 { return tc.f(w[0], w[1]) }, ab[:], 0)
			for i := range 2 {
				if got := y.LocalGrads()[i]; math.Abs(got-num[i]) > 1e-8 {
					t.Errorf("%s(%v, %v): ∂/∂operand %d = %v, central difference %v", tc.name, ab[0], ab[1], i+1, got, num[i])
				}
			}
		}
	}
}

// TestReLUKinkConvention checks ReLU's derivative at 0 is 1, as fromscratch.ReLUDeriv has it.
func TestReLUKinkConvention(t *testing.T) {
	y := autodiff.New(0, "z").ReLU()
	if y.Data != 0 || y.LocalGrads()[0] != fromscratch.ReLUDeriv(0) {
		t.Errorf("ReLU(0) = %v with derivative %v, want 0 and %v", y.Data, y.LocalGrads()[0], fromscratch.ReLUDeriv(0))
	}
}

// TestPowZeroExponent checks a⁰ = 1 with derivative 0, also at a = 0.
func TestPowZeroExponent(t *testing.T) {
	for _, x := range []float64{0, -2, 3} {
		y := autodiff.New(x, "a").Pow(0)
		if y.Data != 1 || y.LocalGrads()[0] != 0 {
			t.Errorf("(%v)^0 = %v with derivative %v, want 1 and 0", x, y.Data, y.LocalGrads()[0])
		}
	}
}

func TestConstLabel(t *testing.T) {
	if c := autodiff.Const(0.5); c.Label != "0.5" || !c.IsLeaf() || c.Op() != "" {
		t.Errorf("Const(0.5) = %+v, want a leaf labelled 0.5", c)
	}
	a, b := autodiff.New(2, "a"), autodiff.New(3, "b")
	if got := a.Mul(b).String(); got != "(*)=6" {
		t.Errorf("String() = %q", got)
	}
	if got := a.String(); got != "a=2" {
		t.Errorf("String() = %q", got)
	}
}
