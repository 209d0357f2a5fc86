package datasets

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// IDX data type codes, the third byte of an IDX file's magic number.
const (
	IDXUnsignedByte byte = 0x08
	IDXSignedByte   byte = 0x09
	IDXInt16        byte = 0x0B
	IDXInt32        byte = 0x0C
	IDXFloat32      byte = 0x0D
	IDXFloat64      byte = 0x0E
)

// MaxIDXBytes caps the size of the data an IDX header may announce (256 MiB).
// The header is checked against it before anything is allocated, so a forged or
// corrupt header cannot make the reader allocate gigabytes. The largest file
// DeepNB reads, MNIST's training images, holds 47,040,000 bytes.
const MaxIDXBytes = 1 << 28

// MaxIDXDims is the largest number of dimensions ReadIDX accepts. MNIST-style
// files use 1 (labels) or 3 (images); 4 leaves room for colour images.
const MaxIDXDims = 4

// IDX is a parsed IDX file: the format of MNIST and Fashion-MNIST, a big-endian
// header (magic number, then one uint32 per dimension) followed by the data in
// row-major order.
type IDX struct {
	// Name identifies the source (usually the file's base name) in error messages.
	Name string
	// DataType is the type code from the header; only IDXUnsignedByte is supported.
	DataType byte
	// Dims are the dimensions from the header, outermost first, e.g. [60000 28 28].
	Dims []int
	// Data holds the product of Dims bytes, row-major.
	Data []byte
}

// IDXError reports a malformed IDX file, naming the file and what is wrong.
type IDXError struct {
	// Name is the file (or source) name given to ReadIDX.
	Name string
	// Problem says what is wrong, e.g. "bad magic number 0x12345678".
	Problem string
}

func (e *IDXError) Error() string { return e.Name + ": " + e.Problem }

func idxErrorf(name, format string, args ...any) error {
	return &IDXError{Name: name, Problem: fmt.Sprintf(format, args...)}
}

// idxTypeNames names the IDX types ReadIDX recognises but cannot decode, so the
// error can say what the file holds.
var idxTypeNames = map[byte]string{
	IDXSignedByte: "signed byte",
	IDXInt16:      "int16",
	IDXInt32:      "int32",
	IDXFloat32:    "float32",
	IDXFloat64:    "float64",
}

// ReadIDX parses IDX data from r. name is used in error messages only.
//
// It validates the magic number (two zero bytes, the type code, the number of
// dimensions in 1..MaxIDXDims), that every dimension is positive, that the
// total size is at most MaxIDXBytes, and that exactly that many data bytes
// follow: fewer is reported as truncated, more as trailing garbage. r is read to
// its end, so a gzip reader below it gets to check its CRC.
func ReadIDX(r io.Reader, name string) (*IDX, error) {
	var magic [4]byte
	if n, err := io.ReadFull(r, magic[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, idxErrorf(name, "truncated: %d bytes, too short for the 4-byte IDX magic number", n)
		}
		return nil, fmt.Errorf("%s: reading IDX magic number: %w", name, err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, idxErrorf(name, "bad magic number 0x%08x: not an IDX file (the first two bytes must be zero)",
			binary.BigEndian.Uint32(magic[:]))
	}
	dtype, nDims := magic[2], int(magic[3])
	if dtype != IDXUnsignedByte {
		if typeName, ok := idxTypeNames[dtype]; ok {
			return nil, idxErrorf(name, "IDX data type 0x%02x (%s) is not supported: only unsigned byte (0x08) is",
				dtype, typeName)
		}
		return nil, idxErrorf(name, "unknown IDX data type 0x%02x in magic number 0x%08x",
			dtype, binary.BigEndian.Uint32(magic[:]))
	}
	if nDims < 1 || nDims > MaxIDXDims {
		return nil, idxErrorf(name, "header has %d dimensions, want 1 to %d", nDims, MaxIDXDims)
	}

	header := make([]byte, 4*nDims)
	if n, err := io.ReadFull(r, header); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, idxErrorf(name, "truncated: header announces %d dimensions (%d bytes), got %d bytes of them",
				nDims, len(header), n)
		}
		return nil, fmt.Errorf("%s: reading IDX dimensions: %w", name, err)
	}
	dims := make([]int, nDims)
	size := 1
	for i := range dims {
		d := binary.BigEndian.Uint32(header[4*i:])
		if d == 0 {
			return nil, idxErrorf(name, "dimension %d is 0 (dims %v): every dimension must be positive",
				i, describeDims(header, nDims))
		}
		// Multiply in uint64 and compare at each step: two uint32 factors cannot
		// overflow it, and size never exceeds MaxIDXBytes before the multiply.
		if uint64(size)*uint64(d) > MaxIDXBytes {
			return nil, idxErrorf(name, "dims %v announce more than %d bytes (MaxIDXBytes)",
				describeDims(header, nDims), MaxIDXBytes)
		}
		dims[i] = int(d)
		size *= int(d)
	}

	data, err := readExactly(r, size)
	if err != nil {
		if len(data) < size && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
			return nil, idxErrorf(name, "truncated: header says %d bytes of data (dims %v), got %d",
				size, dims, len(data))
		}
		return nil, afterDataError(name, size, err)
	}

	extra, err := io.Copy(io.Discard, r)
	if err != nil {
		return nil, afterDataError(name, size, err)
	}
	if extra > 0 {
		return nil, idxErrorf(name, "%d bytes of trailing garbage after the %d bytes of data announced by dims %v",
			extra, size, dims)
	}
	return &IDX{Name: name, DataType: dtype, Dims: dims, Data: data}, nil
}

// afterDataError reports a read error other than a plain short read. An
// unexpected EOF with all the data read comes from a decompressor whose input
// stopped before its trailer: a cut-off .gz file.
func afterDataError(name string, size int, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return idxErrorf(name, "truncated: the stream ends unexpectedly after the %d bytes of data "+
			"(a cut-off compressed file?)", size)
	}
	return fmt.Errorf("%s: reading %d bytes of IDX data: %w", name, size, err)
}

// describeDims renders the raw header dimensions, for error messages written
// before they have been validated.
func describeDims(header []byte, nDims int) []uint32 {
	out := make([]uint32, nDims)
	for i := range out {
		out[i] = binary.BigEndian.Uint32(header[4*i:])
	}
	return out
}

// readExactly reads size bytes from r. It grows its buffer as data actually
// arrives instead of allocating size bytes up front, so a header that lies about
// its size costs memory proportional to the real input, not to the lie. On a
// short read it returns what it got together with io.ErrUnexpectedEOF.
func readExactly(r io.Reader, size int) ([]byte, error) {
	const firstChunk = 1 << 20
	data := make([]byte, 0, min(size, firstChunk))
	for len(data) < size {
		if len(data) == cap(data) {
			data = slices.Grow(data, min(cap(data), size-len(data)))
		}
		n, err := r.Read(data[len(data):min(cap(data), size)])
		data = data[:len(data)+n]
		if err == io.EOF {
			if len(data) < size {
				return data, io.ErrUnexpectedEOF
			}
			break
		}
		if err != nil {
			return data, err
		}
	}
	return data, nil
}

// ReadIDXFile reads an IDX file, gunzipping it first when its name ends in
// ".gz". Errors name the file by its base name.
func ReadIDXFile(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading IDX file: %w", err)
	}
	defer f.Close()
	return readIDXMaybeGzip(bufio.NewReader(f), path)
}

// readIDXMaybeGzip parses r as IDX, through gzip when path ends in ".gz".
func readIDXMaybeGzip(r io.Reader, path string) (*IDX, error) {
	name := filepath.Base(path)
	if !strings.HasSuffix(path, ".gz") {
		return ReadIDX(r, name)
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid gzip file: %w", name, err)
	}
	defer zr.Close()
	return ReadIDX(zr, name)
}
