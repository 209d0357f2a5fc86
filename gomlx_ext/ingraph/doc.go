// Package ingraph is package fromscratch's math again, as GoMLX graph functions: the
// "concise" half of each notebook's from-scratch-then-framework pair, with the same names
// where the concept is the same (fromscratch.Softmax ↔ ingraph.Softmax, fromscratch.Dense ↔
// ingraph.Dense), so that each can be checked against the other.
//
//   - activation.go: Activate and ActivationDerivative for a fromscratch.Activation.
//   - softmax.go: LogSumExp, LogSoftmax, Softmax over the last axis; naive.go: NaiveSoftmax and
//     NaiveCrossEntropyLogits, the overflowing versions.
//   - mse.go, crossentropy.go, logits.go: MSE, CrossEntropy, CrossEntropyLogits,
//     SparseCrossEntropyLogits; lossfn.go: AsLossFn adapts them to GoMLX's train.Trainer.
//   - dense.go: Dense (a batch through one fromscratch.Dense layer) and ExecMLP.
//   - featuremaps.go: FeatureMaps, fromscratch.FeatureMaps as one graph.Convolve, its check in
//     notebooks/09_convolution.ipynb.
//   - twolayer_graph.go: TwoLayerForward, TwoLayerBackward (the chain rule as matrix products,
//     no graph.Gradient) and TwoLayerAutodiff (graph.Gradient) for fromscratch.TwoLayer;
//     twolayer_sgd.go: SGDTrainer trains it with either; twolayer_check.go: TwoLayerGradients
//     and the gradient checks (package gradcheck).
//
// Introduced in notebooks/02_forward_pass.ipynb (Dense), notebooks/03_losses.ipynb (the losses
// and softmax) and notebooks/05_backprop.ipynb (TwoLayer*, SGDTrainer). No notebook calls
// ExecMLP (02 chains two Dense calls itself); its tests check it against fromscratch.MLP.
//
// Arguments come in d2l order, loss(yHat, y); GoMLX's own losses take (labels, predictions),
// the reverse. Graph functions follow GoMLX's graph-building convention: invalid shapes panic
// with an error while the graph is built, and graph.Exec, context.Exec and train.Trainer
// return that panic as an error. Functions that run a graph (ExecMLP, TwoLayerGradients,
// SGDTrainer) return errors.
package ingraph
