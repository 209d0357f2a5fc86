// Package modelcheck checks, while GoMLX builds a classifier's graph, that the model fits its data:
// that its output is the logits [batch, classes] with the data's number of classes, and that every
// label is one of those classes. It also turns a panic of the model's graph-building code (GoMLX's
// convention for errors there) into an error that keeps the panic's message and names the layer
// scope the graph had reached.
//
// trainer.Fit and evaluate.Predict call it on the first batch of every graph they build, so a
// mistake in a user's model function fails before training with one line, instead of training a
// model whose loss silently computes something else.
//
// Introduced in notebooks/09_convolution.ipynb.
package modelcheck
