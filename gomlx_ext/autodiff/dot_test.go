package autodiff_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/autodiff"
)

// TestDOTText checks the exact DOT text of L = tanh(x·w) + x, where x is used twice. By hand:
// ∂L/∂(x·w) = 1 − tanh²(−1) = 0.4200, ∂L/∂x = 0.42·w + 1 = 0.7900, ∂L/∂w = 0.42·x = 0.8399.
func TestDOTText(t *testing.T) {
	x, w := autodiff.New(2, "x"), autodiff.New(-0.5, "w")
	xw := x.Mul(w)
	xw.Label = "x·w"
	L := xw.Tanh().Add(x)
	L.Label = "L"
	L.Backward()
	got, err := autodiff.DOT(L)
	if err != nil {
		t.Fatal(err)
	}
	want := `digraph autodiff {
  rankdir=LR;
  node [shape=record, fontname="Helvetica", fontsize=11];
  v0 [label="{ x | data 2.0000 | grad 0.7900 }"];
  v1 [label="{ w | data -0.5000 | grad 0.8399 }"];
  v2 [label="{ x·w | data -1.0000 | grad 0.4200 }"];
  v2_op [label="*", shape=circle, fontsize=10];
  v2_op -> v2;
  v0 -> v2_op;
  v1 -> v2_op;
  v3 [label="{  | data -0.7616 | grad 1.0000 }"];
  v3_op [label="tanh", shape=circle, fontsize=10];
  v3_op -> v3;
  v2 -> v3_op;
  v4 [label="{ L | data 1.2384 | grad 1.0000 }"];
  v4_op [label="+", shape=circle, fontsize=10];
  v4_op -> v4;
  v3 -> v4_op;
  v0 -> v4_op;
}
`
	if got != want {
		t.Errorf("DOT:\n%s\nwant:\n%s", got, want)
	}
}

func TestDOTEscapesAndLimits(t *testing.T) {
	v := autodiff.New(1, `a{b}|"c"<d>\`)
	got, _ := autodiff.DOT(v)
	if !strings.Contains(got, `a\{b\}\|\"c\"\<d\>\\`) {
		t.Errorf("labels not escaped:\n%s", got)
	}
	x := autodiff.New(1, "x")
	big := x
	for range autodiff.MaxDOTNodes {
		big = big.Add(x)
	}
	if _, err := autodiff.DOT(big); err == nil || !strings.Contains(err.Error(), "more than MaxDOTNodes") {
		t.Errorf("DOT of %d nodes: error %v", autodiff.MaxDOTNodes+1, err)
	}
}

// TestDOTRendersWithGraphviz feeds the text to Graphviz's dot where it is installed (setup
// installs it; the test skips without it).
func TestDOTRendersWithGraphviz(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz's dot is not installed (Debian package graphviz)")
	}
	a, b := autodiff.New(2, "a"), autodiff.New(3, "b")
	text, _ := autodiff.DOT(a.Mul(b).Add(a))
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = strings.NewReader(text)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("dot -Tsvg: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "<svg") || !strings.Contains(string(out), "data 2.0000") {
		t.Errorf("dot -Tsvg output has no <svg> or no node text:\n%.500s", out)
	}
}
