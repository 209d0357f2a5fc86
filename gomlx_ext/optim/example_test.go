package optim_test

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
)

// Follow momentum by hand, in plain Go, on f(w) = ½(w₁² + 4w₂²).
func ExampleReference() {
	h := optim.Momentum().Form(optim.Classical).Hyperparams()
	ref, err := optim.NewReference(h, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := []float64{1, -2}
	for range 3 {
		grad := []float64{w[0], 4 * w[1]}
		if err := ref.Update(w, grad); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("step %d: w = [%.4f %.4f]  v = [%.4f %.4f]\n", ref.Step, w[0], w[1], ref.Velocity[0], ref.Velocity[1])
	}
	// Output:
	// step 1: w = [0.9000 -1.2000]  v = [1.0000 -8.0000]
	// step 2: w = [0.7200 0.0000]  v = [1.8000 -12.0000]
	// step 3: w = [0.4860 1.0800]  v = [2.3400 -10.8000]
}

// The same three steps with GoMLX, using the builder.
func ExampleMomentum() {
	backend, err := sharedBackend() // GOMLX_BACKEND, or the pure-Go "go"
	if err != nil {
		fmt.Println(err)
		return
	}
	opt := optim.Momentum().LearningRate(0.1).Beta(0.9).Form(optim.Classical).Done()
	ctx := context.New()
	train, err := context.NewExec(backend, ctx, func(ctx *context.Context, g *graph.Graph) *graph.Node {
		w := ctx.VariableWithValue("w", []float64{1, -2}).ValueGraph(g)
		loss := graph.MulScalar(graph.ReduceAllSum(graph.Mul(graph.Const(g, []float64{1, 4}), graph.Mul(w, w))), 0.5)
		opt.UpdateGraph(ctx, g, loss)
		return loss
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 3 {
		if _, err := train.Exec(); err != nil {
			fmt.Println(err)
			return
		}
	}
	w := ctx.GetVariableByScopeAndName(context.RootScope, "w").MustValue().Value().([]float64)
	fmt.Printf("w = [%.4f %.4f]\n", w[0], w[1])
	// Output: w = [0.4860 1.0800]
}

// Learning-rate schedules as functions of the global step.
func ExampleSchedule_At() {
	for _, s := range []optim.Schedule{optim.Constant(), optim.StepDecay(2, 0.5), optim.Cosine(4, 0)} {
		fmt.Printf("%-28s", s)
		for step := int64(1); step <= 5; step++ {
			fmt.Printf(" %.3f", s.At(0.1, step))
		}
		fmt.Println()
	}
	// Output:
	// constant                     0.100 0.100 0.100 0.100 0.100
	// step(every=2, factor=0.5)    0.100 0.100 0.050 0.050 0.025
	// cosine(steps=4, min=0)       0.100 0.085 0.050 0.015 0.000
}
