package autodiff_test

import (
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
)

// TestOneAllocationPerNode checks the Value doc's promise: an operation with at most two
// operands is one allocation (its parents and local derivatives live in the node), and Sum and
// Primitive, which keep copies of longer operand lists, three. A node that let its operand
// slices escape to the heap would cost three allocations per operation.
func TestOneAllocationPerNode(t *testing.T) {
	a, b, c := autodiff.New(0.3, "a"), autodiff.New(-1.2, "b"), autodiff.New(2, "c")
	three := []*autodiff.Value{a, b, c}
	for _, tc := range []struct {
		name string
		want float64
		op   func()
	}{
		{"Add", 1, func() { a.Add(b) }},
		{"Mul", 1, func() { a.Mul(b) }},
		{"Tanh", 1, func() { a.Tanh() }},
		{"Primitive, 2 operands", 1, func() { autodiff.Primitive("f", 1, []*autodiff.Value{a, b}, []float64{1, 2}) }},
		{"Sum, 3 operands", 3, func() { autodiff.Sum(three...) }},
	} {
		if got := testing.AllocsPerRun(100, tc.op); got != tc.want {
			t.Errorf("%s: %v allocations per node, want %v", tc.name, got, tc.want)
		}
	}
}
