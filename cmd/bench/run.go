package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/deepnb/deepnb/gomlx_ext/evaluate"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/deepnb/deepnb/gomlx_ext/procstat"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

type benchOptions struct {
	models    []string
	batchSize int
	warmup    int
	steps     int
	// Time-to-accuracy budget and target per model.
	maxEpochs map[string]int
	target    map[string]float64
	seed      uint64
	out       string
}

// The benchmark's own settings: steps to time, and for time-to-accuracy the epochs allowed and
// the test accuracy to reach (the seed text's 0.98 for the CNN; the MLP rarely gets there in a few
// epochs).
const (
	defaultWarmup    = 5
	defaultSteps     = 40
	defaultCNNEpochs = 3
	defaultCNNTarget = 0.98
	defaultMLPEpochs = 5
	defaultMLPTarget = 0.97
	// evalsPerEpoch is how often per epoch time-to-accuracy measures the test accuracy.
	evalsPerEpoch = 2
)

func parseBenchFlags(args []string) (benchOptions, error) {
	var o benchOptions
	var modelList string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&modelList, "models", "cnn,mlp", "comma-separated models: cnn (the seed CNN), mlp (784-"+strconv.Itoa(models.MLPHidden)+"-10)")
	fs.IntVar(&o.batchSize, "batch", trainer.DefaultBatchSize, "batch size")
	fs.IntVar(&o.warmup, "warmup", defaultWarmup, "untimed training steps first (compilation, caches)")
	fs.IntVar(&o.steps, "steps", defaultSteps, "timed training steps")
	o.maxEpochs = map[string]int{}
	o.target = map[string]float64{}
	cnnEpochs := fs.Int("cnn-epochs", defaultCNNEpochs, "epochs allowed for the CNN to reach -cnn-target (0: skip time-to-accuracy)")
	cnnTarget := fs.Float64("cnn-target", defaultCNNTarget, "test accuracy the CNN's time-to-accuracy is measured to")
	mlpEpochs := fs.Int("mlp-epochs", defaultMLPEpochs, "epochs allowed for the MLP to reach -mlp-target (0: skip)")
	mlpTarget := fs.Float64("mlp-target", defaultMLPTarget, "test accuracy the MLP's time-to-accuracy is measured to (it rarely reaches 0.98 in a few epochs)")
	fs.Uint64Var(&o.seed, "seed", trainer.DefaultSeed, "seed")
	fs.StringVar(&o.out, "out", "", "write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.maxEpochs["cnn"], o.maxEpochs["mlp"] = *cnnEpochs, *mlpEpochs
	o.target["cnn"], o.target["mlp"] = *cnnTarget, *mlpTarget
	o.models = strings.Split(modelList, ",")
	for _, m := range o.models {
		if m != "cnn" && m != "mlp" {
			return o, fmt.Errorf("-models: unknown model %q (want cnn or mlp)", m)
		}
	}
	if o.batchSize <= 0 || o.warmup < 1 || o.steps <= 0 || *cnnEpochs < 0 || *mlpEpochs < 0 {
		return o, errors.New("-batch and -steps must be positive, -warmup at least 1, epochs not negative")
	}
	return o, nil
}

func runBench(args []string, stdout io.Writer) error {
	o, err := parseBenchFlags(args)
	if err != nil {
		return err
	}
	trainSet, testSet, err := datasets.LoadMNISTDefault()
	if err != nil {
		return err
	}
	b, choice, err := backend.New()
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintln(stdout, backend.Describe(b, choice))

	var report Report
	for _, name := range o.models {
		row, err := benchModel(b, name, trainSet, testSet, o, stdout)
		if err != nil {
			return fmt.Errorf("model %s: %w", name, err)
		}
		row.Backend = choice.Config
		report.Rows = append(report.Rows, row)
		fmt.Fprintf(stdout, "%s: train %.0f ex/s, inference %.0f ex/s, peak RSS %s, %.0f%% after %.1f s (%.1f epochs)\n",
			name, row.TrainExamplesPerSec, row.InferExamplesPerSec, procstat.FormatBytes(row.PeakRSSBytes),
			100*row.TargetAccuracy, row.SecondsToTarget, row.EpochsToTarget)
	}
	if o.out != "" {
		data, err := json.MarshalIndent(report, "", "  ")
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
			return err
		}
		return atomicfile.WriteFile(o.out, append(data, '\n'), 0o644)
	}
	return nil
}

func benchModel(b backends.Backend, name string, trainSet, testSet *datasets.Images, o benchOptions, stdout io.Writer) (Row, error) {
	row := Row{Framework: deepNBFramework, Model: name, BatchSize: o.batchSize, MaxEpochs: o.maxEpochs[name]}
	model, err := models.ByName(name)
	if err != nil {
		return row, err
	}

	// Steady-state training throughput.
	ctx := context.New()
	ctx.SetParam(context.ParamInitialSeed, int64(o.seed))
	t := train.NewTrainer(b, ctx, model, losses.SparseCategoricalCrossEntropyLogits,
		optimizers.Adam().LearningRate(trainer.DefaultAdamLearningRate).Done(), nil, nil)
	batches, err := datasets.NewBatches(trainSet, datasets.BatchConfig{BatchSize: o.batchSize, Shuffle: true, Seed: o.seed, DropIncomplete: true})
	if err != nil {
		return row, err
	}
	var timed time.Duration
	for step := 0; step < o.warmup+o.steps; step++ {
		_, inputs, labels, err := batches.Yield()
		if errors.Is(err, io.EOF) {
			batches.Reset()
			_, inputs, labels, err = batches.Yield()
		}
		if err != nil {
			return row, err
		}
		start := time.Now()
		_, err = t.TrainStep(nil, inputs, labels)
		if step >= o.warmup {
			timed += time.Since(start)
		}
		for _, x := range append(inputs, labels...) {
			x.FinalizeAll()
		}
		if err != nil {
			return row, fmt.Errorf("training step %d: %w", step+1, err)
		}
	}
	row.TrainExamplesPerSec = float64(o.steps*o.batchSize) / timed.Seconds()

	// Inference over the test set: one pass to compile, one timed.
	if _, err := evaluate.Predict(b, ctx, model, testSet, evaluate.DefaultBatchSize); err != nil {
		return row, err
	}
	start := time.Now()
	if _, err := evaluate.Predict(b, ctx, model, testSet, evaluate.DefaultBatchSize); err != nil {
		return row, err
	}
	row.InferExamplesPerSec = float64(testSet.N) / time.Since(start).Seconds()

	if o.maxEpochs[name] > 0 {
		if err := timeToAccuracy(b, model, trainSet, testSet, o, &row); err != nil {
			return row, err
		}
	}
	row.PeakRSSBytes = procstat.PeakRSS()
	return row, nil
}

var errTargetReached = errors.New("target accuracy reached")

// timeToAccuracy trains a fresh model, evaluating every half epoch, until the target is reached.
func timeToAccuracy(b backends.Backend, model train.ModelFn, trainSet, testSet *datasets.Images, o benchOptions, row *Row) error {
	batches, err := datasets.NewBatches(trainSet, datasets.BatchConfig{BatchSize: o.batchSize, Shuffle: true, Seed: o.seed, DropIncomplete: true})
	if err != nil {
		return err
	}
	testBatches, err := datasets.NewBatches(testSet, datasets.BatchConfig{BatchSize: evaluate.DefaultBatchSize})
	if err != nil {
		return err
	}
	target := o.target[row.Model]
	row.TargetAccuracy = target
	start := time.Now()
	_, err = trainer.Fit(b, context.New(), model, batches, testBatches, "test", trainer.Config{
		Epochs: o.maxEpochs[row.Model], Seed: o.seed, LearningRate: trainer.DefaultAdamLearningRate, EvalEvery: max(1, batches.BatchesPerEpoch()/evalsPerEpoch),
		Progress: io.Discard,
		OnRecord: func(h *trainer.History) error {
			last, ok := h.LastEval()
			if !ok {
				return nil
			}
			row.FinalAccuracy = last.Accuracy
			if last.Accuracy >= target && row.SecondsToTarget == 0 {
				row.SecondsToTarget = time.Since(start).Seconds()
				row.EpochsToTarget = float64(last.Step) / float64(batches.BatchesPerEpoch())
				return errTargetReached
			}
			return nil
		},
	})
	if err != nil && !errors.Is(err, errTargetReached) {
		return err
	}
	return nil
}
