package autodiff

// Primitive returns the result of an operation the package does not have (sin, sigmoid, …) as a
// node of the graph: data is the result, computed by the caller from the parents' Data, and
// local[i] is ∂data/∂parents[i] at those values. That is all Backward needs — the operations of
// ops.go are made the same way — so a caller who can write a function and its derivative can add
// it. op names the operation in drawings and error messages; parents and local are copied.
//
// It panics with an *Error naming op if there are no parents (a number without parents is a
// leaf: use New), a parent is nil, len(local) differs from len(parents), or data or a local
// derivative is NaN or ±Inf.
//
// Introduced in notebooks/06_autodiff.ipynb.
func Primitive(op string, data float64, parents []*Value, local []float64) *Value {
	if len(parents) == 0 {
		panic(misuse(op, "no operands: a Value without parents is a leaf, made by New"))
	}
	operands(op, parents...)
	if len(local) != len(parents) {
		panic(misuse(op, "%d local derivatives for %d operands", len(local), len(parents)))
	}
	return newNode(op, op, data, parents, local) // newNode keeps copies of both
}
