// Command train trains DeepNB's MNIST and Fashion-MNIST models without Jupyter: the same packages
// and the same training loop as the notebooks (01_mnist_cnn, 10–12), driven by flags.
//
//	go run ./cmd/train -epochs 2 -batch 128 -out runs/mnist
//	go run ./cmd/train -dataset fashion -model fashion-cnn -epochs 4 -val-split 0.1 -augment \
//	    -checkpoint-every 200 -out runs/fashion
//	go run ./cmd/train ... -resume    # after an interruption: continue from the newest checkpoint
//
// It prints the backend, seed and progress, then writes into the output directory:
// metrics.json (history, test accuracy, wall time, throughput, peak memory, the test report),
// curves.png, report.txt and report.json (per-class precision, recall, F1 and the confusion
// matrix on the test set), confusion.png and mistakes.png (the most confident test mistakes), and
// record.json + training_plot_points.json, the run record that `make compare` reads (package
// gomlx_ext/runrecord).
// Checkpoints go to <out>/checkpoints unless -checkpoint-dir says otherwise. Any error is one line
// on stderr and a non-zero exit code.
package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"io"
	"math"
	"os"
	"strings"
)

func main() {
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fail(2, err)
	}
	if err := run(opts, os.Stdout); err != nil {
		fail(1, err)
	}
}

// fail prints err's first line (GoMLX errors can carry stack traces) and exits.
func fail(code int, err error) {
	line, _, _ := strings.Cut(err.Error(), "\n")
	fmt.Fprintln(os.Stderr, "train: "+line)
	os.Exit(code)
}

// options are the command's flags.
type options struct {
	dataset    string
	model      string
	epochs     int
	batchSize  int
	lr         float64
	schedule   string
	seed       uint64
	dataDir    string
	outDir     string
	trainLimit int
	minAcc     float64

	valSplit        float64
	augment         bool
	weightDecay     float64
	earlyStop       int
	checkpointDir   string
	checkpointEvery int
	keep            int
	resume          bool
	divergence      float64

	// settings are every flag's value as text, for the run record (the output locations left out).
	settings map[string]string
}

var datasetNames = []string{"mnist", "fashion"}

// Flag defaults that are this command's own choices (the others come from the packages).
const (
	defaultModel    = "cnn"
	defaultSchedule = "constant"
	defaultEpochs   = 2
	defaultOutDir   = "runs/train"
)

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.dataset, "dataset", "mnist", "data set: mnist (handwritten digits) or fashion (Fashion-MNIST)")
	fs.StringVar(&o.model, "model", defaultModel, "model: "+models.Help())
	fs.IntVar(&o.epochs, "epochs", defaultEpochs, "passes over the training set")
	fs.IntVar(&o.batchSize, "batch", trainer.DefaultBatchSize, "training batch size")
	fs.Float64Var(&o.lr, "lr", trainer.DefaultAdamLearningRate, "Adam learning rate (the base rate of -schedule)")
	fs.StringVar(&o.schedule, "schedule", defaultSchedule, "learning-rate schedule: "+scheduleHelp())
	fs.Uint64Var(&o.seed, "seed", trainer.DefaultSeed, "seed for weights, dropout, data order, validation split and augmentation")
	fs.StringVar(&o.dataDir, "data", "", "directory with the four IDX .gz files (default: $DEEPNB_MNIST_DIR or the copy in the Go module cache for mnist; $DEEPNB_FASHION_DIR or the Debian package's for fashion)")
	fs.StringVar(&o.outDir, "out", defaultOutDir, "output directory for metrics, curves, reports and checkpoints")
	fs.IntVar(&o.trainLimit, "train-limit", 0, "use only the first N training images (0: all), for quick runs")
	fs.Float64Var(&o.minAcc, "min-accuracy", 0, "exit with an error if the final test accuracy is below this")
	fs.Float64Var(&o.valSplit, "val-split", 0, "hold out this fraction of the training images (stratified) for validation during training; 0 evaluates on the test set instead")
	fs.BoolVar(&o.augment, "augment", false, "augment training batches: shifts of up to 2 pixels, rotations of up to 10°, and for fashion left-right flips")
	fs.Float64Var(&o.weightDecay, "weight-decay", 0, "L2 coefficient λ on the weights (not biases)")
	fs.IntVar(&o.earlyStop, "early-stop", 0, "stop after this many epochs without a better validation loss and keep the best weights (0: off)")
	fs.StringVar(&o.checkpointDir, "checkpoint-dir", "", "checkpoint directory (default: <out>/checkpoints)")
	fs.IntVar(&o.checkpointEvery, "checkpoint-every", 0, "write a checkpoint every N steps (0: at the end of every epoch)")
	fs.IntVar(&o.keep, "keep-checkpoints", trainer.DefaultKeepCheckpoints, "how many of the newest checkpoints to keep (-1: all)")
	fs.BoolVar(&o.resume, "resume", false, "continue from the newest checkpoint in the checkpoint directory, if any")
	fs.Float64Var(&o.divergence, "divergence-factor", trainer.DefaultDivergenceFactor, "stop with an error when the smoothed training loss exceeds this multiple of the first batch's loss (negative: never; a NaN or infinite loss always stops)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	o.settings = map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != "out" && f.Name != "checkpoint-dir" {
			o.settings["-"+f.Name] = f.Value.String()
		}
	})
	if o.checkpointDir == "" {
		o.checkpointDir = o.outDir + string(os.PathSeparator) + "checkpoints"
	}
	switch {
	case !oneOf(o.dataset, datasetNames):
		return o, fmt.Errorf("-dataset %q: want one of %s", o.dataset, strings.Join(datasetNames, ", "))
	case !oneOf(o.model, models.Names()):
		return o, fmt.Errorf("-model %q: want one of %s", o.model, strings.Join(models.Names(), ", "))
	case !oneOf(o.schedule, scheduleNames()):
		return o, fmt.Errorf("-schedule %q: want one of %s", o.schedule, strings.Join(scheduleNames(), ", "))
	case o.epochs <= 0:
		return o, fmt.Errorf("-epochs %d: must be positive", o.epochs)
	case o.batchSize <= 0:
		return o, fmt.Errorf("-batch %d: must be positive", o.batchSize)
	case !(o.lr > 0) || o.lr > 10:
		return o, fmt.Errorf("-lr %g: must be in (0, 10]", o.lr)
	case o.trainLimit < 0:
		return o, fmt.Errorf("-train-limit %d: must not be negative", o.trainLimit)
	case !(o.minAcc >= 0 && o.minAcc <= 1):
		return o, fmt.Errorf("-min-accuracy %g: must be in [0, 1]", o.minAcc)
	case o.outDir == "":
		return o, errors.New("-out must not be empty")
	case !(o.valSplit >= 0 && o.valSplit < 1):
		return o, fmt.Errorf("-val-split %g: must be in [0, 1)", o.valSplit)
	case !(o.weightDecay >= 0) || math.IsInf(o.weightDecay, 0):
		return o, fmt.Errorf("-weight-decay %g: must be finite and not negative", o.weightDecay)
	case o.earlyStop < 0:
		return o, fmt.Errorf("-early-stop %d: must not be negative", o.earlyStop)
	case o.earlyStop > 0 && o.valSplit == 0:
		return o, errors.New("-early-stop needs a validation set (-val-split): stopping on the test set would tune on it")
	case o.checkpointEvery < 0:
		return o, fmt.Errorf("-checkpoint-every %d: must not be negative", o.checkpointEvery)
	case math.IsNaN(o.divergence) || o.divergence >= 0 && o.divergence <= 1:
		return o, fmt.Errorf("-divergence-factor %g: must be above 1, or negative to turn the check off", o.divergence)
	case o.keep == 0 || o.keep < -1:
		return o, fmt.Errorf("-keep-checkpoints %d: must be positive, or -1 for all", o.keep)
	}
	return o, nil
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}
