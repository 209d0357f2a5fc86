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

// SmallCNN is notebooks/11_fashion_regularization.ipynb's network: one convolution block and a
// small dense layer, cheap enough to train for many epochs on a small subset — which it overfits
// unless regularised.
//
//	[Conv 8 → MaxPool → ReLU] → Dense 64 → Dense 10
func SmallCNN() CNN {
	return CNN{Filters: []int{8}, Dense: 64}
}
