// Package manual is the math of a neural network written out by hand, in
// plain Go on float64 slices: activations and their derivatives, the dense
// forward pass ŷ = f(W·x + b), gradient descent W ← W − α∇f on functions of a
// vector, and linear regression trained by full-batch, mini-batch and
// stochastic gradient descent. It is the reference the GoMLX versions are
// checked against, and the code the math notebooks read line by line.
//
// Introduced in notebooks/02_forward_pass.ipynb (activations, Dense, MLP and
// their GoMLX twins DenseGraph and MLP.ExecGraph) and
// notebooks/04_gradient_descent.ipynb (Quadratic, GradientDescent,
// FitLinear, LeastSquares).
//
// Notation (the same in every notebook, see notebooks/README.md): x is one
// input vector, X a batch whose rows are examples, y the target, yHat (ŷ)
// the prediction, W the weights with shape [out][in] (row j holds the weights
// into output j), b the bias, z = W·x + b the pre-activation, a = f(z) the
// activation, L the loss, lr (α) the learning rate, n the number of examples
// and batchSize the number of examples per gradient step.
//
// Functions return errors for bad input (ragged matrices, mismatched
// lengths, non-finite settings) and never panic, except the graph-building
// functions, which follow GoMLX's convention: they panic with an error while
// the graph is built, and graph.Exec returns that panic as an error.
package manual
