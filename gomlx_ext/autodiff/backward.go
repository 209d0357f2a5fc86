package autodiff

import "sync/atomic"

// walks numbers the calls of TopologicalOrder, so each can mark the nodes it has reached.
var walks atomic.Uint64

// TopologicalOrder returns every node root depends on, root included, each exactly once and
// every node after all of its parents: leaves come first, root last. Walking the slice
// backwards therefore reaches a node only after every node that uses it.
//
// The depth-first search keeps its own stack, so a graph as deep as a long chain of Adds does
// not overflow the goroutine's stack. It marks the nodes it reaches, so two goroutines must not
// walk or differentiate graphs that share nodes at the same time (Backward writes their Grad
// anyway). It panics with an *Error if root is nil.
//
// Introduced in notebooks/06_autodiff.ipynb.
func TopologicalOrder(root *Value) []*Value {
	if root == nil {
		panic(misuse("TopologicalOrder", "root is nil"))
	}
	type frame struct {
		v    *Value
		next int // index of the next parent to visit
	}
	var order []*Value
	walk := walks.Add(1)
	root.visit = walk
	stack := []frame{{v: root}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < len(top.v.parents) {
			p := top.v.parents[top.next]
			top.next++
			if p.visit != walk {
				p.visit = walk
				stack = append(stack, frame{v: p})
			}
			continue
		}
		// All parents are placed: this node may follow them.
		order = append(order, top.v)
		stack = stack[:len(stack)-1]
	}
	return order
}

// TopologicalOrderRecursive returns the same order as TopologicalOrder, written as the
// textbook recursion (micrograd's build_topo): to place a node, first place each of its parents
// that is not placed yet, then append the node itself. It is the definition to read;
// TopologicalOrder is the same depth-first search with an explicit stack, which Backward uses
// because every level of this recursion is a stack frame and a map entry (a chain of twelve
// million Adds grows the goroutine's stack past Go's default 1 GB limit; four million still
// fit). It panics with an *Error if root is nil.
//
// Introduced in notebooks/06_autodiff.ipynb.
func TopologicalOrderRecursive(root *Value) []*Value {
	if root == nil {
		panic(misuse("TopologicalOrderRecursive", "root is nil"))
	}
	var order []*Value
	placed := map[*Value]bool{}
	var place func(v *Value)
	place = func(v *Value) {
		if placed[v] {
			return
		}
		placed[v] = true
		for _, p := range v.parents {
			place(p)
		}
		order = append(order, v) // every parent is already in order
	}
	place(root)
	return order
}

// Backward sets Grad of every node root depends on to ∂root/∂node, and returns the topological
// order it used. It first zeroes those gradients, so calling it twice gives the same result
// (PyTorch's backward() adds to old gradients instead, which is why its users call zero_grad);
// then it seeds ∂root/∂root = 1 and, from the root down to the leaves, adds each node's
// local derivative × its gradient to its parents' gradients. A node used by several others,
// or twice by one, sums all their contributions — the multivariable chain rule.
//
// It panics with an *Error if root is nil.
//
// Introduced in notebooks/06_autodiff.ipynb.
func (root *Value) Backward() []*Value {
	if root == nil {
		panic(misuse("Backward", "root is nil"))
	}
	order := TopologicalOrder(root)
	for _, v := range order {
		v.Grad = 0
	}
	root.Grad = 1
	for i := len(order) - 1; i >= 0; i-- {
		v := order[i]
		for j, p := range v.parents {
			p.Grad += v.local[j] * v.Grad
		}
	}
	return order
}
