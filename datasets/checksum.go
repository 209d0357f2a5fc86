package datasets

import (
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
)

// SkipChecksumEnv names the environment variable that turns off checksum
// verification when set to "1". It exists for users who point DEEPNB_MNIST_DIR
// or DEEPNB_FASHION_DIR at a copy that is deliberately different (re-compressed,
// or a subset); with the default data leave it unset.
const SkipChecksumEnv = "DEEPNB_SKIP_CHECKSUM"

// ChecksumError reports data whose md5 differs from the published one: a
// corrupt download, a different version, or the wrong file under the right name.
type ChecksumError struct {
	// Name is the file that was checked.
	Name string
	// What says which bytes were hashed, e.g. "file" or "decompressed data".
	What string
	// Want and Got are lowercase hex md5 digests.
	Want, Got string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("%s: md5 of the %s is %s, want %s (corrupt or different file; set %s=1 to skip the check)",
		e.Name, e.What, e.Got, e.Want, SkipChecksumEnv)
}

// SkipChecksum reports whether the user opted out of checksum verification
// through DEEPNB_SKIP_CHECKSUM=1.
func SkipChecksum() bool { return os.Getenv(SkipChecksumEnv) == "1" }

// MD5Hex returns the lowercase hex md5 of data.
func MD5Hex(data []byte) string {
	sum := md5.Sum(data)
	return hex.EncodeToString(sum[:])
}

// VerifyMD5 checks that data hashes to want (lowercase hex). name and what
// describe the data for the error message.
func VerifyMD5(name, what string, data []byte, want string) error {
	if got := MD5Hex(data); got != want {
		return &ChecksumError{Name: name, What: what, Want: want, Got: got}
	}
	return nil
}

// md5Reader hashes everything read through it, so a stream can be verified
// without holding it in memory twice.
type md5Reader struct {
	r io.Reader
	h hash.Hash
}

func newMD5Reader(r io.Reader) *md5Reader { return &md5Reader{r: r, h: md5.New()} }

func (m *md5Reader) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	m.h.Write(p[:n])
	return n, err
}

// verify compares the digest of what has been read so far with want.
func (m *md5Reader) verify(name, what, want string) error {
	if got := hex.EncodeToString(m.h.Sum(nil)); got != want {
		return &ChecksumError{Name: name, What: what, Want: want, Got: got}
	}
	return nil
}

// gzipMD5Reader gunzips a stream and hashes the decompressed bytes.
type gzipMD5Reader struct {
	*md5Reader
	zr *gzip.Reader
}

func newGzipMD5Reader(r io.Reader, name string) (*gzipMD5Reader, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid gzip file: %w", name, err)
	}
	return &gzipMD5Reader{md5Reader: newMD5Reader(zr), zr: zr}, nil
}

func (g *gzipMD5Reader) Close() error { return g.zr.Close() }
