package datasets

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestVerifyMD5(t *testing.T) {
	// md5("abc") from RFC 1321's test suite.
	const abc = "900150983cd24fb0d6963f7d28e17f72"
	if err := VerifyMD5("abc.txt", "file", []byte("abc"), abc); err != nil {
		t.Errorf("VerifyMD5 of the right digest: %v", err)
	}
	err := VerifyMD5("abd.txt", "file", []byte("abd"), abc)
	wantErrContains(t, err, "abd.txt: md5 of the file is", "want "+abc, SkipChecksumEnv+"=1")
	var ce *ChecksumError
	if !errors.As(err, &ce) || ce.Want != abc || ce.Got == abc {
		t.Errorf("error %v is not a *ChecksumError with the two digests", err)
	}
}

func TestMD5ReaderHashesWhatIsRead(t *testing.T) {
	r := newMD5Reader(strings.NewReader("abc"))
	if _, err := io.Copy(io.Discard, r); err != nil {
		t.Fatal(err)
	}
	if err := r.verify("abc", "stream", "900150983cd24fb0d6963f7d28e17f72"); err != nil {
		t.Error(err)
	}
	if err := r.verify("abc", "stream", "00000000000000000000000000000000"); err == nil {
		t.Error("verify accepted a wrong digest")
	}
}
