package goblas

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRecordGenIsCurrent regenerates record_gen.go and compares: after a GoMLX upgrade that
// changes backends.Builder, the build fails or this test does, never a silent gap.
func TestRecordGenIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	out := filepath.Join(t.TempDir(), "record_gen.go")
	cmd := exec.Command("go", "run", "./internal/genrecord", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/genrecord: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("record_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("record_gen.go is stale: run go generate ./gomlx_ext/goblas/")
	}
}
