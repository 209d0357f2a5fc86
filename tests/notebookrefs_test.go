package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/internal/nbexec"
)

// TestNoStaleNotebookRefs: every notebook a Go comment, a Markdown file or a notebook source names
// exists.
func TestNoStaleNotebookRefs(t *testing.T) {
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	stale, err := StaleNotebookRefs(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stale {
		t.Error(s)
	}
}

// TestStaleNotebookRefsFails points a doc comment at a missing notebook and checks that it is
// reported, and that comments naming existing notebooks are not.
func TestStaleNotebookRefsFails(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("notebooks/02_forward_pass.ipynb", "{}")
	write("pkg/a.go", "// Package a is introduced in notebooks/02_forward_pass.ipynb.\npackage a\n\n"+
		"// F is introduced in notebooks/98_missing.ipynb and 99_gone.ipynb.\nfunc F() {}\n")
	write("notebooks/src/02_forward_pass.nb.txt", "## markdown\nSee `02_forward_pass` and `97_renamed`.\n")
	write("docs/guide.md", "Open notebooks/02_forward_pass.ipynb, then notebooks/96_moved.ipynb.\n")
	write("CHANGELOG.md", "- `95_old_name` was renamed.\n")
	stale, err := StaleNotebookRefs(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"docs/guide.md:1: notebooks/96_moved.ipynb does not exist",
		"notebooks/src/02_forward_pass.nb.txt:2: notebooks/97_renamed.ipynb does not exist"}
	if len(stale) != 4 || stale[0] != filepath.FromSlash(want[0]) || stale[1] != filepath.FromSlash(want[1]) {
		t.Errorf("stale references %q, want %q first and no CHANGELOG.md line", stale, want)
	}
	stale = stale[2:]
	if len(stale) != 2 || !strings.Contains(stale[0], "98_missing") || !strings.Contains(stale[1], "99_gone") ||
		!strings.HasPrefix(stale[0], filepath.Join("pkg", "a.go")+":4:") {
		t.Errorf("stale references %q, want 98_missing and 99_gone at pkg/a.go:4", stale)
	}
}
