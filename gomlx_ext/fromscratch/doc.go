// Package fromscratch is the math of a neural network written out by hand, in plain Go on
// float64 slices, with no GoMLX: the code the math notebooks read line by line, and the
// reference the GoMLX versions (package gomlx_ext/ingraph, the same names in a graph) are
// checked against.
//
// One concept per file:
//
//   - activation.go: Activation (identity, sigmoid, tanh, ReLU, softmax), the element-wise
//     functions and their derivatives, Activation.Backward.
//   - softmax.go: Softmax, SoftmaxJacobian, LogSumExp, LogSoftmax and the overflowing
//     NaiveSoftmax.
//   - losses.go: MSE, CrossEntropy, CrossEntropyLogits, SparseCrossEntropyLogits,
//     NaiveCrossEntropyLogits, and SoftmaxCrossEntropy (the loss with its gradient δ).
//   - dense.go: Dense, one layer in the textbook layout a = f(W·x + b), W [out][in];
//     mlp.go: MLP, a stack of them.
//   - densexw.go: DenseForwardXW and DenseBackwardXW, the batch-first layout z = X·W + b,
//     W [in][out], that GoMLX uses; twolayer.go: TwoLayer, a two-layer perceptron in that
//     layout with its forward pass, hand-written backward pass and accuracy.
//   - numdiff.go: central differences (Derivative, NumericalGradient, DefaultStep) and
//     RelativeError, the one finite-difference helper of DeepNB.
//   - descent.go, quadratic.go: gradient descent on functions of a vector; linreg.go: linear
//     regression by full-batch, mini-batch and stochastic gradient descent, and least squares.
//   - conv.go: Corr2D (one channel, one kernel) and Conv2D (Maps in NHWC, Kernel [k, k, in,
//     out]) with PadValid/PadSame and strides, OutputSize; convbackward.go: Conv2DBackward, its
//     gradients dx, dK and db; pool.go: MaxPool2D, MeanPool2D and the Pool2D loop behind them;
//     poolbackward.go: MaxPool2DBackward (δ to each window's argmax) and MeanPool2DBackward;
//     receptive_field.go: ReceptiveField and MeasureReceptiveField; featuremaps.go: Filter,
//     LearnedFilters and FeatureMaps, what notebook 09's filter selector shows.
//   - init.go: Init (zeros, normal, Glorot, He); deepmlp.go: DeepMLP, a deep MLP whose
//     Pass returns every layer's activations, δ and weight gradients (DeepTrace, with GradRMS
//     and ActRMS); rank.go: NumericalRank, how many units of a layer compute different functions;
//     initlook.go: LookAtScale, a DeepMLP with every weight scaled by g as notebook 08's knobs
//     show it (ScaleWeights, UnitSpread, FlatShare, Finite).
//   - adam.go, rmsprop.go: Adam (with bias correction) and RMSProp on a []float64 of weights.
//   - batchnorm.go: batch normalisation's forward pass, its backward pass both step by step and
//     in the compact formula, inference with RunningStats; layernorm.go: LayerNorm forward and
//     backward; batchnorm_mlp.go: BatchNormMLP, a deep tanh MLP with a BN layer after each
//     hidden layer, trained by SGD.
//   - validate.go: the input checks (CheckMatrix, CheckVector) every function uses.
//   - matrix.go, vector.go, linalg.go: the few linear-algebra steps the above need.
//
// Introduced in notebooks/02_forward_pass.ipynb (activations, softmax, Dense, MLP),
// notebooks/03_losses.ipynb (the losses, LogSumExp), notebooks/04_gradient_descent.ipynb
// (Quadratic, GradientDescent, FitLinear, LeastSquares, NumericalGradient),
// notebooks/05_backprop.ipynb (TwoLayer, DenseBackwardXW, SoftmaxCrossEntropy,
// Activation.Backward) and notebooks/09_convolution.ipynb (convolution and
// pooling with their backward passes, receptive fields) and notebooks/08_initialisation.ipynb (Init, DeepMLP, Adam,
// RMSProp) and notebooks/14_batchnorm_by_hand.ipynb (batch and layer normalisation,
// BatchNormMLP). No notebook calls DenseForwardXW: tests use it as the reference for the batch-first
// forward pass (TwoLayer's layout, autodiff.Dense).
//
// Notation (the same in every notebook, see notebooks/README.md): x is one input vector, X a
// batch whose rows are examples, y the target, yHat (ŷ) the prediction, W the weights, b the
// bias, z the pre-activation, a = f(z) the activation, L the loss, lr (α) the learning rate, n
// the number of examples and batchSize the number of examples per gradient step.
//
// Functions return errors for bad input (ragged matrices, mismatched lengths, non-finite
// values or settings) naming the argument, and never panic.
package fromscratch
