package trainer

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
	"github.com/gomlx/gomlx/pkg/ml/train/metrics"
)

// Result is what Fit reports about a finished run.
type Result struct {
	History *History `json:"history"`
	// Backend is the one-line description of where the run happened.
	Backend string `json:"backend"`
	Seed    uint64 `json:"seed"`
	Epochs  int    `json:"epochs"`
	Steps   int    `json:"steps"`
	// Examples is the number of training examples processed.
	Examples int `json:"examples"`
	// WallTime covers training and evaluation, compilation included.
	WallTime time.Duration `json:"wall_time_ns"`
	// TrainExamplesPerSecond is measured over training steps after the first (which compiles).
	TrainExamplesPerSecond float64 `json:"train_examples_per_second"`
	// PeakRSSBytes is the process's peak resident memory at the end of the run.
	PeakRSSBytes uint64 `json:"peak_rss_bytes"`
}

// Summary is a one-line report of the run.
func (r *Result) Summary() string {
	last, _ := r.History.LastEval()
	return fmt.Sprintf("%d epochs, %d steps in %s (%.0f train examples/s), peak RSS %s, %s loss %.4f accuracy %.4f",
		r.Epochs, r.Steps, r.WallTime.Round(time.Second), r.TrainExamplesPerSecond, FormatBytes(r.PeakRSSBytes),
		r.History.EvalName, last.Loss, last.Accuracy)
}

// Fit trains model on trainData for cfg.Epochs epochs with softmax cross-entropy, evaluating on
// evalData (named evalName in the history) at the end of every epoch. Model variables live in ctx,
// so after Fit the same ctx predicts with the trained weights.
func Fit(b backends.Backend, ctx *context.Context, model train.ModelFn, trainData, evalData train.Dataset,
	evalName string, cfg Config) (*Result, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	ctx.SetParam(context.ParamInitialSeed, int64(cfg.Seed))
	description := fmt.Sprintf("backend %s (%s)", b.Name(), b.Description())
	fmt.Fprintf(cfg.Progress, "training on %s, seed %d, %d epochs\n", description, cfg.Seed, cfg.Epochs)

	t := train.NewTrainer(b, ctx, model, losses.SparseCategoricalCrossEntropyLogits, cfg.Optimizer,
		[]metrics.Interface{metrics.NewMovingAverageSparseCategoricalAccuracy("train accuracy", "acc", 0.02)},
		[]metrics.Interface{metrics.NewSparseCategoricalAccuracy("accuracy", "acc")})

	run := &runState{cfg: cfg, trainer: t, evalData: evalData, start: time.Now(),
		history: &History{EvalName: evalName}}
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		if err := run.epoch(trainData, epoch); err != nil {
			return nil, err
		}
	}
	wall := time.Since(run.start)
	res := &Result{
		History: run.history, Backend: description, Seed: cfg.Seed, Epochs: cfg.Epochs,
		Steps: run.step, Examples: run.examples, WallTime: wall, PeakRSSBytes: PeakRSS(),
	}
	if run.steadyTime > 0 {
		res.TrainExamplesPerSecond = float64(run.steadyExamples) / run.steadyTime.Seconds()
	}
	fmt.Fprintln(cfg.Progress, "done:", res.Summary())
	return res, nil
}

// runState is the mutable part of one Fit call.
type runState struct {
	cfg      Config
	trainer  *train.Trainer
	evalData train.Dataset
	history  *History
	start    time.Time

	step, examples    int
	stepsPerEpoch     int // learnt at the end of the first epoch, for progress and fractional epochs.
	steadyExamples    int
	steadyTime        time.Duration
	lastProgress      time.Time
	lastLoss, lastAcc float64
}

func (r *runState) epoch(data train.Dataset, epoch int) error {
	if epoch > 0 {
		data.Reset()
	}
	if sized, ok := data.(interface{ BatchesPerEpoch() int }); ok && r.stepsPerEpoch == 0 {
		r.stepsPerEpoch = sized.BatchesPerEpoch()
	}
	stepInEpoch := 0
	for {
		_, inputs, labels, err := data.Yield()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("step %d (epoch %d): reading %s: %w", r.step+1, epoch+1, data.Name(), err)
		}
		batch := inputs[0].Shape().Dimensions[0]
		stepStart := time.Now()
		values, err := r.trainer.TrainStep(nil, inputs, labels)
		finalize(inputs, labels)
		if err != nil {
			return fmt.Errorf("step %d (epoch %d): %w", r.step+1, epoch+1, err)
		}
		elapsed := time.Since(stepStart)
		r.step++
		stepInEpoch++
		r.examples += batch
		if r.step > 1 {
			r.steadyExamples += batch
			r.steadyTime += elapsed
		}
		batchLoss := scalar(values[0])
		if math.IsNaN(batchLoss) || math.IsInf(batchLoss, 0) {
			return fmt.Errorf("step %d (epoch %d): loss is %v: training diverged (lower the learning rate?)",
				r.step, epoch+1, batchLoss)
		}
		// GoMLX puts its own loss metrics first; ours (moving-average accuracy) is last, preceded by the
		// moving-average loss without regularisation.
		r.lastLoss, r.lastAcc = scalar(values[len(values)-2]), scalar(values[len(values)-1])
		if r.step%r.cfg.RecordEvery == 0 || r.step == 1 {
			r.history.Train = append(r.history.Train, Point{Step: r.step, Epoch: r.fractionalEpoch(epoch, stepInEpoch),
				Loss: r.lastLoss, Accuracy: r.lastAcc})
			if err := r.notify(); err != nil {
				return err
			}
		}
		if r.cfg.EvalEvery > 0 && r.step%r.cfg.EvalEvery == 0 {
			if err := r.evaluate(epoch, stepInEpoch); err != nil {
				return err
			}
		}
		if time.Since(r.lastProgress) >= r.cfg.ProgressInterval {
			r.lastProgress = time.Now()
			total := "?"
			if r.stepsPerEpoch > 0 {
				total = fmt.Sprint(r.stepsPerEpoch)
			}
			fmt.Fprintf(r.cfg.Progress, "epoch %d/%d step %d/%s: train loss %.4f accuracy %.4f, %.0f examples/s, %s\n",
				epoch+1, r.cfg.Epochs, stepInEpoch, total, r.lastLoss, r.lastAcc, r.throughput(),
				time.Since(r.start).Round(time.Second))
		}
	}
	if stepInEpoch == 0 {
		return fmt.Errorf("epoch %d: dataset %s yielded no batches", epoch+1, data.Name())
	}
	r.stepsPerEpoch = stepInEpoch
	if r.cfg.EvalEvery == 0 || r.step%r.cfg.EvalEvery != 0 {
		if err := r.evaluate(epoch, stepInEpoch); err != nil {
			return err
		}
	}
	last, _ := r.history.LastEval()
	fmt.Fprintf(r.cfg.Progress, "epoch %d/%d done in %s: train loss %.4f accuracy %.4f | %s loss %.4f accuracy %.4f\n",
		epoch+1, r.cfg.Epochs, time.Since(r.start).Round(time.Second), r.lastLoss, r.lastAcc,
		r.history.EvalName, last.Loss, last.Accuracy)
	return nil
}

func (r *runState) evaluate(epoch, stepInEpoch int) error {
	if r.evalData == nil {
		return nil
	}
	r.evalData.Reset()
	values, err := r.trainer.Eval(r.evalData)
	if err != nil {
		return fmt.Errorf("step %d: evaluating on %s: %w", r.step, r.evalData.Name(), err)
	}
	r.history.Eval = append(r.history.Eval, Point{Step: r.step, Epoch: r.fractionalEpoch(epoch, stepInEpoch),
		Loss: scalar(values[len(values)-2]), Accuracy: scalar(values[len(values)-1])})
	return r.notify()
}

func (r *runState) notify() error {
	if r.cfg.OnRecord == nil {
		return nil
	}
	if err := r.cfg.OnRecord(r.history); err != nil {
		return fmt.Errorf("step %d: OnRecord: %w", r.step, err)
	}
	return nil
}

func (r *runState) fractionalEpoch(epoch, stepInEpoch int) float64 {
	if r.stepsPerEpoch == 0 {
		return float64(epoch) // first epoch: its length is not known yet.
	}
	return float64(epoch) + float64(stepInEpoch)/float64(r.stepsPerEpoch)
}

func (r *runState) throughput() float64 {
	if r.steadyTime == 0 {
		return 0
	}
	return float64(r.steadyExamples) / r.steadyTime.Seconds()
}

func scalar(t *tensors.Tensor) float64 {
	switch v := t.Value().(type) {
	case float32:
		return float64(v)
	case float64:
		return v
	}
	panic(fmt.Sprintf("trainer: expected a float scalar metric, got %s", t.Shape()))
}

func finalize(groups ...[]*tensors.Tensor) {
	for _, g := range groups {
		for _, t := range g {
			t.FinalizeAll()
		}
	}
}
