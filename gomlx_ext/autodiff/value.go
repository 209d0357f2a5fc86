package autodiff

import (
	"fmt"
	"math"
	"strconv"
)

// Value is one number in a computation graph. Data is its value; Grad is ∂root/∂Value after
// root.Backward(). The parents and local derivatives are fixed when the Value is made.
//
// Data of a leaf may be changed between graph builds (a parameter update does exactly that);
// changing the Data of a computed Value makes it disagree with its parents.
//
// Introduced in notebooks/06_autodiff.ipynb.
type Value struct {
	// Data is the number this node holds.
	Data float64
	// Grad is the derivative of the last Backward's root with respect to this node.
	Grad float64
	// Label names the node in error messages and drawings ("w1", "x"); may be empty.
	Label string

	op      string    // "" for a leaf, else the operation that made it ("+", "*", "tanh", …)
	parents []*Value  // the operands, in order
	local   []float64 // local[i] = ∂Data/∂parents[i], evaluated when the op ran

	// Storage for parents and local when there are at most two, so that a node is one
	// allocation: a training step makes tens of thousands of them.
	inlineParents [2]*Value
	inlineLocal   [2]float64

	// visit is the number of the last TopologicalOrder that reached this node; a field
	// instead of a set keeps the walk free of map lookups.
	visit uint64
}

// New returns a leaf: a number the graph starts from, such as an input or a weight. It panics
// with an *Error if data is NaN or ±Inf.
//
// Introduced in notebooks/06_autodiff.ipynb.
func New(data float64, label string) *Value {
	if math.IsNaN(data) || math.IsInf(data, 0) {
		panic(misuse("New", "leaf %q: value %v is not finite", label, data))
	}
	return &Value{Data: data, Label: label}
}

// Const returns a leaf labelled with its own value, for constants in an expression (the 1 of
// 1 − x²). Its gradient is computed like any other leaf's and simply not used.
//
// Introduced in notebooks/06_autodiff.ipynb.
func Const(c float64) *Value {
	return New(c, strconv.FormatFloat(c, 'g', 4, 64))
}

// Op returns the operation that computed v ("+", "*", "tanh", …), or "" for a leaf.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (v *Value) Op() string { return v.op }

// IsLeaf reports whether v was made by New or Const rather than by an operation.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (v *Value) IsLeaf() bool { return v.op == "" }

// Parents returns the operands v was computed from (nil for a leaf). The slice is v's own:
// do not modify it.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (v *Value) Parents() []*Value { return v.parents }

// LocalGrads returns ∂v/∂parent for each parent, in the order of Parents. The slice is v's
// own: do not modify it.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (v *Value) LocalGrads() []float64 { return v.local }

// String prints the node as label(op)=data, e.g. "(*)=6" or "w=0.5".
//
// Introduced in notebooks/06_autodiff.ipynb.
func (v *Value) String() string {
	if v == nil {
		return "<nil>"
	}
	s := v.Label
	if v.op != "" {
		s += "(" + v.op + ")"
	}
	return fmt.Sprintf("%s=%.6g", s, v.Data)
}

// name is how error messages refer to a node: its label, else its op and value.
func (v *Value) name() string {
	if v.Label != "" {
		return fmt.Sprintf("%q (%.6g)", v.Label, v.Data)
	}
	if v.op != "" {
		return fmt.Sprintf("the result of %s (%.6g)", v.op, v.Data)
	}
	return fmt.Sprintf("a leaf (%.6g)", v.Data)
}

// Error is what the operations panic with on misuse: Op is the operation ("Log", "Div",
// "Backward", …), Msg says what was wrong and names the operands.
//
// Introduced in notebooks/06_autodiff.ipynb.
type Error struct {
	Op  string
	Msg string
}

func (e *Error) Error() string { return "autodiff: " + e.Op + ": " + e.Msg }

func misuse(op, format string, args ...any) *Error {
	return &Error{Op: op, Msg: fmt.Sprintf(format, args...)}
}
