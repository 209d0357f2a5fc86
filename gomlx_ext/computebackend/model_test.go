package computebackend

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
)

// Whole models on both backends with the same weights and batch: the forward pass, the loss and
// the gradient of every trainable variable of one training step must agree within float32
// rounding. The two backends do not even run the same graph: on simplego DeepNB's Conv2D and
// MaxPool2D use their im2col and strided-slice formulations with hand-written gradients, on the
// adapter GoMLX's native Convolve and MaxPool with autodiff gradients (ConvGeneral, Reverse, Pad,
// SelectAndScatterMax), so this is the end-to-end check that training on the adapter computes
// what training on simplego computes.

// modelTol is relative to each tensor's scale: the dense layers sum thousands of float32 terms
// (seed CNN: 5408 per hidden unit) in different orders, and a gradient element that is a sum of
// cancelling terms agrees only to that accuracy relative to the terms, not to itself.
const modelTol = 1e-4

// stepResult is what one training step computes.
type stepResult struct {
	logits, loss *tensors.Tensor
	grads        map[string]*tensors.Tensor // by variable scope and name
	// nativeOps counts the graph's ConvGeneral and ReduceWindow nodes: GoMLX's native
	// convolution and pooling, which DeepNB's layers use only where the backend has their
	// gradients.
	nativeOps int
}

// trainingStep runs model on b with ctx's variables (initialising them on first use) and returns
// the logits, the mean cross-entropy and its gradient for every trainable variable.
func trainingStep(t *testing.T, b backends.Backend, ctx *context.Context, model func(*context.Context, *Node) *Node, images, labels *tensors.Tensor) stepResult {
	t.Helper()
	var names []string
	nativeOps := 0
	exec, err := context.NewExec(b, ctx, func(ctx *context.Context, x, y *Node) []*Node {
		ctx.SetTraining(x.Graph(), true)
		logits := model(ctx, x)
		loss := ReduceAllMean(losses.SparseCategoricalCrossEntropyLogits([]*Node{y}, []*Node{logits}))
		var vars []*Node
		names = names[:0]
		for v := range ctx.IterVariables() {
			if v.Trainable {
				names = append(names, v.ScopeAndName())
				vars = append(vars, v.ValueGraph(x.Graph()))
			}
		}
		grads := Gradient(loss, vars...)
		nativeOps = 0
		for _, n := range x.Graph().Nodes() {
			if n.Type() == NodeTypeConvGeneral || n.Type() == NodeTypeReduceWindow {
				nativeOps++
			}
		}
		return append([]*Node{logits, loss}, grads...)
	})
	if err != nil {
		t.Fatalf("building the training step: %v", err)
	}
	defer exec.Finalize()
	out, err := exec.Exec(localClones(t, []*tensors.Tensor{images, labels})...)
	if err != nil {
		t.Fatalf("training step: %v", err)
	}
	r := stepResult{logits: out[0], loss: out[1], grads: map[string]*tensors.Tensor{}, nativeOps: nativeOps}
	for i, name := range names {
		r.grads[name] = out[2+i]
	}
	return r
}

// copyVariables returns a new context holding local copies of every variable of ctx (weights,
// batch-norm statistics, the RNG state), so a second backend starts from the same values.
func copyVariables(t *testing.T, ctx *context.Context) *context.Context {
	t.Helper()
	out := context.New()
	for v := range ctx.IterVariables() {
		value, err := v.MustValue().LocalClone()
		if err != nil {
			t.Fatalf("copying %s: %v", v.ScopeAndName(), err)
		}
		out.InAbsPath(v.Scope()).VariableWithValue(v.Name(), value).SetTrainable(v.Trainable)
	}
	return out
}

// closeToScale reports the first element where |got − want| > tol·(|want| + max|want|), or "".
func closeToScale(got, want []float64, tol float64) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d values, want %d", len(got), len(want))
	}
	scale := 0.0
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= tol*(math.Abs(want[i])+scale)) {
			return fmt.Sprintf("element %d = %.9g, want %.9g (difference %.3g; tensor scale %.3g, tolerance %.3g of it)", i, got[i], want[i], d, scale, tol)
		}
	}
	return ""
}

func TestModelsAgreeWithSimplego(t *testing.T) {
	adapter, stock := testBackends(t)
	for _, c := range []struct {
		name  string
		model func(*context.Context, *Node) *Node
		image []int
	}{
		// The seed CNN (notebook 01): Conv2D 3×3×32 → MaxPool 2 → ReLU → Dense 128 → Dense 10.
		{"SeedCNN", models.SeedCNN, []int{4, 28, 28, 1}},
		// FashionCNN's structure (notebook 12) at toy size, without dropout (the two backends'
		// random streams differ): SAME convolutions, max-pooling, DeepNB's BatchNorm in training
		// mode, ReLU, two dense layers.
		{"CNN with batch norm", models.CNN{Filters: []int{4, 8}, BatchNorm: true, Dense: 16}.Build, []int{4, 12, 12, 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := newRNG(6)
			images := uniform32(rng, 0, 1, c.image...)
			labels := ints32(rng, models.NumClasses, c.image[0], 1)

			// The step on simplego initialises the variables (from a fixed seed); the adapter
			// then gets copies. The step changes only batch norm's running statistics, which
			// training mode does not read, so both backends compute with the same weights.
			ctxStock := context.New()
			ctxStock.SetParam(context.ParamInitialSeed, int64(3))
			want := trainingStep(t, stock, ctxStock, c.model, images, labels)
			got := trainingStep(t, adapter, copyVariables(t, ctxStock).Checked(false), c.model, images, labels)

			if got.nativeOps == 0 || want.nativeOps != 0 {
				t.Errorf("native convolution/pooling nodes: %d on the adapter (want some), %d on simplego (want none): the backends no longer run different formulations",
					got.nativeOps, want.nativeOps)
			}
			for _, o := range []struct {
				what      string
				got, want *tensors.Tensor
			}{{"logits", got.logits, want.logits}, {"loss", got.loss, want.loss}} {
				if msg := closeToScale(asFloat64(t, o.got), asFloat64(t, o.want), modelTol); msg != "" {
					t.Errorf("%s: %s", o.what, msg)
				}
			}
			if len(want.grads) == 0 || len(got.grads) != len(want.grads) {
				t.Fatalf("%d gradients on the adapter, %d on simplego", len(got.grads), len(want.grads))
			}
			for _, name := range slices.Sorted(maps.Keys(want.grads)) {
				g, ok := got.grads[name]
				if !ok {
					t.Errorf("no gradient for %s on the adapter", name)
					continue
				}
				w := want.grads[name]
				if !g.Shape().Equal(w.Shape()) {
					t.Errorf("gradient of %s: shape %s, simplego %s", name, g.Shape(), w.Shape())
					continue
				}
				wv := asFloat64(t, w)
				if slices.Max(wv) == 0 && slices.Min(wv) == 0 {
					t.Errorf("gradient of %s is zero on simplego: the comparison would prove nothing", name)
				}
				if msg := closeToScale(asFloat64(t, g), wv, modelTol); msg != "" {
					t.Errorf("gradient of %s %s: %s", name, w.Shape(), msg)
				}
			}
		})
	}
}
