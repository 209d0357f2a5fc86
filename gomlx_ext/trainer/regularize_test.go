package trainer

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// oneStep trains toyModel for one step from the same initial weights (biases made non-zero, so
// that decaying them would show) and returns the variables before and after.
func oneStep(t *testing.T, cfg Config) (before, after map[string][]byte) {
	t.Helper()
	b := testBackend(t)
	data := toyImages(t, "toy train", 16, 1, false)
	ctx := context.New()
	ctx.SetParam(context.ParamInitialSeed, int64(DefaultSeed))
	// Initialise the variables before Fit, so that W₀ can be read.
	init, err := context.NewExec(b, ctx, func(ctx *context.Context, x *graph.Node) *graph.Node {
		return toyModel(ctx, nil, []*graph.Node{x})[0]
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := init.Exec(tensors.FromFlatDataAndDimensions(data.Pixels, data.N, toySide, toySide, 1)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"hidden", "logits"} {
		v := ctx.GetVariableByScopeAndName("/"+name, "biases")
		values := make([]float32, v.Shape().Size())
		for i := range values {
			values[i] = 0.1 * float32(i+1)
		}
		v.MustSetValue(tensors.FromFlatDataAndDimensions(values, v.Shape().Dimensions...))
	}
	before = variableBytes(t, ctx)
	cfg.Epochs = 1
	if _, err := Fit(b, ctx.Checked(false), toyModel, toyBatches(t, data, 16, true), nil, "", quiet(cfg)); err != nil {
		t.Fatal(err)
	}
	return before, variableBytes(t, ctx)
}

var toyVariables = []string{"/hidden/weights", "/logits/weights", "/hidden/biases", "/logits/biases"}

// TestPenaltiesSGDStep checks one plain-SGD step against the formulas: with an L2 penalty the
// kernels move by an extra −α·λ·W₀, with an L1 penalty by −α·λ·sign(W₀); biases not at all.
func TestPenaltiesSGDStep(t *testing.T) {
	const lr, lambda = 0.1, 0.5
	_, plain := oneStep(t, Config{Optimizer: optim.SGD(lr).Done()})
	for _, tt := range []struct {
		name  string
		cfg   Config
		extra func(w0 float64) float64
	}{
		{"L2", Config{L2: lambda}, func(w0 float64) float64 { return -lr * lambda * w0 }},
		{"L1", Config{L1: lambda}, func(w0 float64) float64 { return -lr * lambda * sign(w0) }},
		{"L1+L2", Config{L1: lambda, L2: lambda}, func(w0 float64) float64 { return -lr * lambda * (sign(w0) + w0) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Optimizer = optim.SGD(lr).Done()
			initial, penalised := oneStep(t, tt.cfg)
			for _, name := range toyVariables {
				w0, p, d := float32s(initial[name]), float32s(plain[name]), float32s(penalised[name])
				for i := range w0 {
					want := float64(p[i])
					if strings.HasSuffix(name, "weights") {
						want += tt.extra(float64(w0[i]))
					}
					if math.Abs(float64(d[i])-want) > 1e-6 {
						t.Fatalf("%s[%d] = %g with %s, want %g (plain step %g, W₀ %g)", name, i, d[i], tt.name, want, p[i], w0[i])
					}
				}
			}
		})
	}
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// TestL1Subgradient checks the gradient of the penalty itself, at a weight exactly at zero
// included: λ₁·sign(W) + λ₂·W, with sign(0) = 0.
func TestL1Subgradient(t *testing.T) {
	const l1, l2 = 0.3, 0.2
	w := []float32{-2, -0.5, 0, 0.25, 3}
	exec, err := graph.NewExec(testBackend(t), func(x *graph.Node) (*graph.Node, *graph.Node) {
		penalty := weightPenalty([]*graph.Node{x}, l1, l2)
		return penalty, graph.Gradient(penalty, x)[0]
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Exec(tensors.FromValue(w))
	if err != nil {
		t.Fatal(err)
	}
	value := tensors.MustCopyFlatData[float32](out[0])[0]
	grad := tensors.MustCopyFlatData[float32](out[1])
	var wantValue float64
	for i, wi := range w {
		x := float64(wi)
		wantValue += l1*math.Abs(x) + l2/2*x*x
		if want := l1*sign(x) + l2*x; math.Abs(float64(grad[i])-want) > 1e-6 {
			t.Errorf("∂penalty/∂w at w = %g: %g, want %g", x, grad[i], want)
		}
	}
	if math.Abs(float64(value)-wantValue) > 1e-5 {
		t.Errorf("penalty = %g, want %g", value, wantValue)
	}
	if weightPenalty(nil, l1, l2) != nil {
		t.Error("penalty of no weights: want nil")
	}
}

// TestDecoupledWeightDecay checks AdamW's rule on one step of the default Adam: every variable,
// biases included, moves by an extra −α·μ·W₀ whatever its gradient. An L2 penalty of the same
// size under Adam does not: the first Adam step is α·g/|g| per weight, so adding λ·W to g moves
// a weight by a different amount, and only where it flips the sign of g.
func TestDecoupledWeightDecay(t *testing.T) {
	const lr, mu = 0.01, 0.5
	_, plain := oneStep(t, Config{LearningRate: lr})
	initial, decayed := oneStep(t, Config{LearningRate: lr, DecoupledWeightDecay: mu})
	_, penalised := oneStep(t, Config{LearningRate: lr, L2: mu})
	unlikeDecay := 0
	for _, name := range toyVariables {
		w0, p, d, l2 := float32s(initial[name]), float32s(plain[name]), float32s(decayed[name]), float32s(penalised[name])
		for i := range w0 {
			want := float64(p[i]) - lr*mu*float64(w0[i])
			if math.Abs(float64(d[i])-want) > 1e-6 {
				t.Fatalf("%s[%d] = %g with decoupled decay μ=%g, want %g (plain Adam step %g, W₀ %g)", name, i, d[i], mu, want, p[i], w0[i])
			}
			if strings.HasSuffix(name, "weights") && math.Abs(float64(l2[i])-want) > 1e-4 {
				unlikeDecay++
			}
		}
	}
	if unlikeDecay == 0 {
		t.Error("Adam with an L2 penalty moved every kernel weight as decoupled decay does; want them to differ")
	}
}

func TestRegularizationSettingsErrors(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{Epochs: 1, L1: -1}, "L1 must be finite and not negative"},
		{Config{Epochs: 1, L2: math.NaN()}, "L2 must be finite and not negative"},
		{Config{Epochs: 1, DecoupledWeightDecay: math.Inf(1)}, "DecoupledWeightDecay must be finite"},
		{Config{Epochs: 1, DecoupledWeightDecay: 0.1, Optimizer: optimizers.Adam().Done()}, "set the decay on the optimizer"},
	} {
		if _, err := tt.cfg.withDefaults(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: got %v, want an error containing %q", tt.cfg, err, tt.want)
		}
	}
}
