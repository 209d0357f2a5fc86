// Package autodiff is reverse-mode automatic differentiation on scalars, in plain Go with no
// GoMLX: the few hundred lines behind graph.Gradient's idea, small enough to read in one
// sitting (after Karpathy's micrograd).
//
// A Value holds a number (Data), the gradient of the last Backward's root with respect to it
// (Grad), the Values it was computed from (its parents) and the local derivative of the result
// with respect to each parent, recorded when the operation runs. Backward walks the graph from
// the root to the leaves in reverse topological order and applies the chain rule: each node adds
// local derivative × its own gradient to every parent's gradient. A node used twice receives
// both contributions.
//
// One concept per file:
//
//   - value.go: Value, New (a leaf, e.g. a weight), Const, the accessors.
//   - ops.go: the operations and their local derivatives: Add, Sub, Mul, Div, Neg, Pow, Exp,
//     Log, Tanh, ReLU and Sum; primitive.go: Primitive, for an operation the package lacks.
//   - backward.go: TopologicalOrder (and TopologicalOrderRecursive, its textbook form) and
//     Backward.
//   - dot.go: DOT, the graph as Graphviz text (package plotting renders it).
//   - matrix.go: Leaves, Dense (Z = X·W + b) and Grads, matrices of Values;
//     loss.go: SoftmaxCrossEntropy; mlp.go: MLP, a multi-layer perceptron of Values.
//
// Misuse panics, as Go's own arithmetic does on an integer division by zero, with an error
// (type *Error) that names the operation and its operands: a nil operand, a leaf that is NaN or
// ±Inf, Log of a number ≤ 0, a division by 0, Pow of a negative base to a fractional power, a
// Primitive with more or fewer derivatives than operands, or any result that is not finite
// (Exp(1000)). Functions taking matrices or sizes return errors.
//
// Introduced in notebooks/06_autodiff.ipynb.
package autodiff
