package plotting_test

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

func TestRenderDOT(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("Graphviz's dot is not installed (Debian package graphviz; make setup installs it)")
	}
	svg, err := plotting.RenderDOT("digraph g { a -> b; }")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "<svg") || !strings.Contains(string(svg), ">a</text>") {
		t.Errorf("no <svg> or no node a in:\n%.400s", svg)
	}
	_, err = plotting.RenderDOT("digraph g { a -> ; }")
	if err == nil || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("bad DOT: error %v, want dot's syntax error quoted", err)
	}
}

func TestRenderDOTWithoutGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := plotting.RenderDOT("digraph g { a -> b; }")
	if !errors.Is(err, plotting.ErrNoGraphviz) || !strings.Contains(err.Error(), "Debian package graphviz") {
		t.Errorf("error %v, want one wrapping ErrNoGraphviz", err)
	}
}
