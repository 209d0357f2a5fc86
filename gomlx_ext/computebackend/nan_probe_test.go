package computebackend

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph"
)

func TestNaNProbe(t *testing.T) {
	b, _ := New("")
	nan := float32(math.NaN())
	x := []float32{nan, 1, -1, 2}
	for name, f := range map[string]func(*Node) *Node{
		"relu": func(n *Node) *Node { return Max(n, ZerosLike(n)) },
		"relu2": func(n *Node) *Node { return Max(ZerosLike(n), n) },
		"maxall": func(n *Node) *Node { return ReduceAllMax(n) },
		"sum": func(n *Node) *Node { return ReduceAllSum(n) },
		"dot": func(n *Node) *Node { m := Reshape(n, 2, 2); return Dot(m, OnesLike(m)) },
	} {
		out := MustExecOnce(b, f, x)
		t.Logf("%s: %v", name, out)
	}
}
