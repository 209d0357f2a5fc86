package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/deepnb/deepnb/internal/atomicfile"
)

// TestFullDiskWhileWritingOutputs runs training in-process onto a disk that has room for the final
// checkpoint but not for the outputs after it: the error names the failed output and the intact
// checkpoint, and -resume then writes the outputs without training again.
func TestFullDiskWhileWritingOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three times")
	}
	args := func(out string) []string {
		return []string{"-model", "mlp", "-epochs", "1", "-batch", "50", "-train-limit", "500", "-out", out}
	}
	parse := func(a []string) options {
		o, err := parseFlags(a, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	// The final checkpoint's size, from a run with room.
	roomy := filepath.Join(t.TempDir(), "roomy")
	if err := run(parse(args(roomy)), io.Discard); err != nil {
		t.Fatal(err)
	}
	list, _ := filepath.Glob(filepath.Join(roomy, "checkpoints", "checkpoint-*.ckpt"))
	if len(list) != 1 {
		t.Fatalf("checkpoints of a 1-epoch run: %v, want one", list)
	}
	info, err := os.Stat(list[0])
	if err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "full")
	restore := atomicfile.LimitSpaceForTesting(info.Size() + 100)
	err = run(parse(args(out)), io.Discard)
	restore()
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("writing outputs onto a full disk: got %v, want ENOSPC", err)
	}
	t.Log(err)
	if !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), "final checkpoint") ||
		!strings.Contains(err.Error(), "is intact and verified") || !strings.Contains(err.Error(), "-resume") {
		t.Errorf("the error should name the full disk, the intact checkpoint and -resume: %v", err)
	}
	if err := run(parse(append(args(out), "-resume")), io.Discard); err != nil {
		t.Fatalf("rerunning with -resume after space was freed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "metrics.json")); err != nil {
		t.Errorf("metrics.json after the resumed run: %v", err)
	}
}
