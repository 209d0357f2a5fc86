package autodiff

import (
	"fmt"
	"strings"
)

// MaxDOTNodes is the largest graph DOT draws: past a few hundred boxes a drawing is no longer
// something to read.
//
// Introduced in notebooks/06_autodiff.ipynb.
const MaxDOTNodes = 300

// DOT returns root's graph in Graphviz's DOT language, drawn left to right like micrograd's
// draw_dot: one box per Value showing its label, Data and Grad, and for each computed Value a
// small circle with its operation, with arrows from the operands to the operation and on to the
// result. A Value used twice by one operation gets two arrows. Nodes are numbered in
// TopologicalOrder, so the same graph always gives the same text. Render it with
// plotting.RenderDOT (Graphviz's dot program).
//
// It returns an error if root is nil or the graph has more than MaxDOTNodes Values.
//
// Introduced in notebooks/06_autodiff.ipynb.
func DOT(root *Value) (string, error) {
	if root == nil {
		return "", fmt.Errorf("autodiff: DOT: root is nil")
	}
	order := TopologicalOrder(root)
	if len(order) > MaxDOTNodes {
		return "", fmt.Errorf("autodiff: DOT: graph has %d values, more than MaxDOTNodes = %d: draw a smaller expression", len(order), MaxDOTNodes)
	}
	id := make(map[*Value]int, len(order))
	for i, v := range order {
		id[v] = i
	}
	var b strings.Builder
	b.WriteString("digraph autodiff {\n")
	b.WriteString("  rankdir=LR;\n")
	b.WriteString("  node [shape=record, fontname=\"Helvetica\", fontsize=11];\n")
	for i, v := range order {
		fmt.Fprintf(&b, "  v%d [label=\"{ %s | data %.4f | grad %.4f }\"];\n", i, escapeRecord(v.Label), v.Data, v.Grad)
		if v.IsLeaf() {
			continue
		}
		fmt.Fprintf(&b, "  v%d_op [label=\"%s\", shape=circle, fontsize=10];\n", i, escapeRecord(v.op))
		fmt.Fprintf(&b, "  v%d_op -> v%d;\n", i, i)
		for _, p := range v.parents {
			fmt.Fprintf(&b, "  v%d -> v%d_op;\n", id[p], i)
		}
	}
	b.WriteString("}\n")
	return b.String(), nil
}

// escapeRecord quotes the characters that are special inside a DOT string or a record label.
func escapeRecord(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '"', '{', '}', '|', '<', '>':
			b.WriteByte('\\')
		case '\n':
			b.WriteString(`\n`)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
