package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// encodeIDX builds IDX bytes: magic (0, 0, dtype, len(dims)), big-endian dims,
// then data, exactly as given (so tests can forge inconsistent headers).
func encodeIDX(dtype byte, dims []uint32, data []byte) []byte {
	var buf bytes.Buffer
	buf.Write([]byte{0, 0, dtype, byte(len(dims))})
	for _, d := range dims {
		_ = binary.Write(&buf, binary.BigEndian, d)
	}
	buf.Write(data)
	return buf.Bytes()
}

// gzipBytes compresses data.
func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeFile writes data to dir/name.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fakeSet describes a tiny MNIST-like data set to write as four .gz files.
type fakeSet struct {
	trainImages, testImages int    // number of 2×3 images
	trainLabels, testLabels []byte // labels as stored
}

// writeFakeSet writes a tiny MNIST-shaped set (2×3 pixel images, pixel value
// = image index * 10 + pixel index) under the MNIST file names and returns its
// folder.
func writeFakeSet(t *testing.T, s fakeSet) string {
	t.Helper()
	dir := t.TempDir()
	images := func(n int) []byte {
		data := make([]byte, n*6)
		for i := range data {
			data[i] = byte(i/6*10 + i%6)
		}
		return gzipBytes(t, encodeIDX(IDXUnsignedByte, []uint32{uint32(n), 2, 3}, data))
	}
	labels := func(l []byte) []byte {
		return gzipBytes(t, encodeIDX(IDXUnsignedByte, []uint32{uint32(len(l))}, l))
	}
	writeFile(t, dir, "train-images-idx3-ubyte.gz", images(s.trainImages))
	writeFile(t, dir, "train-labels-idx1-ubyte.gz", labels(s.trainLabels))
	writeFile(t, dir, "t10k-images-idx3-ubyte.gz", images(s.testImages))
	writeFile(t, dir, "t10k-labels-idx1-ubyte.gz", labels(s.testLabels))
	return dir
}

// wantErrContains fails t unless err is non-nil and contains every fragment.
func wantErrContains(t *testing.T, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", fragments)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not contain %q", err, f)
		}
	}
}

// Real data sets, loaded once per test binary: decoding MNIST takes ~0.5 s.
var (
	realMNIST = sync.OnceValues(func() ([2]*Images, error) {
		train, test, err := LoadMNISTDefault()
		return [2]*Images{train, test}, err
	})
	realFashion = sync.OnceValues(func() ([2]*Images, error) {
		train, test, err := LoadFashionMNISTDefault()
		return [2]*Images{train, test}, err
	})
)

// mnist returns the real MNIST train and test sets, failing t if they cannot
// be loaded (they ship with a Go module dependency, so they must be there).
func mnist(t *testing.T) (train, test *Images) {
	t.Helper()
	sets, err := realMNIST()
	if err != nil {
		t.Fatalf("loading MNIST: %v", err)
	}
	return sets[0], sets[1]
}

// smallImages returns a hand-made set: n images of h×w×c, pixel j of image i
// is i + j/1000, label i mod classes.
func smallImages(n, h, w, c, classes int) *Images {
	d := &Images{Name: "small", N: n, Height: h, Width: w, Channels: c,
		Pixels: make([]float32, n*h*w*c), Labels: make([]int32, n)}
	for k := range classes {
		d.ClassNames = append(d.ClassNames, string(rune('a'+k)))
	}
	size := h * w * c
	for i := range n {
		d.Labels[i] = int32(i % classes)
		for j := range size {
			d.Pixels[i*size+j] = float32(i) + float32(j)/1000
		}
	}
	return d
}

// allocatedBytes returns the bytes the heap allocated while fn ran (an upper
// bound: other goroutines' allocations count too, which only makes the tests
// that use it stricter).
func allocatedBytes(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
