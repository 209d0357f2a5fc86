package datasets

import (
	"fmt"
	"os"
	"path/filepath"
)

// FashionDirEnv names the environment variable that points
// LoadFashionMNISTDefault at a folder holding the four Fashion-MNIST .gz files.
const FashionDirEnv = "DEEPNB_FASHION_DIR"

// FashionDebianDir is where the Debian package dataset-fashion-mnist installs
// the Fashion-MNIST files.
const FashionDebianDir = "/usr/share/datasets/fashion-mnist"

// FashionDebianPackage is the Debian package that ships Fashion-MNIST.
const FashionDebianPackage = "dataset-fashion-mnist"

// Fashion-MNIST file names and the md5 of each file's decompressed bytes.
// Debian re-compressed the upstream .gz files, so the md5s of the .gz files
// differ from upstream's while the decompressed bytes match upstream's
// published raw md5s: those are what is verified.
var fashionFiles = struct{ train, test splitFiles }{
	train: splitFiles{
		images: idxFile{"train-images-idx3-ubyte.gz", "f4a8712d7a061bf5bd6d2ca38dc4d50a", md5OfDecompressed},
		labels: idxFile{"train-labels-idx1-ubyte.gz", "9018921c3c673c538a1fc5bad174d6f9", md5OfDecompressed},
	},
	test: splitFiles{
		images: idxFile{"t10k-images-idx3-ubyte.gz", "8181f5470baa50b63fa0f6fddb340f0a", md5OfDecompressed},
		labels: idxFile{"t10k-labels-idx1-ubyte.gz", "15d484375f8d13e6eb1aabb0c3f46965", md5OfDecompressed},
	},
}

// FashionClassNames are the ten Fashion-MNIST classes, indexed by label.
var FashionClassNames = []string{
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
}

// LoadFashionMNIST reads Zalando's Fashion-MNIST from dir (same file names and
// format as MNIST), verifying the md5 of each file's decompressed bytes unless
// DEEPNB_SKIP_CHECKSUM=1. It returns 60,000 training and 10,000 test images of
// 28×28×1 pixels in [0, 1], labels 0..9 naming FashionClassNames.
func LoadFashionMNIST(dir string) (train, test *Images, err error) {
	train, err = loadSplit(dir, "Fashion-MNIST train", fashionFiles.train, FashionClassNames)
	if err != nil {
		return nil, nil, err
	}
	test, err = loadSplit(dir, "Fashion-MNIST test", fashionFiles.test, FashionClassNames)
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// LoadFashionMNISTDefault is LoadFashionMNIST(FashionMNISTDir()).
func LoadFashionMNISTDefault() (train, test *Images, err error) {
	dir, err := FashionMNISTDir()
	if err != nil {
		return nil, nil, err
	}
	return LoadFashionMNIST(dir)
}

// FashionMNISTDir returns $DEEPNB_FASHION_DIR when set, else FashionDebianDir,
// after checking that the folder holds the four files. The error for a missing
// folder says how to install the Debian package.
func FashionMNISTDir() (string, error) {
	dir := os.Getenv(FashionDirEnv)
	fromEnv := dir != ""
	if !fromEnv {
		dir = FashionDebianDir
	}
	for _, f := range []idxFile{fashionFiles.train.images, fashionFiles.train.labels,
		fashionFiles.test.images, fashionFiles.test.labels} {
		if _, err := os.Stat(filepath.Join(dir, f.name)); err != nil {
			if fromEnv {
				return "", fmt.Errorf("%s=%q: missing Fashion-MNIST file: %w", FashionDirEnv, dir, err)
			}
			return "", fmt.Errorf("Fashion-MNIST not found (%w): install the Debian package %s "+
				"(apt-get install %s) or set %s to a folder holding the four .gz files",
				err, FashionDebianPackage, FashionDebianPackage, FashionDirEnv)
		}
	}
	return dir, nil
}
