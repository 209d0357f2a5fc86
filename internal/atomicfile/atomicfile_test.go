package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFileReplacesAndLeavesNoTemporaries(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "metrics.json")
	for _, content := range []string{"first", "second, longer content"} {
		if err := WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatalf("WriteFile: %v", err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("read back %q, %v; want %q", got, err, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want only metrics.json: %v", len(entries), entries)
	}
}

func TestWriteFileErrorKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keep.txt")
	if err := WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.txt"), []byte("new"), 0o644); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if err := WriteFile(dir+"/", []byte("new"), 0o644); err == nil {
		t.Fatal("writing to a directory path succeeded")
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Fatalf("old file changed to %q", got)
	}
}

// TestFullDiskKeepsOldFile: a write that runs out of space fails with ENOSPC, leaves the old file
// as it was and no temporary file behind.
func TestFullDiskKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "checkpoint.ckpt")
	if err := WriteFile(path, []byte("old, complete"), 0o644); err != nil {
		t.Fatal(err)
	}
	restore := LimitSpaceForTesting(5)
	err := WriteFile(path, []byte("new content that does not fit"), 0o644)
	restore()
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("writing past the limit: got %v, want ENOSPC", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old, complete" {
		t.Errorf("after the failed write the file holds %q, want the old content", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %v, want only the old file", entries)
	}
	if err := WriteFile(path, []byte("after restore"), 0o644); err != nil {
		t.Errorf("after restore: %v", err)
	}
}
