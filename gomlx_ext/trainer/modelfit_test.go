package trainer

import (
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/layers"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// modelFn adapts a one-input, one-output model to train.ModelFn.
func modelFn(build func(ctx *context.Context, x *graph.Node) *graph.Node) train.ModelFn {
	return func(ctx *context.Context, _ any, inputs []*graph.Node) []*graph.Node {
		return []*graph.Node{build(ctx, inputs[0])}
	}
}

// TestModelMistakesFailBeforeTraining gives Fit models and data that do not fit each other: each
// must fail at step 1, before any update, with one line naming the numbers and the layer scope.
func TestModelMistakesFailBeforeTraining(t *testing.T) {
	unnamed := func(d *datasets.Images) *datasets.Images { d.ClassNames = nil; return d }
	for _, tt := range []struct {
		name  string
		model train.ModelFn
		data  *datasets.Images
		want  string
	}{
		{"too few outputs for the classes", models.MLPModelFn(2, 8), toyImages(t, "toy train", 64, 1, false),
			"step 1 (epoch 1): model graph: the model has 2 outputs (last layer /dense_logits, output (Float32)[16 2]) but toy train has 3 classes: make the last layer 3 wide"},
		{"a label beyond the outputs", models.MLPModelFn(2, 8), unnamed(toyImages(t, "toy train", 64, 1, false)),
			"step 1 (epoch 1): label 2 (example 2 of the batch of toy train) is not one of the model's 2 classes 0..1 (last layer /dense_logits)"},
		{"no flatten before the last layer", modelFn(func(ctx *context.Context, x *graph.Node) *graph.Node {
			return layers.Dense(ctx.In("logits"), x, toyClasses)
		}), toyImages(t, "toy train", 64, 1, false),
			"step 1 (epoch 1): model graph: the model's output (Float32)[16 4 4 3] for inputs (Float32)[16 4 4 1] is not logits [batch, classes] (last layer /logits): flatten before the last layer"},
		{"a pooling window larger than the image", modelFn(func(ctx *context.Context, x *graph.Node) *graph.Node {
			x = layers.Conv2D(ctx.In("conv"), x).Filters(2).KernelSize(3).Padding(layers.Same).Done()
			return models.MLP(ctx, layers.MaxPool2D(ctx.In("pool"), x, 8), toyClasses)
		}), toyImages(t, "toy train", 64, 1, false),
			"step 1 (epoch 1): model graph: layers.MaxPool2D(/pool): window 8×8 does not fit input (Float32)[16 4 4 2] (the last layer whose variables the graph used: /conv)"},
		{"a kernel larger than the image, at the root scope", modelFn(func(ctx *context.Context, x *graph.Node) *graph.Node {
			return models.MLP(ctx, layers.Conv2D(ctx, x).Filters(2).KernelSize(40).Done(), toyClasses)
		}), toyImages(t, "toy train", 64, 1, false),
			"step 1 (epoch 1): model graph: layers.Conv2D(at the root scope: give it its own with ctx.In): kernel 40×40 does not fit input (Float32)[16 4 4 1] (the graph had used no layer's variables yet)"},
		{"a GoMLX panic after a layer", modelFn(func(ctx *context.Context, x *graph.Node) *graph.Node {
			x = layers.Dense(ctx.In("hidden"), graph.Reshape(x, 16, -1), 6)
			return graph.Reshape(x, 7, -1)
		}), toyImages(t, "toy train", 64, 1, false),
			"step 1 (epoch 1): model graph: cannot find new dimension for axis 1 that will make new dimensions [7 -1] match original the input size 96 (dimensions [16 6]) (the last layer whose variables the graph used: /hidden)"},
		{"a panic with a plain string", modelFn(func(ctx *context.Context, x *graph.Node) *graph.Node {
			panic("my model is not ready")
		}), toyImages(t, "toy train", 64, 1, false),
			"step 1 (epoch 1): model graph: my model is not ready (the graph had used no layer's variables yet)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.New()
			_, err := Fit(testBackend(t), ctx, tt.model, toyBatches(t, tt.data, 16, false), nil, "", quiet(Config{Epochs: 1}))
			if err == nil {
				t.Fatal("Fit succeeded")
			}
			t.Logf("error line: %v", err)
			if err.Error() != tt.want {
				t.Errorf("error %v\nwant  %s", err, tt.want)
			}
			assertNoUpdate(t, ctx)
		})
	}
}

// assertNoUpdate fails if an optimizer step ran in ctx: its global step, if the optimizer's graph
// got as far as creating it, must be 0.
func assertNoUpdate(t *testing.T, ctx *context.Context) {
	t.Helper()
	for v := range ctx.IterVariables() {
		if v.Name() != optimizers.GlobalStepVariableName {
			continue
		}
		value, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		if step := tensors.ToScalar[int64](value); step != 0 {
			t.Errorf("%s = %d: training ran before the error", v.ScopeAndName(), step)
		}
	}
}

// TestLaterMistakesNameTheirStep: a label beyond the model's classes in the second batch, held-out
// data with other classes, or a held-out label beyond the classes stop the run with one line too.
func TestLaterMistakesNameTheirStep(t *testing.T) {
	unnamed := toyImages(t, "toy train", 64, 1, false)
	unnamed.ClassNames = nil
	for i := range unnamed.Labels {
		unnamed.Labels[i] %= 2
	}
	unnamed.Labels[20] = 5 // example 4 of the second batch
	fourClasses := toyImages(t, "toy validation", 32, 2, false)
	fourClasses.ClassNames = append(fourClasses.ClassNames, "d")
	unnamedToy := toyImages(t, "toy train", 64, 1, false)
	unnamedToy.ClassNames = nil
	badHeldOut := toyImages(t, "toy validation", 32, 2, false)
	badHeldOut.ClassNames = nil
	badHeldOut.Labels[9] = 3
	for _, tt := range []struct {
		name        string
		model       train.ModelFn
		train, eval *datasets.Images
		want        string
	}{
		{"a label beyond the outputs in the second batch", models.MLPModelFn(2, 8), unnamed, nil,
			"step 2 (epoch 1): label 5 (example 4 of the batch of toy train) is not one of the model's 2 classes 0..1 (last layer /dense_logits)"},
		{"held-out data with more classes", toyModel, toyImages(t, "toy train", 64, 1, false), fourClasses,
			"trainer: toy train has 3 classes but toy validation has 4"},
		{"held-out data with more classes than the model, training data without names", toyModel, unnamedToy, fourClasses,
			"step 4: evaluating on toy validation: model graph: the model has 3 outputs (last layer /logits, output (Float32)[16 3]) but toy validation has 4 classes: make the last layer 4 wide"},
		{"a held-out label beyond the outputs", toyModel, toyImages(t, "toy train", 64, 1, false), badHeldOut,
			"step 4: evaluating on toy validation: label 3 (example 9 of a batch of toy validation) is not one of the model's 3 classes 0..2 (last layer /logits)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var eval train.Dataset
			if tt.eval != nil {
				eval = toyBatches(t, tt.eval, 16, false)
			}
			_, err := Fit(testBackend(t), context.New(), tt.model, toyBatches(t, tt.train, 16, false), eval, "validation", quiet(Config{Epochs: 1}))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v\nwant  %s", err, tt.want)
			}
			t.Logf("error line: %v", err)
		})
	}
}

// TestZeroEpochsIsOneLine keeps the error of a run configured with no epochs.
func TestZeroEpochsIsOneLine(t *testing.T) {
	_, err := Fit(testBackend(t), context.New(), toyModel, toyBatches(t, toyImages(t, "toy train", 64, 1, false), 16, false), nil, "", quiet(Config{}))
	if want := "trainer: epochs must be positive, got 0"; err == nil || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
	t.Logf("error line: %v", err)
}
