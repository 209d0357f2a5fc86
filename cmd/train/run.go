package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// metricsFile is what metrics.json holds.
type metricsFile struct {
	Model        string          `json:"model"`
	Dataset      string          `json:"dataset"`
	DataDir      string          `json:"data_dir"`
	BatchSize    int             `json:"batch_size"`
	LearningRate float64         `json:"learning_rate"`
	TrainImages  int             `json:"train_images"`
	TestImages   int             `json:"test_images"`
	TestAccuracy float64         `json:"test_accuracy"`
	TestLoss     float64         `json:"test_loss"`
	Result       *trainer.Result `json:"result"`
	Finished     time.Time       `json:"finished"`
}

func run(o options, stdout io.Writer) error {
	dir := o.dataDir
	if dir == "" {
		var err error
		if dir, err = datasets.MNISTDir(); err != nil {
			return err
		}
	}
	trainSet, testSet, err := datasets.LoadMNIST(dir)
	if err != nil {
		return err
	}
	if o.trainLimit > 0 && o.trainLimit < trainSet.N {
		if trainSet, err = trainSet.Take(o.trainLimit); err != nil {
			return err
		}
	}
	if o.batchSize > trainSet.N {
		return fmt.Errorf("-batch %d: larger than the %d training images", o.batchSize, trainSet.N)
	}
	if err := os.MkdirAll(o.outDir, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}

	b, choice, err := backend.New()
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintln(stdout, backend.Describe(b, choice))
	fmt.Fprintf(stdout, "data: %s (%d train, %d test images), seed %d\n", dir, trainSet.N, testSet.N, o.seed)

	trainBatches, err := datasets.NewBatches(trainSet, datasets.BatchConfig{
		BatchSize: o.batchSize, Shuffle: true, Seed: o.seed, DropIncomplete: true})
	if err != nil {
		return err
	}
	testBatches, err := datasets.NewBatches(testSet, datasets.BatchConfig{BatchSize: 500})
	if err != nil {
		return err
	}
	var model train.ModelFn = models.SeedCNNModelFn
	if o.model == "mlp" {
		model = models.MLPModelFn(models.NumClasses, 128)
	}
	ctx := context.New()
	res, err := trainer.Fit(b, ctx, model, trainBatches, testBatches, "test", trainer.Config{
		Epochs: o.epochs, Seed: o.seed, LearningRate: o.lr, Progress: stdout})
	if err != nil {
		return err
	}
	last, _ := res.History.LastEval()

	fig, err := res.History.Figure()
	if err != nil {
		return err
	}
	curves := filepath.Join(o.outDir, "curves.png")
	if err := fig.SavePNG(curves, 1200, 450); err != nil {
		return err
	}
	out, err := json.MarshalIndent(metricsFile{
		Model: o.model, Dataset: "MNIST", DataDir: dir, BatchSize: o.batchSize, LearningRate: o.lr,
		TrainImages: trainSet.N, TestImages: testSet.N, TestAccuracy: last.Accuracy, TestLoss: last.Loss,
		Result: res, Finished: time.Now().UTC(),
	}, "", "  ")
	if err != nil {
		return err
	}
	metricsPath := filepath.Join(o.outDir, "metrics.json")
	if err := atomicfile.WriteFile(metricsPath, append(out, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "test accuracy %.4f; wrote %s and %s\n", last.Accuracy, metricsPath, curves)
	if last.Accuracy < o.minAcc {
		return fmt.Errorf("test accuracy %.4f is below -min-accuracy %.4f", last.Accuracy, o.minAcc)
	}
	return nil
}
