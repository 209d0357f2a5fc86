package ingraph

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// TwoLayerNodes are the four parameters as nodes of one GoMLX graph (or, from
// TwoLayerBackward and TwoLayerAutodiff, their gradients): W1 [in, hidden],
// B1 [hidden], W2 [hidden, out], B2 [out], all of one float dtype.
type TwoLayerNodes struct {
	W1, B1, W2, B2 *graph.Node
}

// Nodes returns the parameters in the order of fromscratch.TwoLayerParamNames.
func (p TwoLayerNodes) Nodes() []*graph.Node { return []*graph.Node{p.W1, p.B1, p.W2, p.B2} }

// TwoLayerGraphCache is the graph version of fromscratch.TwoLayerCache: the nodes TwoLayerBackward reuses.
type TwoLayerGraphCache struct {
	// X is the input batch [n, in], in the parameters' dtype.
	X *graph.Node
	// Z1 and A1 are the hidden pre-activation and activation [n, hidden].
	Z1, A1 *graph.Node
	// Logits is [n, out].
	Logits *graph.Node
	// Y is the one-hot target [n, out].
	Y *graph.Node
}

// TwoLayerForward builds the network and its mean softmax cross-entropy on a
// batch x [n, in] (any float dtype: converted to the parameters') with
// integer labels [n] or [n, 1]. Like GoMLX's own graph functions it panics
// with an error on shapes that do not fit; graph.Exec returns it as an error.
func TwoLayerForward(p TwoLayerNodes, act fromscratch.Activation, x, labels *graph.Node) (loss *graph.Node, cache *TwoLayerGraphCache) {
	in, hidden, out := checkGraphParams(p)
	if err := checkElementwise(act); err != nil {
		panic(err)
	}
	dtype := p.W1.DType()
	if x.Rank() != 2 || x.Shape().Dim(1) != in || !x.DType().IsFloat() {
		panic(fmt.Errorf("ingraph: TwoLayerForward: x has shape %s, want [n, %d] floats", x.Shape(), in))
	}
	n := x.Shape().Dim(0)
	if labels.Rank() == 2 && labels.Shape().Dim(1) == 1 {
		labels = graph.Reshape(labels, n)
	}
	if !labels.DType().IsInt() || labels.Rank() != 1 || labels.Shape().Dim(0) != n {
		panic(fmt.Errorf("ingraph: TwoLayerForward: labels have shape %s, want [%d] or [%d, 1] integers", labels.Shape(), n, n))
	}
	c := &TwoLayerGraphCache{X: graph.ConvertDType(x, dtype), Y: graph.OneHot(labels, out, dtype)}
	c.Z1 = graph.Add(graph.Dot(c.X, p.W1), graph.InsertAxes(p.B1, 0)) // b1 as [1, hidden] broadcasts over the n rows
	c.Z1.AssertDims(n, hidden)
	c.A1 = Activate(c.Z1, act)
	c.Logits = graph.Add(graph.Dot(c.A1, p.W2), graph.InsertAxes(p.B2, 0))
	c.Logits.AssertDims(n, out)
	return CrossEntropyLogits(c.Logits, c.Y), c
}

// TwoLayerBackward builds the gradients of TwoLayerForward's loss by the chain
// rule written out as matrix products — no graph.Gradient involved:
//
//	δ²  = (softmax(logits) − y) / n
//	dW2 = a¹ᵀ·δ²,  db2 = Σᵢ δ²ᵢ
//	δ¹  = (δ²·W2ᵀ) ⊙ f'(z¹)
//	dW1 = Xᵀ·δ¹,   db1 = Σᵢ δ¹ᵢ
//
// The transposed products are DotGeneral contractions over the batch axis
// (aᵀ·δ) or the output axis (δ·Wᵀ), so no transpose is materialised.
//
// Introduced in notebooks/05_backprop.ipynb.
func TwoLayerBackward(p TwoLayerNodes, act fromscratch.Activation, c *TwoLayerGraphCache) TwoLayerNodes {
	checkGraphParams(p)
	if c == nil {
		panic(fmt.Errorf("ingraph: TwoLayerBackward: cache is nil (build TwoLayerForward first)"))
	}
	n := c.X.Shape().Dim(0)
	delta2 := graph.DivScalar(graph.Sub(Softmax(c.Logits), c.Y), float64(n))
	var grads TwoLayerNodes
	grads.W2 = graph.DotGeneral(c.A1, []int{0}, nil, delta2, []int{0}, nil)
	grads.B2 = graph.ReduceSum(delta2, 0)
	dA1 := graph.DotGeneral(delta2, []int{1}, nil, p.W2, []int{1}, nil)
	delta1 := graph.Mul(dA1, ActivationDerivative(c.Z1, c.A1, act))
	grads.W1 = graph.DotGeneral(c.X, []int{0}, nil, delta1, []int{0}, nil)
	grads.B1 = graph.ReduceSum(delta1, 0)
	for i, g := range grads.Nodes() {
		g.AssertDims(p.Nodes()[i].Shape().Dimensions...)
	}
	return grads
}

// TwoLayerAutodiff builds the same gradients with GoMLX's reverse-mode
// automatic differentiation, graph.Gradient.
func TwoLayerAutodiff(p TwoLayerNodes, loss *graph.Node) TwoLayerNodes {
	checkGraphParams(p)
	g := graph.Gradient(loss, p.Nodes()...)
	return TwoLayerNodes{W1: g[0], B1: g[1], W2: g[2], B2: g[3]}
}

// checkGraphParams panics unless the parameters have fitting shapes and
// one float dtype; it returns the layer widths.
func checkGraphParams(p TwoLayerNodes) (in, hidden, out int) {
	nodes := p.Nodes()
	for i, n := range nodes {
		if n == nil {
			panic(fmt.Errorf("ingraph: parameter %s is nil", fromscratch.TwoLayerParamNames[i]))
		}
		if !n.DType().IsFloat() || n.DType() != p.W1.DType() {
			panic(fmt.Errorf("ingraph: parameter %s has dtype %s, want the float dtype of W1 (%s)", fromscratch.TwoLayerParamNames[i], n.DType(), p.W1.DType()))
		}
	}
	if p.W1.Rank() != 2 || p.W2.Rank() != 2 || p.B1.Rank() != 1 || p.B2.Rank() != 1 {
		panic(fmt.Errorf("ingraph: parameter shapes W1 %s, b1 %s, W2 %s, b2 %s, want ranks 2, 1, 2, 1",
			p.W1.Shape(), p.B1.Shape(), p.W2.Shape(), p.B2.Shape()))
	}
	in, hidden, out = p.W1.Shape().Dim(0), p.W1.Shape().Dim(1), p.W2.Shape().Dim(1)
	if p.W2.Shape().Dim(0) != hidden || p.B1.Shape().Dim(0) != hidden || p.B2.Shape().Dim(0) != out {
		panic(fmt.Errorf("ingraph: parameter shapes W1 %s, b1 %s, W2 %s, b2 %s do not fit an in→hidden→out network",
			p.W1.Shape(), p.B1.Shape(), p.W2.Shape(), p.B2.Shape()))
	}
	return in, hidden, out
}
