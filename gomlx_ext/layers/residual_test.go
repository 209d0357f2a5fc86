package layers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestResidualRejectsABranchThatChangesTheShape: the error names the layer's scope and both shapes.
func TestResidualRejectsABranchThatChangesTheShape(t *testing.T) {
	b := testBackend(t)
	rng := rand.New(rand.NewPCG(1, 1))
	exec, err := context.NewExec(b, context.New(), func(ctx *context.Context, x *Node) *Node {
		return Residual(ctx.In("block3"), x, func(ctx *context.Context, x *Node) *Node {
			return Conv2D(ctx.In("conv"), x).Filters(4).Padding(Same).Done() // 2 channels in, 4 out
		})
	})
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	_, err = exec.Exec(randomValues(rng, 2, 5, 5, 2))
	if err == nil {
		t.Fatal("a branch with 4 channels on a 2-channel input built without an error")
	}
	for _, want := range []string{"layers.Residual(/block3)", "[2 5 5 2]", "[2 5 5 4]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// runBlock runs fn on x once (in training mode when training is set) and returns its output.
func runBlock(t *testing.T, b backends.Backend, ctx *context.Context, training bool, x *tensors.Tensor, fn func(ctx *context.Context, x *Node) *Node) []float64 {
	t.Helper()
	exec, err := context.NewExec(b, ctx.Checked(false), func(ctx *context.Context, x *Node) *Node {
		ctx.SetTraining(x.Graph(), training)
		return fn(ctx, x)
	})
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	out, err := exec.Exec(x)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return tensors.MustCopyFlatData[float64](out[0])
}

// TestResidualWithZeroBranchIsTheIdentity: x + 0 = x exactly, for Residual and for ConvBlock whose
// last batch norm has γ = β = 0 (the "zero-γ" start of Goyal et al.) on a non-negative input, as
// every block after the first ReLU sees. The plain block with the same variables is not the identity.
func TestResidualWithZeroBranchIsTheIdentity(t *testing.T) {
	b := testBackend(t)
	rng := rand.New(rand.NewPCG(2, 3))
	x := randomValues(rng, 3, 4, 4, 2)
	data := tensors.MustCopyFlatData[float64](x)
	for i := range data {
		data[i] = math.Abs(data[i]) + 0.1
	}
	x = tensors.FromFlatDataAndDimensions(data, 3, 4, 4, 2)

	got := runBlock(t, b, context.New(), false, x, func(ctx *context.Context, x *Node) *Node {
		return Residual(ctx.In("r"), x, func(_ *context.Context, x *Node) *Node { return ZerosLike(x) })
	})
	assertEqualValues(t, "Residual(x, 0)", got, data, 0)

	for _, plain := range []bool{false, true} {
		ctx := context.New()
		zero := tensors.FromFlatDataAndDimensions([]float64{0, 0}, 2)
		ctx.In("block").In("bn2").VariableWithValue("scale", zero)
		ctx.In("block").In("bn2").VariableWithValue("offset", tensors.FromFlatDataAndDimensions([]float64{0, 0}, 2))
		got := runBlock(t, b, ctx, true, x, func(ctx *context.Context, x *Node) *Node {
			block := ConvBlock(ctx.In("block"), x)
			if plain {
				block = block.Plain()
			}
			return block.Done()
		})
		if !plain {
			assertEqualValues(t, "ConvBlock with γ₂ = β₂ = 0", got, data, 0)
			continue
		}
		if worst := maxAbsDifference(got, data); !(worst > 0.1) {
			t.Errorf("plain ConvBlock with γ₂ = β₂ = 0: largest |y − x| = %g, want > 0.1 (it outputs ReLU(0) = 0)", worst)
		}
	}
}

func maxAbsDifference(a, b []float64) float64 {
	worst := 0.0
	for i := range a {
		worst = math.Max(worst, math.Abs(a[i]-b[i]))
	}
	return worst
}

func assertEqualValues(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	if worst := maxAbsDifference(got, want); !(worst <= tol) {
		t.Errorf("%s: largest difference %g > %g", what, worst, tol)
	}
}

// TestResidualGradientIsIdentityPlusBranchJacobian checks ∂(x + F(x))/∂x = I + ∂F/∂x on a tiny
// input: GoMLX's gradient of L = Σ R⊙(x + F(x)) against R + (∂F/∂x)ᵀR, where ∂F/∂x is measured
// alone by central differences of F. The branch is a Conv2D with fixed random weights and a tanh.
func TestResidualGradientIsIdentityPlusBranchJacobian(t *testing.T) {
	b := testBackend(t)
	rng := rand.New(rand.NewPCG(4, 5))
	dims := []int{1, 3, 3, 2}
	x, kernel, r := randomValues(rng, dims...), randomValues(rng, 3, 3, 2, 2), randomValues(rng, dims...)
	// The branch convolves on DeepNB's im2col path, whose gradient every backend has (GoMLX's own
	// Convolve gradient needs the Reverse op that the pure-Go "go" backend lacks).
	branch := func(x, k *Node) *Node { return Tanh(convIm2col(x, k, Same, 1)) }

	gradExec, err := NewExec(b, func(x, k, r *Node) *Node {
		y := Residual(nil, x, func(_ *context.Context, x *Node) *Node { return branch(x, k) })
		return Gradient(ReduceAllSum(Mul(y, r)), x)[0]
	})
	if err != nil {
		t.Fatalf("gradient exec: %v", err)
	}
	out, err := gradExec.Exec(x, kernel, r)
	if err != nil {
		t.Fatalf("gradient: %v", err)
	}
	auto := tensors.MustCopyFlatData[float64](out[0])

	fExec, err := NewExec(b, branch)
	if err != nil {
		t.Fatalf("branch exec: %v", err)
	}
	xs, rs := tensors.MustCopyFlatData[float64](x), tensors.MustCopyFlatData[float64](r)
	f := func(data []float64) []float64 {
		out, err := fExec.Exec(tensors.FromFlatDataAndDimensions(data, dims...), kernel)
		if err != nil {
			t.Fatalf("branch: %v", err)
		}
		return tensors.MustCopyFlatData[float64](out[0])
	}
	const h = 1e-6
	want := make([]float64, len(xs))
	branchOnly := make([]float64, len(xs))
	for j := range xs {
		plus, minus := append([]float64(nil), xs...), append([]float64(nil), xs...)
		plus[j] += h
		minus[j] -= h
		fp, fm := f(plus), f(minus)
		for i := range fp { // (∂F/∂x)ᵀR, column j
			branchOnly[j] += rs[i] * (fp[i] - fm[i]) / (2 * h)
		}
		want[j] = rs[j] + branchOnly[j] // the identity's I·R plus the branch's
	}
	// Central differences of a smooth function with h = 1e-6: error O(h²) plus rounding ~1e-10.
	assertEqualValues(t, "autodiff vs R + (∂F/∂x)ᵀR", auto, want, 1e-8)
	if worst := maxAbsDifference(auto, branchOnly); !(worst > 0.1) {
		t.Errorf("the same check cannot tell the shortcut's I·R apart: largest |auto − (∂F/∂x)ᵀR| = %g", worst)
	}
}

// TestConvBlockIsItsFormula: at its default initialisation ConvBlock equals
// ReLU(x + BN(Conv(ReLU(BN(Conv(x)))))) written out with the same layers in the same scopes (so
// with the same initial weights), and Plain the same without "x +": a block missing a layer, the
// middle ReLU or the shortcut fails.
func TestConvBlockIsItsFormula(t *testing.T) {
	b := testBackend(t)
	rng := rand.New(rand.NewPCG(6, 7))
	x := randomValues(rng, 2, 5, 5, 3)
	byHand := func(shortcut bool) func(ctx *context.Context, x *Node) *Node {
		return func(ctx *context.Context, x *Node) *Node {
			ctx = ctx.In("block")
			h := Conv2D(ctx.In("conv1"), x).Filters(3).Padding(Same).NoBias().Done()
			h = Max(BatchNorm(ctx.In("bn1"), h).Done(), ZerosLike(h))
			h = Conv2D(ctx.In("conv2"), h).Filters(3).Padding(Same).NoBias().Done()
			h = BatchNorm(ctx.In("bn2"), h).Done()
			if shortcut {
				h = Add(x, h)
			}
			return Max(h, ZerosLike(h))
		}
	}
	seeded := func() *context.Context {
		ctx := context.New()
		ctx.SetParam(context.ParamInitialSeed, int64(42))
		return ctx
	}
	for _, shortcut := range []bool{true, false} {
		block := runBlock(t, b, seeded(), true, x, func(ctx *context.Context, x *Node) *Node {
			cb := ConvBlock(ctx.In("block"), x)
			if !shortcut {
				cb = cb.Plain()
			}
			return cb.Done()
		})
		want := runBlock(t, b, seeded(), true, x, byHand(shortcut))
		other := runBlock(t, b, seeded(), true, x, byHand(!shortcut))
		assertEqualValues(t, fmt.Sprintf("ConvBlock (shortcut %v) against its formula", shortcut), block, want, 1e-12)
		if worst := maxAbsDifference(block, other); !(worst > 0.1) {
			t.Errorf("shortcut %v: the formula with the shortcut toggled differs by only %g; the test could not tell them apart", shortcut, worst)
		}
	}
}

// TestPlainConvBlockHasTheSameVariables: a plain and a residual block create the same variables
// (names and shapes), which notebook 15's paired comparison of the two networks relies on.
func TestPlainConvBlockHasTheSameVariables(t *testing.T) {
	b := testBackend(t)
	rng := rand.New(rand.NewPCG(8, 9))
	x := randomValues(rng, 2, 5, 5, 3)
	variables := func(plain bool) map[string]string {
		ctx := context.New()
		runBlock(t, b, ctx, true, x, func(ctx *context.Context, x *Node) *Node {
			cb := ConvBlock(ctx.In("block"), x)
			if plain {
				cb = cb.Plain()
			}
			return cb.Done()
		})
		got := map[string]string{}
		ctx.EnumerateVariables(func(v *context.Variable) { got[v.ScopeAndName()] = v.Shape().String() })
		return got
	}
	residual, plain := variables(false), variables(true)
	if len(residual) == 0 || fmt.Sprint(residual) != fmt.Sprint(plain) {
		t.Errorf("variables differ:\nresidual %v\nplain    %v", residual, plain)
	}
}
