package models

// FashionCNN is notebooks/12_fashion_deeper_cnn.ipynb's network for Fashion-MNIST, two
// convolution blocks with batch normalisation and a dropout-regularised dense layer:
//
//	[Conv 16 → MaxPool → BN → ReLU] → [Conv 32 → MaxPool → BN → ReLU] → Dense 128 → Dropout 0.3 → Dense 10
//
// Its sizes are chosen for the pure-Go backend's speed: it costs about as much per example as the
// seed CNN (most of the work is the second convolution, 14×14×144→32) and reaches 90 % test
// accuracy in a few epochs.
func FashionCNN() CNN {
	return CNN{Filters: []int{16, 32}, BatchNorm: true, Dense: 128, DenseDropout: 0.3}
}

// SmallCNN is the smallest convolutional network of Table: one convolution block and a small
// dense layer, cheap enough for quick command-line runs (cmd/train -model small-cnn) and the
// commands' tests. No notebook trains it: notebook 11 studies regularisation on an MLP.
//
//	[Conv 8 → MaxPool → ReLU] → Dense 64 → Dense 10
func SmallCNN() CNN {
	return CNN{Filters: []int{8}, Dense: 64}
}
