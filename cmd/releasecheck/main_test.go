package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/internal/release"
)

func TestAgreeingRepository(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-root", "../.."}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "release-check: v") {
		t.Errorf("output: %q", out.String())
	}
}

// A copy of the repository whose cuda Dockerfile names another release fails, naming it.
func TestDisagreeingCopyFails(t *testing.T) {
	dir := t.TempDir()
	for _, f := range release.Files() {
		data, err := os.ReadFile(filepath.Join("../..", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "docker/Dockerfile.cuda" {
			data = []byte(strings.Replace(string(data), `org.opencontainers.image.version="`,
				`org.opencontainers.image.version="0.0.0-mismatch`, 1))
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := run([]string{"-root", dir}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "docker/Dockerfile.cuda:") {
		t.Errorf("run: %v, want an error naming docker/Dockerfile.cuda", err)
	}
	if err := run([]string{"extra"}, io.Discard, io.Discard); err == nil {
		t.Error("an unexpected argument was accepted")
	}
}
