package datasets

import (
	"os"
	"testing"
)

func TestLoadFashionMNISTReal(t *testing.T) {
	if _, err := os.Stat(FashionDebianDir); err != nil && os.Getenv(FashionDirEnv) == "" {
		t.Skipf("Fashion-MNIST not installed (Debian package %s): %v", FashionDebianPackage, err)
	}
	sets, err := realFashion()
	if err != nil {
		t.Fatal(err)
	}
	train, test := sets[0], sets[1]
	for _, tt := range []struct {
		set *Images
		n   int
	}{{train, 60000}, {test, 10000}} {
		if err := tt.set.Validate(); err != nil {
			t.Fatal(err)
		}
		if tt.set.N != tt.n || tt.set.Height != 28 || tt.set.Width != 28 || tt.set.Channels != 1 {
			t.Errorf("%s: N=%d, %d×%d×%d; want %d of 28×28×1",
				tt.set.Name, tt.set.N, tt.set.Height, tt.set.Width, tt.set.Channels, tt.n)
		}
		// Fashion-MNIST is exactly balanced: 6,000 and 1,000 per class.
		for class, count := range tt.set.ClassCounts() {
			if count != tt.n/10 {
				t.Errorf("%s: class %d (%s) has %d examples, want %d",
					tt.set.Name, class, FashionClassNames[class], count, tt.n/10)
			}
		}
	}
	// Upstream's README: the first training example is an ankle boot (9), the
	// first test example too.
	if train.Labels[0] != 9 || test.Labels[0] != 9 || train.ClassNames[9] != "Ankle boot" {
		t.Errorf("first labels: train %d, test %d; want 9 (Ankle boot)", train.Labels[0], test.Labels[0])
	}
	if len(train.ClassNames) != 10 || train.ClassNames[0] != "T-shirt/top" {
		t.Errorf("class names %q", train.ClassNames)
	}
}

func TestFashionMNISTDirErrors(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(FashionDirEnv, empty)
	_, err := FashionMNISTDir()
	wantErrContains(t, err, FashionDirEnv, empty, "train-images-idx3-ubyte.gz")

	t.Setenv(FashionDirEnv, "")
	if _, err := os.Stat(FashionDebianDir); err != nil {
		_, err := FashionMNISTDir()
		wantErrContains(t, err, "install the Debian package "+FashionDebianPackage, FashionDirEnv)
	} else if dir, err := FashionMNISTDir(); err != nil || dir != FashionDebianDir {
		t.Errorf("FashionMNISTDir() = %q, %v; want %s", dir, err, FashionDebianDir)
	}
}

// Fashion-MNIST's md5s cover the decompressed bytes: a file that is a fine
// IDX but not the published one is rejected with the decompressed digest.
func TestLoadFashionMNISTChecksum(t *testing.T) {
	t.Setenv(SkipChecksumEnv, "")
	dir := writeFakeSet(t, fakeSet{3, 2, []byte{1, 2, 3}, []byte{4, 5}})
	_, _, err := LoadFashionMNIST(dir)
	wantErrContains(t, err, "loading Fashion-MNIST train",
		"train-images-idx3-ubyte.gz: md5 of the decompressed data is", "want f4a8712d7a061bf5bd6d2ca38dc4d50a")

	t.Setenv(SkipChecksumEnv, "1")
	train, _, err := LoadFashionMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 3 || train.ClassNames[3] != "Dress" {
		t.Errorf("got %+v", train)
	}
}
