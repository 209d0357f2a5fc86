package autodiff_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// sin is an operation the package lacks, made with Primitive: d sin a/da = cos a.
func sin(a *autodiff.Value) *autodiff.Value {
	return autodiff.Primitive("sin", math.Sin(a.Data), []*autodiff.Value{a}, []float64{math.Cos(a.Data)})
}

// TestPrimitiveGradientMatchesFiniteDifferences builds sin(x·y) + sin(x)² from a Primitive
// and the package's operations, and compares Backward with central differences.
func TestPrimitiveGradientMatchesFiniteDifferences(t *testing.T) {
	f := func(x, y *autodiff.Value) *autodiff.Value { return sin(x.Mul(y)).Add(sin(x).Pow(2)) }
	for _, at := range [][2]float64{{0.3, -1.2}, {2.5, 0.7}, {-1.9, 3.1}} {
		x, y := autodiff.New(at[0], "x"), autodiff.New(at[1], "y")
		root := f(x, y)
		root.Backward()
		num := fromscratch.NumericalGradient(func(p []float64) float64 {
			return f(autodiff.New(p[0], ""), autodiff.New(p[1], "")).Data
		}, at[:], 0)
		// By hand: ∂/∂x = y·cos(xy) + 2 sin x cos x, ∂/∂y = x·cos(xy).
		hand := []float64{at[1]*math.Cos(at[0]*at[1]) + math.Sin(2*at[0]), at[0] * math.Cos(at[0]*at[1])}
		for i, g := range []float64{x.Grad, y.Grad} {
			if d := math.Abs(g - num[i]); d > 1e-9 {
				t.Errorf("at %v, leaf %d: Backward %v, central difference %v (diff %.2g)", at, i, g, num[i], d)
			}
			if d := math.Abs(g - hand[i]); d > 1e-14 {
				t.Errorf("at %v, leaf %d: Backward %v, by hand %v (diff %.2g)", at, i, g, hand[i], d)
			}
		}
	}
}

// TestPrimitiveCopiesAndDraws checks a Primitive keeps its own copies of parents and
// derivatives, with three operands (past the inline storage), and carries its op name.
func TestPrimitiveCopiesAndDraws(t *testing.T) {
	a, b, c := autodiff.New(1, "a"), autodiff.New(2, "b"), autodiff.New(3, "c")
	parents, local := []*autodiff.Value{a, b, c}, []float64{2 * 3, 1 * 3, 1 * 2}
	abc := autodiff.Primitive("prod3", 6, parents, local)
	parents[0], local[0] = c, 100 // must not reach the node
	abc.Backward()
	if a.Grad != 6 || b.Grad != 3 || c.Grad != 2 || abc.Op() != "prod3" {
		t.Errorf("grads %v %v %v, op %q: want 6 3 2 and prod3", a.Grad, b.Grad, c.Grad, abc.Op())
	}
	text, err := autodiff.DOT(abc)
	if err != nil || !strings.Contains(text, `"prod3"`) {
		t.Errorf("DOT does not show the op: %v\n%s", err, text)
	}
}

// TestPrimitiveMisuse checks the misuse panics name the operation.
func TestPrimitiveMisuse(t *testing.T) {
	x := autodiff.New(1, "x")
	for _, tc := range []struct {
		name string
		do   func()
		want string
	}{
		{"no operands", func() { autodiff.Primitive("f", 1, nil, nil) }, "no operands"},
		{"nil operand", func() { autodiff.Primitive("f", 1, []*autodiff.Value{x, nil}, []float64{1, 1}) }, "operand 2 of 2 is nil"},
		{"lengths differ", func() { autodiff.Primitive("f", 1, []*autodiff.Value{x}, []float64{1, 2}) }, "2 local derivatives for 1 operands"},
		{"NaN result", func() { autodiff.Primitive("f", math.NaN(), []*autodiff.Value{x}, []float64{1}) }, "not finite"},
		{"Inf derivative", func() { autodiff.Primitive("f", 1, []*autodiff.Value{x}, []float64{math.Inf(-1)}) }, "-Inf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				err, _ := recover().(error)
				var ae *autodiff.Error
				if !errors.As(err, &ae) || ae.Op != "f" || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("panicked with %v, want an *autodiff.Error for op f saying %q", err, tc.want)
				}
			}()
			tc.do()
		})
	}
}

// TestTopologicalOrderRecursiveSameOrder checks the recursive textbook form gives exactly the
// order of TopologicalOrder on random expressions with shared nodes.
func TestTopologicalOrderRecursiveSameOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for trial := range 100 {
		leaves := make([]*autodiff.Value, 4)
		for i := range leaves {
			leaves[i] = autodiff.New(rng.Float64()*4-2, "")
		}
		root := randomExpr(rng, 6, len(leaves))(leaves)
		a, b := autodiff.TopologicalOrder(root), autodiff.TopologicalOrderRecursive(root)
		if len(a) != len(b) {
			t.Fatalf("trial %d: %d nodes iteratively, %d recursively", trial, len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("trial %d: orders differ at position %d of %d: %v vs %v", trial, i, len(a), a[i], b[i])
			}
		}
	}
	defer func() {
		var ae *autodiff.Error
		if err, _ := recover().(error); !errors.As(err, &ae) {
			t.Errorf("nil root: panicked with %v, want an *autodiff.Error", err)
		}
	}()
	autodiff.TopologicalOrderRecursive(nil)
}
