package models

import (
	"math/rand/v2"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// TestSeedCNNShapesAndParameters checks the seed document's table: 320 + 692,352 + 1,290 parameters.
func TestSeedCNNShapesAndParameters(t *testing.T) {
	tests := []struct {
		name  string
		model func(ctx *context.Context, x *Node) *Node
		input []int
		param int
	}{
		{"seed-cnn", SeedCNN, []int{3, 28, 28, 1}, 320 + 692_352 + 1_290},
		{"mlp-784-128-10", func(ctx *context.Context, x *Node) *Node { return MLP(ctx, x, NumClasses, 128) }, []int{3, 28, 28, 1}, 784*128 + 128 + 128*10 + 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _, err := backend.New()
			if err != nil {
				t.Fatal(err)
			}
			defer b.Finalize()
			ctx := context.New()
			exec, err := context.NewExec(b, ctx, func(ctx *context.Context, x *Node) *Node { return tt.model(ctx, x) })
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Exec(tensors.FromShape(shapesOf(tt.input)))
			if err != nil {
				t.Fatal(err)
			}
			if got := out[0].Shape().Dimensions; len(got) != 2 || got[0] != 3 || got[1] != NumClasses {
				t.Errorf("logits shape %v, want [3 %d]", got, NumClasses)
			}
			params := 0
			for v := range ctx.IterVariables() {
				if !v.Trainable {
					continue // e.g. the random-number generator's state
				}
				params += v.Shape().Size()
			}
			if params != tt.param {
				t.Errorf("%d parameters, want %d", params, tt.param)
			}
		})
	}
}

// TestSeedCNNLearns overfits one small batch: if any gradient were wrong or missing, the loss
// would not fall this far in 30 Adam steps.
func TestSeedCNNLearns(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for 30 steps")
	}
	b, _, err := backend.New()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 16
	pixels := make([]float32, n*28*28)
	for i := range pixels {
		pixels[i] = rng.Float32()
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(i % NumClasses)
	}
	x := tensors.FromFlatDataAndDimensions(pixels, n, 28, 28, 1)
	y := tensors.FromFlatDataAndDimensions(labels, n, 1)
	ctx := context.New()
	ctx.SetParam(context.ParamInitialSeed, int64(7))
	tr := train.NewTrainer(b, ctx, SeedCNNModelFn, losses.SparseCategoricalCrossEntropyLogits,
		optimizers.Adam().LearningRate(1e-3).Done(), nil, nil)
	var first, last float64
	for step := range 30 {
		m, err := tr.TrainStep(nil, []*tensors.Tensor{x}, []*tensors.Tensor{y})
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		loss := float64(m[0].Value().(float32))
		if step == 0 {
			first = loss
		}
		last = loss
	}
	if !(last < 0.1*first) {
		t.Errorf("loss %.4f after 30 steps, from %.4f: the network does not fit one batch", last, first)
	}
}
