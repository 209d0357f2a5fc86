// Package models holds the networks DeepNB's notebooks and commands train, built from
// gomlx_ext/layers so that they train on every backend.
//
// SeedCNN is the classic Keras MNIST example the project grew from; MLP is the small network of the
// math notebooks; CNN describes the configurable conv-block networks of the Fashion-MNIST notebooks.
//
// Introduced in notebooks/01_mnist_cnn.ipynb; CNN in notebooks/09_convolution.ipynb (the receptive
// fields of CNN and FashionCNN) and notebooks/12_fashion_deeper_cnn.ipynb (which trains them).
package models
