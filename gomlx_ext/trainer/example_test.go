package trainer_test

import (
	"fmt"
	"path/filepath"

	"github.com/deepnb/deepnb/gomlx_ext/evaluate"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/deepnb/deepnb/gomlx_ext/optim"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func ExampleCheckpointName() {
	fmt.Println(trainer.CheckpointName(1200))
	// Output: checkpoint-000001200.ckpt
}

// A long run: a cosine schedule, L2 weight decay, early stopping on the validation set and a
// checkpoint every 200 steps. Run it again after an interruption and it resumes from the newest
// checkpoint; afterwards, the same file restores the weights anywhere.
func ExampleFit_resume() {
	b, _, err := backend.New()
	if err != nil {
		panic(err)
	}
	all, test, err := datasets.LoadFashionMNISTDefault()
	if err != nil {
		panic(err)
	}
	train, validation, err := datasets.TrainValidationSplit(all, 0.1, 42, true)
	if err != nil {
		panic(err)
	}
	trainBatches, _ := datasets.NewBatches(train, datasets.BatchConfig{BatchSize: 128, Shuffle: true, Seed: 42, DropIncomplete: true})
	valBatches, _ := datasets.NewBatches(validation, datasets.BatchConfig{BatchSize: 500})
	model := models.FashionCNN().ModelFn()
	dir := filepath.Join("runs", "fashion", "checkpoints")

	result, err := trainer.Fit(b, context.New(), model, trainBatches, valBatches, "validation", trainer.Config{
		Epochs: 5, LearningRate: 4e-3, Schedule: optim.Cosine(5*trainBatches.BatchesPerEpoch(), 4e-3/50),
		L2:              1e-4,
		EarlyStopping:   &trainer.EarlyStopping{Patience: 2, RestoreBest: true},
		CheckpointDir:   dir,
		CheckpointEvery: 200,
		Resume:          true,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(result.Summary())

	// Later, in another program: load the best weights (RestoreBest keeps them next to the step
	// checkpoints; trainer.LatestCheckpoint finds the newest step checkpoint) and evaluate on the
	// test set.
	ckpt, err := trainer.LoadCheckpoint(filepath.Join(dir, trainer.BestCheckpointName))
	if err != nil {
		panic(err) // a damaged file is an error naming it
	}
	ctx := context.New()
	if err := ckpt.Restore(ctx); err != nil {
		panic(err)
	}
	predictions, _ := evaluate.Predict(b, ctx, model, test, 500)
	report, _ := predictions.Report(test.Labels, test.ClassNames)
	fmt.Print(report)
}
