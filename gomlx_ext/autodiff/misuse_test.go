package autodiff_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
)

// TestMisusePanicsNameTheProblem checks every misuse panics with an *autodiff.Error whose Op
// and message say what went wrong and name the operands.
func TestMisusePanicsNameTheProblem(t *testing.T) {
	x := autodiff.New(2, "x")
	zero := autodiff.New(0, "z")
	var null *autodiff.Value
	for _, tc := range []struct {
		name string
		do   func()
		op   string
		want []string
	}{
		{"nil second operand", func() { x.Add(null) }, "Add", []string{"operand 2 of 2 is nil"}},
		{"nil receiver", func() { null.Mul(x) }, "Mul", []string{"operand 1 of 2 is nil"}},
		{"nil unary", func() { null.Tanh() }, "Tanh", []string{"operand 1 of 1 is nil"}},
		{"NaN leaf", func() { autodiff.New(math.NaN(), "w") }, "New", []string{`leaf "w"`, "NaN", "not finite"}},
		{"Inf leaf", func() { autodiff.New(math.Inf(1), "w") }, "New", []string{"+Inf"}},
		{"log of 0", func() { zero.Log() }, "Log", []string{`"z" (0)`, "must be > 0"}},
		{"log of negative", func() { x.Neg().Log() }, "Log", []string{"the result of neg (-2)", "> 0"}},
		{"division by 0", func() { x.Div(zero) }, "Div", []string{`divisor "z" (0) is 0`, `dividend "x" (2)`}},
		{"fractional power of negative", func() { x.Neg().Pow(0.5) }, "Pow", []string{"negative base", "0.5"}},
		{"0 to a negative power", func() { zero.Pow(-1) }, "Pow", []string{`"z" (0)`, "no finite derivative"}},
		{"NaN exponent", func() { x.Pow(math.NaN()) }, "Pow", []string{"exponent NaN"}},
		{"overflow", func() { autodiff.New(1000, "big").Exp() }, "Exp", []string{"+Inf is not finite", `"big" (1000)`}},
		{"empty sum", func() { autodiff.Sum() }, "Sum", []string{"no operands"}},
		{"nil in sum", func() { autodiff.Sum(x, null) }, "Sum", []string{"operand 2 of 2 is nil"}},
		{"backward of nil", func() { null.Backward() }, "Backward", []string{"root is nil"}},
		{"order of nil", func() { autodiff.TopologicalOrder(nil) }, "TopologicalOrder", []string{"root is nil"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("did not panic")
				}
				err, ok := r.(error)
				var ae *autodiff.Error
				if !ok || !errors.As(err, &ae) {
					t.Fatalf("panicked with %T %v, want *autodiff.Error", r, r)
				}
				if ae.Op != tc.op {
					t.Errorf("Op = %q, want %q (%v)", ae.Op, tc.op, err)
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%q does not say %q", err.Error(), w)
					}
				}
				if !strings.HasPrefix(err.Error(), "autodiff: ") {
					t.Errorf("%q does not start with the package name", err.Error())
				}
			}()
			tc.do()
		})
	}
}

// TestMatrixErrors checks the matrix helpers name what is wrong instead of panicking.
func TestMatrixErrors(t *testing.T) {
	W, _ := autodiff.Matrix([][]float64{{1, 2}, {3, 4}}, "W")
	b, _ := autodiff.Vector([]float64{0, 0}, "b")
	X3, _ := autodiff.Matrix([][]float64{{1, 2, 3}}, "X")
	for _, tc := range []struct {
		name string
		do   func() error
		want string
	}{
		{"empty matrix", func() error { _, err := autodiff.Matrix(nil, "W"); return err }, `Matrix "W": empty`},
		{"ragged matrix", func() error { _, err := autodiff.Matrix([][]float64{{1, 2}, {3}}, "W"); return err }, "row 1 has 1 entries, row 0 has 2"},
		{"NaN entry", func() error { _, err := autodiff.Matrix([][]float64{{1, math.NaN()}}, "X"); return err }, "entry [0,1] is NaN"},
		{"empty vector", func() error { _, err := autodiff.Vector(nil, "b"); return err }, `Vector "b": empty`},
		{"Inf in vector", func() error { _, err := autodiff.Vector([]float64{math.Inf(-1)}, "b"); return err }, "entry 0 is -Inf"},
		{"X columns vs W rows", func() error { _, err := autodiff.Dense(X3, W, b); return err }, "X row 0 has 3 entries, W has 2 rows"},
		{"b vs W columns", func() error { _, err := autodiff.Dense(W, W, b[:1]); return err }, "b has 1 entries, W has 2 columns"},
		{"label out of range", func() error { _, err := autodiff.SoftmaxCrossEntropy(W, []int{0, 2}); return err }, "label 2 of row 1 is outside [0, 2)"},
		{"label count", func() error { _, err := autodiff.SoftmaxCrossEntropy(W, []int{0}); return err }, "1 labels for 2 rows"},
		{"MLP sizes", func() error { _, err := autodiff.NewMLP([]int{2}, (*autodiff.Value).Tanh, 1); return err }, "at least an input and an output size"},
		{"MLP zero size", func() error { _, err := autodiff.NewMLP([]int{2, 0, 1}, (*autodiff.Value).Tanh, 1); return err }, "size 0 of layer 1"},
		{"MLP nil activation", func() error { _, err := autodiff.NewMLP([]int{2, 1}, nil, 1); return err }, "hidden activation is nil"},
		{"MLP input size", func() error {
			m, _ := autodiff.NewMLP([]int{2, 3, 2}, (*autodiff.Value).Tanh, 1)
			_, err := m.Forward([][]float64{{1, 2}, {1, 2, 3}})
			return err
		}, "example 1 has 3 features, the MLP takes 2"},
		{"DOT of nil", func() error { _, err := autodiff.DOT(nil); return err }, "root is nil"},
	} {
		err := tc.do()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
