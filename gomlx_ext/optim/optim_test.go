package optim_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
)

// Both optimizers are drop-ins for GoMLX's trainer, gradient accumulation included.
var (
	_ optimizers.Interface        = (*optim.SGDConfig)(nil)
	_ optimizers.Interface        = (*optim.MomentumConfig)(nil)
	_ train.OptimizeWithGradients = (*optim.SGDConfig)(nil)
	_ train.OptimizeWithGradients = (*optim.MomentumConfig)(nil)
)

// TestHandComputedUpdates runs three steps on the quadratic (α = 0.1,
// β = 0.9, w₀ = [1, −2], ∇L = [w₁, 4·w₂]) and compares weights and
// velocities after each step with the hand computation:
//
//	SGD:       w ← w − 0.1·∇L, i.e. w₁ ← 0.9·w₁, w₂ ← 0.6·w₂
//	           w = [0.9, −1.2], [0.81, −0.72], [0.729, −0.432]
//	EMA:       v ← 0.9v + 0.1∇L, w ← w − 0.1v
//	           1: ∇=[1, −8]        v=[0.1, −0.8]        w=[0.99, −1.92]
//	           2: ∇=[0.99, −7.68]  v=[0.189, −1.488]    w=[0.9711, −1.7712]
//	           3: ∇=[0.9711, −7.0848] v=[0.26721, −2.04768] w=[0.944379, −1.566432]
//	Classical: v ← 0.9v + ∇L, w ← w − 0.1v
//	           1: ∇=[1, −8]        v=[1, −8]            w=[0.9, −1.2]
//	           2: ∇=[0.9, −4.8]    v=[1.8, −12]         w=[0.72, 0]
//	           3: ∇=[0.72, 0]      v=[2.34, −10.8]      w=[0.486, 1.08]
//	Nesterov:  v ← 0.9v + ∇L, w ← w − 0.1(∇L + 0.9v)
//	           1: ∇=[1, −8]        v=[1, −8]      d=[1.9, −15.2]      w=[0.81, −0.48]
//	           2: ∇=[0.81, −1.92]  v=[1.71, −9.12] d=[2.349, −10.128] w=[0.5751, 0.5328]
//	           3: ∇=[0.5751, 2.1312] v=[2.1141, −6.0768] d=[2.47779, −3.33792] w=[0.327321, 0.866592]
func TestHandComputedUpdates(t *testing.T) {
	tests := []struct {
		name string
		opt  interface {
			optimizers.Interface
			Hyperparams() optim.Hyperparams
		}
		w, v [][]float64 // after steps 1, 2, 3; v nil for SGD
	}{
		{
			name: "sgd", opt: optim.SGD(0.1),
			w: [][]float64{{0.9, -1.2}, {0.81, -0.72}, {0.729, -0.432}},
		},
		{
			name: "ema default", opt: optim.Momentum(),
			w: [][]float64{{0.99, -1.92}, {0.9711, -1.7712}, {0.944379, -1.566432}},
			v: [][]float64{{0.1, -0.8}, {0.189, -1.488}, {0.26721, -2.04768}},
		},
		{
			name: "classical", opt: optim.Momentum().LearningRate(0.1).Beta(0.9).Form(optim.Classical),
			w: [][]float64{{0.9, -1.2}, {0.72, 0}, {0.486, 1.08}},
			v: [][]float64{{1, -8}, {1.8, -12}, {2.34, -10.8}},
		},
		{
			name: "nesterov", opt: optim.Momentum().Form(optim.Nesterov),
			w: [][]float64{{0.81, -0.48}, {0.5751, 0.5328}, {0.327321, 0.866592}},
			v: [][]float64{{1, -8}, {1.71, -9.12}, {2.1141, -6.0768}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.New()
			step := stepper(t, ctx, tc.opt, quadraticLoss)
			ref, err := optim.NewReference(tc.opt.Hyperparams(), 2)
			if err != nil {
				t.Fatalf("NewReference: %v", err)
			}
			refW := append([]float64(nil), quadW0...)
			for i := range tc.w {
				assertSliceClose(t, "graph w", step(), tc.w[i], 1e-12)
				if err := ref.Update(refW, quadGrad(refW)); err != nil {
					t.Fatalf("Reference.Update: %v", err)
				}
				assertSliceClose(t, "reference w", refW, tc.w[i], 1e-12)
				if tc.v != nil {
					assertSliceClose(t, "graph velocity", readVar(t, ctx, "/"+optim.DefaultMomentumScope, "w_velocity"), tc.v[i], 1e-12)
					assertSliceClose(t, "reference velocity", ref.Velocity, tc.v[i], 1e-12)
				}
			}
			if got := optimizers.GetGlobalStep(ctx); got != 3 {
				t.Errorf("global step = %d, want 3", got)
			}
		})
	}
}

// TestGraphMatchesReference: 25 steps of every form, with weight decay and
// schedules, agree between GoMLX and ReferenceStep.
func TestGraphMatchesReference(t *testing.T) {
	tests := []struct {
		name string
		opt  interface {
			optimizers.Interface
			Hyperparams() optim.Hyperparams
		}
	}{
		{"sgd step decay + L2", optim.SGD(0.2).Schedule(optim.StepDecay(4, 0.5)).WeightDecay(0.05)},
		{"ema cosine", optim.Momentum().LearningRate(0.3).Beta(0.8).Schedule(optim.Cosine(20, 0.01))},
		{"classical decoupled", optim.Momentum().LearningRate(0.05).Form(optim.Classical).DecoupledWeightDecay(0.1)},
		{"nesterov both decays", optim.Momentum().LearningRate(0.04).Beta(0.95).Form(optim.Nesterov).
			WeightDecay(0.02).DecoupledWeightDecay(0.03).Schedule(optim.Cosine(10, 0))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.New()
			step := stepper(t, ctx, tc.opt, quadraticLoss)
			ref, err := optim.NewReference(tc.opt.Hyperparams(), 2)
			if err != nil {
				t.Fatalf("NewReference: %v", err)
			}
			refW := append([]float64(nil), quadW0...)
			for i := 0; i < 25; i++ {
				got := step()
				if err := ref.Update(refW, quadGrad(refW)); err != nil {
					t.Fatalf("Reference.Update: %v", err)
				}
				assertSliceClose(t, "graph vs reference w", got, refW, 1e-12)
			}
		})
	}
}

// linearLoss L(w) = Σ cᵢ·wᵢ has the constant gradient c, so every step
// moves w by exactly −αₜ·c and exposes the learning rate used.
var linearC = []float64{1, -2}

func linearLoss(ctx *context.Context, g *graph.Graph) *graph.Node {
	w := ctx.VariableWithValue("w", []float64{0, 0}).ValueGraph(g)
	return graph.ReduceAllSum(graph.Mul(graph.Const(g, linearC), w))
}

// learningRates runs opt for n steps on linearLoss and returns αₜ per step.
func learningRates(t *testing.T, opt optimizers.Interface, n int) []float64 {
	t.Helper()
	step := stepper(t, context.New(), opt, linearLoss)
	prev := []float64{0, 0}
	rates := make([]float64, n)
	for i := range rates {
		w := step()
		rates[i] = (prev[0] - w[0]) / linearC[0]
		if r1 := (prev[1] - w[1]) / linearC[1]; math.Abs(r1-rates[i]) > 1e-12 {
			t.Fatalf("step %d: coordinates moved with rates %g and %g", i+1, rates[i], r1)
		}
		prev = w
	}
	return rates
}

func TestSGDLearningRateIsConstant(t *testing.T) {
	for i, lr := range learningRates(t, optim.SGD(0.1), 6) {
		if math.Abs(lr-0.1) > 1e-12 {
			t.Errorf("step %d: learning rate %g, want 0.1", i+1, lr)
		}
	}
	// The reason optim.SGD exists: GoMLX's SGD uses α/√t by default.
	stock := learningRates(t, optimizers.StochasticGradientDescent().WithLearningRate(0.1), 4)
	for i, lr := range stock {
		if want := 0.1 / math.Sqrt(float64(i+1)); math.Abs(lr-want) > 1e-12 {
			t.Errorf("GoMLX SGD step %d: learning rate %g, want 0.1/√%d = %g", i+1, lr, i+1, want)
		}
	}
}

func TestScheduleAt(t *testing.T) {
	tests := []struct {
		name  string
		s     optim.Schedule
		steps []int64
		want  []float64 // for base rate 1
	}{
		{"constant", optim.Constant(), []int64{1, 2, 1000}, []float64{1, 1, 1}},
		// 0.5^⌊(t−1)/2⌋: t=1,2 → 1; 3,4 → 0.5; 5 → 0.25. Step 0 counts as 1.
		{"step", optim.StepDecay(2, 0.5), []int64{0, 1, 2, 3, 4, 5}, []float64{1, 1, 1, 0.5, 0.5, 0.25}},
		// (1 + cos(π(t−1)/4))/2: 1, 0.853553…, 0.5, 0.146446…, 0; then stays at 0.
		{"cosine", optim.Cosine(4, 0), []int64{1, 2, 3, 4, 5, 9},
			[]float64{1, (1 + math.Cos(math.Pi/4)) / 2, 0.5, (1 + math.Cos(3*math.Pi/4)) / 2, 0, 0}},
		// Same with a floor: 0.1 + 0.9·(…).
		{"cosine min", optim.Cosine(4, 0.1), []int64{1, 3, 5}, []float64{1, 0.55, 0.1}},
		// min(1, t/4): 0.25, 0.5, 0.75, 1, 1.
		{"warmup", optim.Warmup(4), []int64{0, 1, 2, 3, 4, 9}, []float64{0.25, 0.25, 0.5, 0.75, 1, 1}},
		// Step decay times the ramp: t=1 → 1·1/3, t=2 → 1·2/3, t=3 → 0.5·1, t=5 → 0.25.
		{"step+warmup", optim.StepDecay(2, 0.5).WithWarmup(3), []int64{1, 2, 3, 5}, []float64{1.0 / 3, 2.0 / 3, 0.5, 0.25}},
		// Cosine times the ramp: t=1 → 1·½, t=2 → 0.853553…·1.
		{"cosine+warmup", optim.Cosine(4, 0).WithWarmup(2), []int64{1, 2, 3}, []float64{0.5, (1 + math.Cos(math.Pi/4)) / 2, 0.5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for i, step := range tc.steps {
				if got := tc.s.At(1, step); math.Abs(got-tc.want[i]) > 1e-12 {
					t.Errorf("%s.At(1, %d) = %g, want %g", tc.s, step, got, tc.want[i])
				}
			}
		})
	}
}

// TestScheduleInGraph: both optimizers read the schedule from the global step.
func TestScheduleInGraph(t *testing.T) {
	schedules := []optim.Schedule{optim.StepDecay(2, 0.5), optim.Cosine(5, 0.01), optim.Warmup(3), optim.Cosine(5, 0).WithWarmup(2)}
	for _, s := range schedules {
		t.Run(s.String(), func(t *testing.T) {
			opts := map[string]optimizers.Interface{
				"sgd": optim.SGD(0.2).Schedule(s),
				// β = 0 turns Classical into SGD, so the step is again −αₜ·c.
				"momentum": optim.Momentum().LearningRate(0.2).Beta(0).Form(optim.Classical).Schedule(s),
			}
			for name, opt := range opts {
				for i, lr := range learningRates(t, opt, 7) {
					if want := s.At(0.2, int64(i+1)); math.Abs(lr-want) > 1e-12 {
						t.Errorf("%s step %d: learning rate %g, want %g", name, i+1, lr, want)
					}
				}
			}
		})
	}
}

// TestWeightDecay checks coupled and decoupled decay by hand (α = 0.1, β = 0.9, 0.5 decay):
//
//	SGD, either kind:      w₁ = w₀ − 0.1·(∇L + 0.5w₀) = [1, −2] − 0.1·[1.5, −9] = [0.85, −1.1]
//	Classical, coupled:    v₁ = [1.5, −9], w₁ = [0.85, −1.1]
//	                       ∇+λw = [1.275, −4.95], v₂ = [2.625, −13.05], w₂ = [0.5875, 0.205]
//	Classical, decoupled:  v₁ = [1, −8], w₁ = w₀ − 0.1·(v₁ + 0.5w₀) = [0.85, −1.1]
//	                       v₂ = 0.9v₁ + [0.85, −4.4] = [1.75, −11.6]
//	                       w₂ = w₁ − 0.1·([1.75, −11.6] + [0.425, −0.55]) = [0.6325, 0.115]
func TestWeightDecay(t *testing.T) {
	tests := []struct {
		name string
		opt  optimizers.Interface
		want [][]float64
	}{
		{"sgd coupled", optim.SGD(0.1).WeightDecay(0.5), [][]float64{{0.85, -1.1}}},
		{"sgd decoupled", optim.SGD(0.1).DecoupledWeightDecay(0.5), [][]float64{{0.85, -1.1}}},
		{"classical coupled", optim.Momentum().Form(optim.Classical).WeightDecay(0.5),
			[][]float64{{0.85, -1.1}, {0.5875, 0.205}}},
		{"classical decoupled", optim.Momentum().Form(optim.Classical).DecoupledWeightDecay(0.5),
			[][]float64{{0.85, -1.1}, {0.6325, 0.115}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			step := stepper(t, context.New(), tc.opt, quadraticLoss)
			for i, want := range tc.want {
				assertSliceClose(t, fmt.Sprintf("w after step %d", i+1), step(), want, 1e-12)
			}
		})
	}
}

func TestInvalidSettings(t *testing.T) {
	tests := []struct {
		name string
		opt  interface {
			optimizers.Interface
			Validate() error
		}
		want string
	}{
		{"sgd lr 0", optim.SGD(0), "learning rate = 0"},
		{"sgd NaN lr", optim.SGD(math.NaN()), "learning rate = NaN"},
		{"beta 1", optim.Momentum().Beta(1), "beta = 1"},
		{"negative decay", optim.Momentum().WeightDecay(-1), "weight decay = -1"},
		{"bad schedule", optim.SGD(0.1).Schedule(optim.StepDecay(0, 0.5)), "every = 0"},
		{"bad cosine", optim.SGD(0.1).Schedule(optim.Cosine(10, -1)), "minLR = -1"},
		{"bad warmup", optim.SGD(0.1).Schedule(optim.Warmup(0)), "warm-up steps must be >= 1"},
		{"bad form", optim.Momentum().Form(optim.Form(42)), "unknown form"},
		{"root scope", optim.Momentum().Scope(""), "momentum scope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.opt.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tc.want)
			}
			// In a graph the same error comes back from Exec, not as a crash.
			exec, err := context.NewExec(testBackend(t), context.New(), func(ctx *context.Context, g *graph.Graph) *graph.Node {
				loss := quadraticLoss(ctx, g)
				tc.opt.UpdateGraph(ctx, g, loss)
				return loss
			})
			if err == nil {
				_, err = exec.Exec()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Exec error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	if err := optim.Momentum().Scope("a/b").Clear(context.New()); err == nil {
		t.Errorf("Clear with scope a/b: want an error")
	}
}

func TestReferenceStepErrors(t *testing.T) {
	h := optim.Momentum().Hyperparams()
	w := []float64{1, 2}
	if err := optim.ReferenceStep(h, 1, w, []float64{1}, []float64{0, 0}); err == nil || !strings.Contains(err.Error(), "grad has 1 values") {
		t.Errorf("short grad: %v", err)
	}
	if err := optim.ReferenceStep(h, 1, w, []float64{1, 1}, nil); err == nil || !strings.Contains(err.Error(), "needs a velocity") {
		t.Errorf("nil velocity: %v", err)
	}
	if err := optim.ReferenceStep(optim.SGD(0.1).Hyperparams(), 1, w, []float64{1, 1}, nil); err != nil {
		t.Errorf("SGD without velocity: %v", err)
	}
	if _, err := optim.NewReference(h, 0); err == nil {
		t.Errorf("NewReference(size 0): want an error")
	}
}

func TestParseForm(t *testing.T) {
	for _, f := range []optim.Form{optim.Plain, optim.MomentumEMA, optim.Classical, optim.Nesterov} {
		got, err := optim.ParseForm(strings.ToUpper(f.String()))
		if err != nil || got != f {
			t.Errorf("ParseForm(%q) = %v, %v; want %v", f.String(), got, err, f)
		}
	}
	if _, err := optim.ParseForm("adam"); err == nil {
		t.Errorf("ParseForm(adam): want an error")
	}
}

// TestFloat32 runs the schedule and momentum graph in float32 (the dtype
// models train in) against the float64 reference, at float32 precision.
func TestFloat32(t *testing.T) {
	opt := optim.Momentum().Form(optim.Nesterov).Schedule(optim.Cosine(3, 0.01)).WeightDecay(0.01)
	ctx := context.New()
	step := stepper(t, ctx, opt, func(ctx *context.Context, g *graph.Graph) *graph.Node {
		w := ctx.VariableWithValue("w", []float32{1, -2}).ValueGraph(g)
		a := graph.Const(g, []float32{1, 4})
		return graph.MulScalar(graph.ReduceAllSum(graph.Mul(a, graph.Mul(w, w))), 0.5)
	})
	ref, err := optim.NewReference(opt.Hyperparams(), 2)
	if err != nil {
		t.Fatalf("NewReference: %v", err)
	}
	refW := append([]float64(nil), quadW0...)
	for i := 0; i < 5; i++ {
		got := step()
		if err := ref.Update(refW, quadGrad(refW)); err != nil {
			t.Fatalf("Reference.Update: %v", err)
		}
		assertSliceClose(t, fmt.Sprintf("float32 w after step %d", i+1), got, refW, 1e-5)
	}
}
