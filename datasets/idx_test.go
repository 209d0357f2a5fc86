package datasets

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadIDX(t *testing.T) {
	pixels := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	tests := []struct {
		name     string
		input    []byte
		wantDims []int
		wantErr  []string // fragments of the error; nil means success
	}{
		{"labels 1-D", encodeIDX(0x08, []uint32{3}, []byte{7, 0, 9}), []int{3}, nil},
		{"images 3-D", encodeIDX(0x08, []uint32{2, 2, 3}, pixels), []int{2, 2, 3}, nil},
		{"4-D", encodeIDX(0x08, []uint32{1, 2, 3, 2}, pixels), []int{1, 2, 3, 2}, nil},
		{"empty input", nil, nil, []string{"f.idx: truncated", "0 bytes", "magic"}},
		{"short magic", []byte{0, 0, 8}, nil, []string{"truncated", "3 bytes"}},
		{"wrong magic", append([]byte{0x1f, 0x8b, 8, 1}, make([]byte, 8)...), nil,
			[]string{"f.idx: bad magic number 0x1f8b0801", "not an IDX file"}},
		{"float32 type", encodeIDX(0x0D, []uint32{1}, make([]byte, 4)), nil,
			[]string{"data type 0x0d (float32) is not supported", "unsigned byte (0x08)"}},
		{"unknown type", encodeIDX(0x42, []uint32{1}, []byte{0}), nil, []string{"unknown IDX data type 0x42"}},
		{"zero dims", []byte{0, 0, 8, 0}, nil, []string{"0 dimensions, want 1 to 4"}},
		{"five dims", encodeIDX(0x08, []uint32{1, 1, 1, 1, 1}, []byte{0}), nil, []string{"5 dimensions"}},
		{"truncated dims", []byte{0, 0, 8, 3, 0, 0, 0, 2, 0}, nil,
			[]string{"truncated: header announces 3 dimensions (12 bytes), got 5 bytes"}},
		{"zero dim", encodeIDX(0x08, []uint32{2, 0, 3}, nil), nil, []string{"dimension 1 is 0", "[2 0 3]"}},
		{"absurd dims", encodeIDX(0x08, []uint32{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, pixels), nil,
			[]string{"more than 268435456 bytes"}},
		{"just over the cap", encodeIDX(0x08, []uint32{1 << 14, 1<<14 + 1}, nil), nil,
			[]string{"more than 268435456 bytes"}},
		{"truncated data", encodeIDX(0x08, []uint32{60000, 28, 28}, make([]byte, 1000)), nil,
			[]string{"f.idx: truncated: header says 47040000 bytes of data", "got 1000"}},
		{"trailing garbage", encodeIDX(0x08, []uint32{2}, []byte{1, 2, 3}), nil,
			[]string{"1 bytes of trailing garbage", "dims [2]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx, err := ReadIDX(bytes.NewReader(tt.input), "f.idx")
			if tt.wantErr != nil {
				wantErrContains(t, err, tt.wantErr...)
				var idxErr *IDXError
				if !errors.As(err, &idxErr) || idxErr.Name != "f.idx" {
					t.Errorf("error %v is not an *IDXError naming f.idx", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(idx.Dims, tt.wantDims) || idx.DataType != IDXUnsignedByte || idx.Name != "f.idx" {
				t.Errorf("got dims %v type %#x name %q, want dims %v", idx.Dims, idx.DataType, idx.Name, tt.wantDims)
			}
			if want := tt.input[4+4*len(tt.wantDims):]; !bytes.Equal(idx.Data, want) {
				t.Errorf("data %v, want %v", idx.Data, want)
			}
		})
	}
}

// A header that announces the maximum size over a few bytes of data must not
// allocate the announced size: memory follows the data actually read.
func TestReadIDXForgedHeaderDoesNotAllocate(t *testing.T) {
	input := encodeIDX(0x08, []uint32{1 << 14, 1 << 14}, []byte{1, 2, 3}) // announces 256 MiB
	if n := allocatedBytes(func() { _, _ = ReadIDX(bytes.NewReader(input), "forged") }); n > 4<<20 {
		t.Errorf("reading a forged 256 MiB header allocated %d bytes, want < 4 MiB", n)
	}
	_, err := ReadIDX(bytes.NewReader(input), "forged")
	wantErrContains(t, err, "forged: truncated: header says 268435456 bytes of data", "got 3")
}

func TestReadIDXFile(t *testing.T) {
	dir := t.TempDir()
	raw := encodeIDX(0x08, []uint32{2, 2}, []byte{10, 20, 30, 40})
	tests := []struct {
		file    string
		content []byte
		wantErr []string
	}{
		{"plain-idx1-ubyte", raw, nil},
		{"packed-idx1-ubyte.gz", gzipBytes(t, raw), nil},
		{"notgzip-idx1-ubyte.gz", raw, []string{"notgzip-idx1-ubyte.gz: not a valid gzip file"}},
		{"cut-idx1-ubyte.gz", gzipBytes(t, raw)[:20], []string{"cut-idx1-ubyte.gz"}},
		{"no-trailer-idx1-ubyte.gz", gzipBytes(t, raw)[:len(gzipBytes(t, raw))-4],
			[]string{"no-trailer-idx1-ubyte.gz: truncated: the stream ends unexpectedly after the 4 bytes of data"}},
		{"corrupt-crc-idx1-ubyte.gz", corruptCRC(gzipBytes(t, raw)),
			[]string{"corrupt-crc-idx1-ubyte.gz: reading 4 bytes of IDX data: gzip: invalid checksum"}},
		{"truncated-idx1-ubyte.gz", gzipBytes(t, raw[:len(raw)-1]),
			[]string{"truncated-idx1-ubyte.gz: truncated: header says 4 bytes of data (dims [2 2]), got 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := writeFile(t, dir, tt.file, tt.content)
			idx, err := ReadIDXFile(path)
			if tt.wantErr != nil {
				wantErrContains(t, err, tt.wantErr...)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(idx.Data, []byte{10, 20, 30, 40}) || idx.Name != tt.file {
				t.Errorf("got %+v", idx)
			}
		})
	}
	_, err := ReadIDXFile(filepath.Join(dir, "missing.gz"))
	wantErrContains(t, err, "missing.gz", "no such file")
}

// corruptCRC flips bits in the CRC-32 of a gzip stream's trailer (the 8-byte
// trailer is CRC-32 then size, little-endian).
func corruptCRC(gz []byte) []byte {
	gz[len(gz)-8] ^= 0xff
	return gz
}

// encodeAgain re-encodes a parsed IDX, for the fuzz round trip.
func encodeAgain(idx *IDX) []byte {
	dims := make([]uint32, len(idx.Dims))
	for i, d := range idx.Dims {
		dims[i] = uint32(d)
	}
	return encodeIDX(idx.DataType, dims, idx.Data)
}

// FuzzReadIDX checks that ReadIDX never panics, that every error names the
// input, and that whatever it accepts is a well-formed IDX that re-encodes to
// exactly the input (so nothing was skipped or invented).
func FuzzReadIDX(f *testing.F) {
	f.Add(encodeIDX(0x08, []uint32{3}, []byte{7, 0, 9}))
	f.Add(encodeIDX(0x08, []uint32{2, 2, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8}))
	f.Add(encodeIDX(0x08, []uint32{1, 1, 1, 2}, []byte{1, 2}))
	f.Add(encodeIDX(0x08, []uint32{60000, 28, 28}, []byte{1, 2, 3}))
	f.Add(encodeIDX(0x0D, []uint32{1}, []byte{0, 0, 0, 0}))
	f.Add([]byte{0, 0, 8, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, input []byte) {
		idx, err := ReadIDX(bytes.NewReader(input), "fuzz.idx")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.idx: ") {
				t.Fatalf("error %q does not start with the input's name", err)
			}
			return
		}
		if len(idx.Dims) < 1 || len(idx.Dims) > MaxIDXDims {
			t.Fatalf("accepted %d dims", len(idx.Dims))
		}
		size := 1
		for _, d := range idx.Dims {
			if d <= 0 {
				t.Fatalf("accepted dims %v", idx.Dims)
			}
			size *= d
		}
		if size != len(idx.Data) || size > MaxIDXBytes {
			t.Fatalf("dims %v but %d data bytes", idx.Dims, len(idx.Data))
		}
		if !bytes.Equal(encodeAgain(idx), input) {
			t.Fatalf("re-encoding the parsed IDX does not give the input back")
		}
	})
}
