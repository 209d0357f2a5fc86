package computebackend

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestOpsGenIsCurrent regenerates ops_gen.go and compares: after a GoMLX or compute upgrade that
// changes either interface, the generator, the build or this test fails, never a silent gap.
func TestOpsGenIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	out := filepath.Join(t.TempDir(), "ops_gen.go")
	cmd := exec.Command("go", "run", "./internal/genops", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/genops: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("ops_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("ops_gen.go is stale: run go generate ./gomlx_ext/computebackend/")
	}
}
