package autodiff_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// TestNodeUsedTwiceAccumulates checks the multivariable chain rule: a node used by two others
// (or twice by one) receives the sum of their contributions.
func TestNodeUsedTwiceAccumulates(t *testing.T) {
	x := autodiff.New(3, "x")
	sq := x.Mul(x) // x used twice by one node: d(x²)/dx = 2x
	sq.Backward()
	if x.Grad != 6 {
		t.Errorf("d(x·x)/dx at 3 = %v, want 6", x.Grad)
	}

	// a = x + y is used by both b = a·a and c = tanh(a); L = b + c.
	x, y := autodiff.New(0.5, "x"), autodiff.New(-0.2, "y")
	a := x.Add(y)
	L := a.Mul(a).Add(a.Tanh())
	L.Backward()
	av := 0.3
	want := 2*av + (1 - math.Tanh(av)*math.Tanh(av))
	if math.Abs(a.Grad-want) > 1e-15 || x.Grad != a.Grad || y.Grad != a.Grad {
		t.Errorf("dL/da = %v, dL/dx = %v, dL/dy = %v, want all %v", a.Grad, x.Grad, y.Grad, want)
	}

	// Sum with a repeated operand counts it once per occurrence.
	s := autodiff.Sum(x, x, x, y)
	s.Backward()
	if x.Grad != 3 || y.Grad != 1 {
		t.Errorf("d(x+x+x+y): dx = %v, dy = %v, want 3 and 1", x.Grad, y.Grad)
	}
}

// TestBackwardTwiceSameGradients checks Backward zeroes old gradients first, also those left
// by a different graph sharing the same leaves.
func TestBackwardTwiceSameGradients(t *testing.T) {
	w := autodiff.New(1.5, "w")
	other := w.Mul(autodiff.Const(100))
	other.Backward()
	L := w.Pow(2)
	L.Backward()
	first := w.Grad
	L.Backward()
	if first != 3 || w.Grad != 3 {
		t.Errorf("gradients %v then %v, want 3 both times", first, w.Grad)
	}
}

// TestTopologicalOrder checks each node appears once, after its parents, root last.
func TestTopologicalOrder(t *testing.T) {
	a, b := autodiff.New(1, "a"), autodiff.New(2, "b")
	c := a.Mul(b)
	d := c.Add(a)
	e := d.Mul(c).Tanh()
	order := autodiff.TopologicalOrder(e)
	if len(order) != 6 || order[len(order)-1] != e {
		t.Fatalf("order %v: want 6 nodes ending with the root", order)
	}
	pos := map[*autodiff.Value]int{}
	for i, v := range order {
		if _, dup := pos[v]; dup {
			t.Fatalf("%v appears twice", v)
		}
		pos[v] = i
	}
	for _, v := range order {
		for _, p := range v.Parents() {
			if pos[p] >= pos[v] {
				t.Errorf("%v comes before its parent %v", v, p)
			}
		}
	}
}

// TestDeepChain checks a graph 200,000 nodes deep needs no deep recursion and gets the
// right gradient.
func TestDeepChain(t *testing.T) {
	x := autodiff.New(1, "x")
	v := x
	const n = 200000
	for range n {
		v = v.Add(x)
	}
	v.Backward()
	if x.Grad != n+1 || v.Data != n+1 {
		t.Errorf("x + x + … (%d times): value %v, gradient %v, want %d both", n+1, v.Data, x.Grad, n+1)
	}
}

// expr is a random expression over leaves: build evaluates it as a graph on the given leaves.
type expr func(leaves []*autodiff.Value) *autodiff.Value

// randomExpr draws an expression of the given depth. Every operation's argument is kept in its
// domain (Log of 1 + u², Div by 1 + u², Exp of tanh u), and shared sub-expressions appear so
// that nodes are used more than once.
func randomExpr(rng *rand.Rand, depth, leaves int) expr {
	if depth == 0 || rng.IntN(5) == 0 {
		i := rng.IntN(leaves)
		return func(l []*autodiff.Value) *autodiff.Value { return l[i] }
	}
	u := randomExpr(rng, depth-1, leaves)
	w := randomExpr(rng, depth-1, leaves)
	one := func() *autodiff.Value { return autodiff.Const(1) }
	positive := func(v *autodiff.Value) *autodiff.Value { return one().Add(v.Mul(v)) } // 1 + v²
	switch rng.IntN(12) {
	case 0:
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).Add(w(l)) }
	case 1:
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).Sub(w(l)) }
	case 2:
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).Mul(w(l)) }
	case 3:
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).Div(positive(w(l))) }
	case 4:
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).Neg() }
	case 5:
		k := float64(rng.IntN(3) + 2)
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).Tanh().Pow(k) }
	case 6:
		return func(l []*autodiff.Value) *autodiff.Value { return positive(u(l)).Pow(0.5) }
	case 7:
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).Tanh().Exp() }
	case 8:
		return func(l []*autodiff.Value) *autodiff.Value { return positive(u(l)).Log() }
	case 9:
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).Tanh() }
	case 10:
		return func(l []*autodiff.Value) *autodiff.Value { return u(l).ReLU() }
	default: // a shared node: s used twice
		return func(l []*autodiff.Value) *autodiff.Value {
			s := u(l).Tanh()
			return autodiff.Sum(s, s.Mul(w(l)), s)
		}
	}
}

// reluNearKink reports whether some ReLU in the graph has an input within 1e-4 of 0, where a
// central difference straddles the kink.
func reluNearKink(root *autodiff.Value) bool {
	for _, v := range autodiff.TopologicalOrder(root) {
		if v.Op() == "relu" && math.Abs(v.Parents()[0].Data) < 1e-4 {
			return true
		}
	}
	return false
}

// TestRandomExpressionsMatchFiniteDifferences compares Backward with central differences
// (fromscratch.NumericalGradient) on 300 random expressions of 4 leaves.
func TestRandomExpressionsMatchFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	checked, worst := 0, 0.0
	for trial := range 300 {
		e := randomExpr(rng, 5, 4)
		w := make([]float64, 4)
		for i := range w {
			w[i] = rng.Float64()*4 - 2
		}
		leaves := make([]*autodiff.Value, len(w))
		for i, x := range w {
			leaves[i] = autodiff.New(x, fmt.Sprintf("x%d", i))
		}
		root := e(leaves)
		if reluNearKink(root) {
			continue
		}
		root.Backward()
		num := fromscratch.NumericalGradient(func(p []float64) float64 {
			ls := make([]*autodiff.Value, len(p))
			for i, x := range p {
				ls[i] = autodiff.New(x, "")
			}
			return e(ls).Data
		}, w, 0)
		for i, leaf := range leaves {
			// A central difference with h = 1e-6 is good to about 1e-10 absolute: compare
			// relatively where the gradient is large and absolutely where it is tiny.
			diff := math.Abs(leaf.Grad - num[i])
			rel := fromscratch.RelativeError(leaf.Grad, num[i], 1e-2)
			worst = math.Max(worst, rel)
			if diff > 1e-8 && rel > 1e-6 {
				t.Errorf("trial %d, leaf %d: Backward %v, central difference %v (difference %.2g)", trial, i, leaf.Grad, num[i], diff)
			}
		}
		checked++
	}
	if checked < 250 {
		t.Errorf("only %d of 300 expressions checked", checked)
	}
	t.Logf("%d expressions, worst error relative to max(|gradient|, 0.01) %.2g", checked, worst)
}
