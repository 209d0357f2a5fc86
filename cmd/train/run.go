package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/deepnb/deepnb/gomlx_ext/evaluate"
	"github.com/deepnb/deepnb/gomlx_ext/metrics"
	"github.com/deepnb/deepnb/gomlx_ext/runrecord"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/gomlx_ext/trainplot"
	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// mistakes.png shows the mistakesShown most confident mistakes, mistakesColumns to a row.
const (
	mistakesShown   = 32
	mistakesColumns = 8
)

// metricsFile is what metrics.json holds.
type metricsFile struct {
	Model          string          `json:"model"`
	Dataset        string          `json:"dataset"`
	DataDir        string          `json:"data_dir"`
	BatchSize      int             `json:"batch_size"`
	LearningRate   float64         `json:"learning_rate"`
	Schedule       string          `json:"schedule"`
	WeightDecay    float64         `json:"weight_decay"`
	Augment        bool            `json:"augment"`
	TrainImages    int             `json:"train_images"`
	ValImages      int             `json:"validation_images"`
	TestImages     int             `json:"test_images"`
	TestAccuracy   float64         `json:"test_accuracy"`
	TestLoss       float64         `json:"test_loss,omitempty"`
	TestMacroF1    float64         `json:"test_macro_f1"`
	TestReport     *metrics.Report `json:"test_report"`
	CheckpointDir  string          `json:"checkpoint_dir"`
	LastCheckpoint string          `json:"last_checkpoint,omitempty"`
	Result         *trainer.Result `json:"result"`
	Finished       time.Time       `json:"finished"`
}

func run(o options, stdout io.Writer) error {
	record := runrecord.New("cmd/train", o.settings, "")
	data, err := loadData(o)
	if err != nil {
		return err
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
	fmt.Fprintf(stdout, "data: %s (%d train, %d %s, %d test images), seed %d\n",
		data.dir, data.train.N, data.eval.N, data.evalName, data.test.N, o.seed)

	trainBatches, evalBatches, err := data.batches(o)
	if err != nil {
		return err
	}
	model, err := modelFor(o.model)
	if err != nil {
		return err
	}
	cfg := trainer.Config{
		Epochs: o.epochs, Seed: o.seed, LearningRate: o.lr, Progress: stdout, L2: o.weightDecay,
		CheckpointDir: o.checkpointDir, CheckpointEvery: o.checkpointEvery, KeepCheckpoints: o.keep, Resume: o.resume,
		DivergenceFactor: o.divergence,
		// The trainer fingerprints the batches; these say in words how they were made.
		Settings: map[string]string{"-model": o.model, "-dataset": o.dataset, "-train-limit": fmt.Sprint(o.trainLimit),
			"-val-split": fmt.Sprintf("%g (seed %d)", o.valSplit, o.seed)},
	}
	if cfg.Schedule, err = scheduleFor(o.schedule, trainBatches.BatchesPerEpoch(), o.epochs, o.lr); err != nil {
		return err
	}
	if o.earlyStop > 0 {
		cfg.EarlyStopping = &trainer.EarlyStopping{Patience: o.earlyStop, RestoreBest: true}
	}
	ctx := context.New()
	res, err := trainer.Fit(b, ctx, model, trainBatches, evalBatches, data.evalName, cfg)
	if err != nil {
		return err
	}

	// The final test evaluation, over every test image, with the weights Fit left in ctx.
	predictions, err := evaluate.Predict(b, ctx, model, data.test, evaluate.DefaultBatchSize)
	if err != nil {
		return err
	}
	report, err := predictions.Report(data.test.Labels, data.test.ClassNames)
	if err != nil {
		return err
	}
	out := metricsFile{
		Model: o.model, Dataset: data.name, DataDir: data.dir, BatchSize: o.batchSize, LearningRate: o.lr,
		Schedule: cfg.Schedule.String(), WeightDecay: o.weightDecay, Augment: o.augment,
		TrainImages: data.train.N, ValImages: data.valImages(), TestImages: data.test.N,
		TestAccuracy: report.Accuracy, TestMacroF1: report.Macro.F1, TestReport: report,
		CheckpointDir: o.checkpointDir, LastCheckpoint: res.Checkpoint, Result: res, Finished: time.Now().UTC(),
	}
	if last, ok := res.History.LastEval(); ok && data.evalName == "test" {
		out.TestLoss = last.Loss
	}
	if err := writeOutputs(o.outDir, out, res, predictions, data); err != nil {
		return fmt.Errorf("%w; %s", err, trainedWeightsAre(res.Checkpoint))
	}
	record.AddResult(res)
	record.Final["test_accuracy"] = report.Accuracy
	record.Final["test_macro_f1"] = report.Macro.F1
	if err := record.Save(o.outDir); err != nil {
		return err
	}
	fmt.Fprint(stdout, report)
	fmt.Fprintf(stdout, "test accuracy %.4f, macro F1 %.4f; wrote metrics.json, record.json, curves.png, report.txt, report.json, confusion.png, mistakes.png to %s\n",
		report.Accuracy, report.Macro.F1, o.outDir)
	if report.Accuracy < o.minAcc {
		return fmt.Errorf("test accuracy %.4f is below -min-accuracy %.4f", report.Accuracy, o.minAcc)
	}
	return nil
}

// writeOutputs writes every result file into dir, each atomically.
func writeOutputs(dir string, out metricsFile, res *trainer.Result, predictions *evaluate.Predictions, data *runData) error {
	fig, err := trainplot.Curves(res.History)
	if err != nil {
		return err
	}
	if err := fig.SavePNG(filepath.Join(dir, "curves.png"), 1200, 450); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), out); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(dir, "report.json"), out.TestReport); err != nil {
		return err
	}
	table := fmt.Sprintf("%s, %d test images\n\n%s", data.test.Name, data.test.N, out.TestReport)
	if err := atomicfile.WriteFile(filepath.Join(dir, "report.txt"), []byte(table), 0o644); err != nil {
		return err
	}
	heat, err := confusionFigure(out.TestReport, data.test.ClassNames, data.test.Name)
	if err != nil {
		return err
	}
	if err := heat.SavePNG(filepath.Join(dir, "confusion.png"), 760, 680); err != nil {
		return err
	}
	mistakes, err := predictions.Mistakes(data.test.Labels)
	if err != nil {
		return err
	}
	if len(mistakes) > 0 {
		grid, err := trainplot.MistakesGrid(data.test, mistakes, mistakesShown, mistakesColumns)
		if err != nil {
			return err
		}
		if err := savePNG(filepath.Join(dir, "mistakes.png"), grid); err != nil {
			return err
		}
	}
	return nil
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, append(data, '\n'), 0o644)
}

// trainedWeightsAre says, after an output failed to be written (a full disk, say), whether the
// trained weights are safe: the final checkpoint is loaded and verified, then named.
func trainedWeightsAre(checkpoint string) string {
	if checkpoint == "" {
		return "no checkpoint holds the trained weights"
	}
	if _, err := trainer.LoadCheckpoint(checkpoint); err != nil {
		return fmt.Sprintf("the final checkpoint is damaged too (%v)", err)
	}
	return fmt.Sprintf("training is done and its final checkpoint %s is intact and verified: free some space and rerun with -resume to write the outputs without training again", checkpoint)
}
