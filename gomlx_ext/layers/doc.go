// Package layers holds the neural-network layers DeepNB's models are built from: Dense, Conv2D and
// MaxPool2D that train on every GoMLX backend, BatchNorm and Dropout for the deeper CNNs, and
// SelfAttention (one causal self-attention head written from its formula) for sequences.
//
// Why they exist: on GoMLX v0.26's pure-Go backend the stock layers.Convolution and graph.MaxPool
// cannot be trained (their gradients need the ops Reverse, Pad and SelectAndScatterMax, which that
// backend lacks), and the generic gradient of a matrix product materialises a batch×in×out tensor
// (hundreds of MB for the seed CNN's dense layer). These layers compute the forward pass with
// ordinary ops and supply their own exact gradients (see CustomGradient): every backward product is a
// plain matrix product. Where a backend implements the native convolution gradients (compute, the
// default pure-Go backend of gomlx_ext/computebackend, and XLA), Conv2D
// and MaxPool2D use GoMLX's native ops instead.
//
// Weights use Glorot-uniform initialisation and biases start at zero, as Keras does, so results can
// be compared with the seed's Keras example.
//
// Introduced in notebooks/01_mnist_cnn.ipynb; BatchNorm and Dropout in
// notebooks/11_fashion_regularization.ipynb and notebooks/12_fashion_deeper_cnn.ipynb; SelfAttention
// and CausalMask in notebooks/16_char_language_model.ipynb.
package layers
