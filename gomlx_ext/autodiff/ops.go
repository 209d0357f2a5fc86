package autodiff

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// newNode builds the node symbol(parents) = data with ∂data/∂parents[i] = local[i], after
// checking that data and its local derivatives are finite; method names the operation in errors.
// It keeps copies of parents and local, so a caller may pass slices it reuses; with at most two
// operands the copies live in the node itself, and the node is one allocation.
func newNode(method, symbol string, data float64, parents []*Value, local []float64) *Value {
	if math.IsNaN(data) || math.IsInf(data, 0) {
		names := make([]string, len(parents))
		for i, p := range parents {
			names[i] = p.name()
		}
		panic(misuse(method, "result %v is not finite (operands %s)", data, strings.Join(names, ", ")))
	}
	for i, d := range local {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			panic(misuse(method, "derivative with respect to operand %d (%s) is %v", i+1, parents[i].name(), d))
		}
	}
	v := &Value{Data: data, op: symbol}
	if len(parents) <= len(v.inlineParents) {
		n := copy(v.inlineParents[:], parents)
		copy(v.inlineLocal[:], local)
		v.parents, v.local = v.inlineParents[:n:n], v.inlineLocal[:n:n]
	} else {
		v.parents, v.local = slices.Clone(parents), slices.Clone(local)
	}
	return v
}

// operands panics with an *Error naming the first nil operand of op.
func operands(op string, vs ...*Value) {
	for i, v := range vs {
		if v == nil {
			panic(misuse(op, "operand %d of %d is nil", i+1, len(vs)))
		}
	}
}

// Add returns a + b; both local derivatives are 1.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Add(b *Value) *Value {
	operands("Add", a, b)
	return newNode("Add", "+", a.Data+b.Data, []*Value{a, b}, []float64{1, 1})
}

// Sub returns a − b; the local derivatives are 1 and −1.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Sub(b *Value) *Value {
	operands("Sub", a, b)
	return newNode("Sub", "-", a.Data-b.Data, []*Value{a, b}, []float64{1, -1})
}

// Mul returns a·b; ∂/∂a = b and ∂/∂b = a.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Mul(b *Value) *Value {
	operands("Mul", a, b)
	return newNode("Mul", "*", a.Data*b.Data, []*Value{a, b}, []float64{b.Data, a.Data})
}

// Div returns a / b; ∂/∂a = 1/b and ∂/∂b = −a/b². It panics with an *Error if b is 0.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Div(b *Value) *Value {
	operands("Div", a, b)
	if b.Data == 0 {
		panic(misuse("Div", "divisor %s is 0 (dividend %s)", b.name(), a.name()))
	}
	return newNode("Div", "/", a.Data/b.Data, []*Value{a, b}, []float64{1 / b.Data, -a.Data / (b.Data * b.Data)})
}

// Neg returns −a; the local derivative is −1.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Neg() *Value {
	operands("Neg", a)
	return newNode("Neg", "neg", -a.Data, []*Value{a}, []float64{-1})
}

// Pow returns a^k for a constant exponent k; ∂/∂a = k·a^(k−1). It panics with an *Error if k is
// not finite, if a < 0 and k is not an integer, or if a = 0 and k < 1 (no finite derivative).
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Pow(k float64) *Value {
	operands("Pow", a)
	switch {
	case math.IsNaN(k) || math.IsInf(k, 0):
		panic(misuse("Pow", "exponent %v is not finite (base %s)", k, a.name()))
	case a.Data < 0 && k != math.Trunc(k):
		panic(misuse("Pow", "negative base %s to the fractional power %v", a.name(), k))
	case a.Data == 0 && k < 1 && k != 0:
		panic(misuse("Pow", "base %s is 0 and exponent %v < 1: no finite derivative", a.name(), k))
	}
	d := 0.0
	if k != 0 {
		d = k * math.Pow(a.Data, k-1)
	}
	return newNode("Pow", fmt.Sprintf("^%g", k), math.Pow(a.Data, k), []*Value{a}, []float64{d})
}

// Exp returns eᵃ; its derivative is eᵃ itself. It panics with an *Error if eᵃ overflows.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Exp() *Value {
	operands("Exp", a)
	e := math.Exp(a.Data)
	return newNode("Exp", "exp", e, []*Value{a}, []float64{e})
}

// Log returns the natural logarithm ln a; ∂/∂a = 1/a. It panics with an *Error if a ≤ 0.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Log() *Value {
	operands("Log", a)
	if !(a.Data > 0) {
		panic(misuse("Log", "argument %s must be > 0", a.name()))
	}
	return newNode("Log", "log", math.Log(a.Data), []*Value{a}, []float64{1 / a.Data})
}

// Tanh returns tanh a; ∂/∂a = 1 − tanh²a, computed from the output as GoMLX's tanh gradient is.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) Tanh() *Value {
	operands("Tanh", a)
	t := math.Tanh(a.Data)
	return newNode("Tanh", "tanh", t, []*Value{a}, []float64{1 - t*t})
}

// ReLU returns max(a, 0). Its derivative is 1 for a ≥ 0 and 0 below: at the kink a = 0 the
// value 1 is a convention, the one fromscratch.ReLUDeriv and GoMLX's gradient of max(a, 0) use.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (a *Value) ReLU() *Value {
	operands("ReLU", a)
	if a.Data >= 0 {
		return newNode("ReLU", "relu", a.Data, []*Value{a}, []float64{1})
	}
	return newNode("ReLU", "relu", 0, []*Value{a}, []float64{0})
}

// Sum returns the sum of vs as one node with len(vs) parents, each with local derivative 1
// (the same as a chain of Adds, in fewer nodes). The same Value may appear more than once. It
// panics with an *Error if vs is empty or holds nil.
//
// Introduced in notebooks/06_autodiff.ipynb.
func Sum(vs ...*Value) *Value {
	if len(vs) == 0 {
		panic(misuse("Sum", "no operands"))
	}
	operands("Sum", vs...)
	total := 0.0
	local := make([]float64, len(vs))
	for i, v := range vs {
		total += v.Data
		local[i] = 1
	}
	return newNode("Sum", "sum", total, vs, local)
}
