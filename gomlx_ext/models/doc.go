// Package models holds the networks DeepNB's notebooks and commands train, built from
// gomlx_ext/layers so that they train on every backend.
//
// SeedCNN is the classic Keras MNIST example the project grew from; MLP is the small dense network
// most notebooks train beside it (01, 07, 08, 10, 12, 13); CNN describes configurable conv-block
// networks such as notebook 12's FashionCNN.
//
// Introduced in notebooks/01_mnist_cnn.ipynb; CNN in notebooks/09_convolution.ipynb (the receptive
// fields of CNN and FashionCNN) and notebooks/12_fashion_deeper_cnn.ipynb (which trains them).
package models
