package evaluate

import (
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/layers"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// TestPredictChecksTheModel predicts with models that do not fit the data: each is one line
// naming the numbers and the layer scope, before any batch runs.
func TestPredictChecksTheModel(t *testing.T) {
	b := testBackend(t)
	data := toyImages(t, "toy test", 40, 3)
	// A context trained with an MLP 16-8-3, for the case of a model of other shapes.
	trained := context.New()
	batches, err := trainBatches(toyImages(t, "toy train", 64, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := trainer.Fit(b, trained, models.MLPModelFn(toyClasses, 8), batches, nil, "", quiet(trainer.Config{Epochs: 1})); err != nil {
		t.Fatal(err)
	}
	// A context trained with an MLP 16-8-2, on two classes.
	twoClasses := toyImages(t, "toy train", 64, 1)
	twoClasses.ClassNames = twoClasses.ClassNames[:2]
	for i := range twoClasses.Labels {
		twoClasses.Labels[i] %= 2
	}
	narrow := context.New()
	if batches, err = trainBatches(twoClasses); err != nil {
		t.Fatal(err)
	}
	if _, err := trainer.Fit(b, narrow, models.MLPModelFn(2, 8), batches, nil, "", quiet(trainer.Config{Epochs: 1})); err != nil {
		t.Fatal(err)
	}
	unnamed := toyImages(t, "toy test", 40, 3)
	unnamed.ClassNames = nil
	unnamed.Labels[33] = 7
	for _, tt := range []struct {
		name  string
		ctx   *context.Context
		model train.ModelFn
		want  string
	}{
		{"too few outputs for the classes", narrow, models.MLPModelFn(2, 8),
			"predict toy test: images 0..31: model graph: the model has 2 outputs (last layer /dense_logits, output (Float32)[32 2]) but toy test has 3 classes: make the last layer 3 wide"},
		{"a context from a model of other shapes", trained, models.MLPModelFn(toyClasses, 5),
			`predict toy test: images 0..31: model graph: requested to reuse variable "weights" in scope "/dense_0", but with different shape from original: previous shape=(Float32)[16 8], requested shape=(Float32)[16 5] (the graph had used no layer's variables yet)`},
		{"a layer that cannot be built", context.New(), func(ctx *context.Context, _ any, in []*graph.Node) []*graph.Node {
			return []*graph.Node{models.MLP(ctx, layers.MaxPool2D(ctx.In("pool"), in[0], 5), toyClasses)}
		}, "predict toy test: images 0..31: model graph: layers.MaxPool2D(/pool): window 5×5 does not fit input (Float32)[32 4 4 1] (the graph had used no layer's variables yet)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Predict(b, tt.ctx, tt.model, data, 32)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v\nwant  %s", err, tt.want)
			}
			t.Logf("error line: %v", err)
		})
	}
	t.Run("a label beyond the outputs", func(t *testing.T) {
		_, err := Predict(b, trained, models.MLPModelFn(toyClasses, 8), unnamed, 32)
		want := "predict toy test: images 0..31: label 7 (example 33 of toy test) is not one of the model's 3 classes 0..2 (last layer /dense_logits)"
		if err == nil || err.Error() != want {
			t.Fatalf("error %v\nwant  %s", err, want)
		}
		t.Logf("error line: %v", err)
	})
}

func trainBatches(d *datasets.Images) (*datasets.Batches, error) {
	return datasets.NewBatches(d, datasets.BatchConfig{BatchSize: 16, Shuffle: true, Seed: 1, DropIncomplete: true})
}
