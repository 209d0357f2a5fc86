package trainer

import (
	"errors"
	"fmt"
	"github.com/deepnb/deepnb/gomlx_ext/procstat"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
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
	// Steps is the global step at the end (steps of earlier, resumed runs included).
	Steps int `json:"steps"`
	// Examples is the number of training examples processed (resumed runs included).
	Examples int `json:"examples"`
	// WallTime covers this process's training and evaluation, compilation included.
	WallTime time.Duration `json:"wall_time_ns"`
	// TrainExamplesPerSecond is measured over this process's training steps after its first
	// (which compiles).
	TrainExamplesPerSecond float64 `json:"train_examples_per_second"`
	// PeakRSSBytes is the process's peak resident memory at the end of the run.
	PeakRSSBytes uint64 `json:"peak_rss_bytes"`
	// ResumedFrom is the checkpoint the run continued from, "" for a fresh run; ResumedStep is
	// its step.
	ResumedFrom string `json:"resumed_from,omitempty"`
	ResumedStep int    `json:"resumed_step,omitempty"`
	// StoppedEarly tells whether early stopping ended the run; BestStep is the step of the best
	// held-out evaluation (with early stopping configured).
	StoppedEarly bool `json:"stopped_early,omitempty"`
	BestStep     int  `json:"best_step,omitempty"`
	// Checkpoint is the last checkpoint written, "" without a CheckpointDir.
	Checkpoint string `json:"checkpoint,omitempty"`
}

// Summary is a one-line report of the run.
func (r *Result) Summary() string {
	s := fmt.Sprintf("%d epochs, %d steps in %s (%.0f train examples/s), peak RSS %s",
		r.Epochs, r.Steps, r.WallTime.Round(time.Second), r.TrainExamplesPerSecond, procstat.FormatBytes(r.PeakRSSBytes))
	if last, ok := r.History.LastEval(); ok {
		s += fmt.Sprintf(", %s loss %.4f accuracy %.4f", r.History.EvalName, last.Loss, last.Accuracy)
	} else if n := len(r.History.Epochs); n > 0 {
		// No held-out set: report the last epoch's training means rather than a held-out 0.
		e := r.History.Epochs[n-1]
		s += fmt.Sprintf(", no held-out set; last epoch's training loss %.4f accuracy %.4f (means over its batches)", e.TrainLoss, e.TrainAccuracy)
	}
	if r.ResumedFrom != "" {
		s += fmt.Sprintf(", resumed from step %d", r.ResumedStep)
	}
	if r.StoppedEarly {
		s += fmt.Sprintf(", stopped early (best step %d)", r.BestStep)
	}
	return s
}

// The weights of a new batch in the training curves' moving averages of the loss and the
// accuracy (GoMLX's own moving-average metrics use the same: 0.01 and 0.02). The first 1/weight
// batches are averaged plainly.
const (
	trainLossEMAWeight     = 0.01
	trainAccuracyEMAWeight = 0.02
)

// Fit trains model on trainData for cfg.Epochs epochs with softmax cross-entropy, evaluating on
// evalData (named evalName in the history) at the end of every epoch. Model variables live in ctx,
// so after Fit the same ctx predicts with the trained weights (the best ones, with
// EarlyStopping.RestoreBest).
//
// To resume, trainData must be positioned at its start (a new datasets.Batches, say) and must
// serve the same batches as in the interrupted run: Fit calls Reset once per finished epoch and
// skips the batches already done in the current one.
func Fit(b backends.Backend, ctx *context.Context, model train.ModelFn, trainData, evalData train.Dataset,
	evalName string, cfg Config) (*Result, error) {
	userOptimizer := cfg.Optimizer
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if trainData == nil || ctx == nil || model == nil {
		return nil, fmt.Errorf("trainer: Fit needs a context, a model and training data")
	}
	ctx.SetParam(context.ParamInitialSeed, int64(cfg.Seed))
	description := fmt.Sprintf("backend %s (%s)", b.Name(), b.Description())

	run := &runState{cfg: cfg, ctx: ctx, evalData: evalData, start: time.Now(), fit: newModelFit(trainData, evalData)}
	if t, e := run.fit.train, run.fit.eval; t.Classes > 0 && e.Classes > 0 && t.Classes != e.Classes {
		return nil, fmt.Errorf("trainer: %s has %d classes but %s has %d", t.Data, t.Classes, e.Data, e.Classes)
	}
	if _, distributed := evalData.(train.DistributedDataset); evalData != nil && !distributed {
		run.evalData = checkedEval{Dataset: evalData, fit: run.fit}
	}
	run.lr = newLearningRates(cfg, userOptimizer)
	run.state.Settings = runSettings(cfg, trainData, evalData)
	run.state.History = &History{EvalName: evalName}
	if sized, ok := trainData.(interface{ BatchesPerEpoch() int }); ok {
		run.state.StepsPerEpoch = sized.BatchesPerEpoch()
	}
	if cfg.CheckpointDir != "" {
		if err := os.MkdirAll(cfg.CheckpointDir, 0o755); err != nil {
			return nil, fmt.Errorf("checkpoint directory: %w", err)
		}
		if err := removeTemporaries(cfg.CheckpointDir); err != nil {
			return nil, err
		}
	}
	if cfg.Resume {
		if err := run.resume(trainData); err != nil {
			return nil, err
		}
	}
	// A resumed run's variables exist before the model asks for them: a checked context would
	// take that for an accidental reuse of a name.
	trainCtx := ctx
	if run.resumedFrom != "" {
		trainCtx = ctx.Checked(false)
	}
	batchLoss := metrics.NewBaseMetric("Batch Loss", "batch_loss", metrics.LossMetricType,
		func(ctx *context.Context, _, predictions []*graph.Node) *graph.Node {
			return lossNoRegularization(ctx, predictions)
		}, nil)
	// Held-out means weighted by batch size, so that a smaller last batch counts for what it holds.
	evalLoss := metrics.NewMeanMetric("Mean Loss", "mean_loss", metrics.LossMetricType,
		func(ctx *context.Context, _, predictions []*graph.Node) *graph.Node {
			return lossNoRegularization(ctx, predictions)
		}, nil).WithDynamicBatch(true)
	evalAccuracy := metrics.NewSparseCategoricalAccuracy("Accuracy", "accuracy").WithDynamicBatch(true)
	batchAccuracy := metrics.NewBaseMetric("Batch Accuracy", "batch_acc", metrics.AccuracyMetricType,
		metrics.SparseCategoricalAccuracyGraph, nil)
	run.trainer = train.NewTrainer(b, trainCtx, withPenalties(run.fit.wrap(model), cfg.L1, cfg.L2), losses.SparseCategoricalCrossEntropyLogits,
		cfg.Optimizer, []metrics.Interface{batchLoss, batchAccuracy},
		[]metrics.Interface{evalLoss, evalAccuracy})

	fmt.Fprintf(cfg.Progress, "training on %s, seed %d, %d epochs\n", description, cfg.Seed, cfg.Epochs)

	for run.state.Epoch < cfg.Epochs && !run.state.StoppedEarly {
		if err := run.epoch(trainData); err != nil {
			return nil, err
		}
	}
	run.state.Finished = true
	if cfg.CheckpointDir != "" && run.stepsThisRun+run.epochsThisRun > 0 {
		if err := run.checkpoint(); err != nil {
			return nil, err
		}
	}
	if es := cfg.EarlyStopping; es != nil && es.RestoreBest && run.best != nil {
		if err := run.best.Restore(ctx); err != nil {
			return nil, fmt.Errorf("restoring the best weights (step %d): %w", run.state.Best.Step, err)
		}
		fmt.Fprintf(cfg.Progress, "restored the weights of step %d (best %s %s %.4f)\n",
			run.state.Best.Step, evalName, es.monitor(), run.state.Best.Value)
	}

	res := &Result{
		History: run.state.History, Backend: description, Seed: cfg.Seed, Epochs: run.state.Epoch,
		Steps: run.state.Step, Examples: run.state.Examples, WallTime: time.Since(run.start), PeakRSSBytes: procstat.PeakRSS(),
		ResumedFrom: run.resumedFrom, ResumedStep: run.resumedStep, StoppedEarly: run.state.StoppedEarly,
		BestStep: run.state.Best.Step, Checkpoint: run.lastCheckpoint,
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
	ctx      *context.Context
	trainer  *train.Trainer
	evalData train.Dataset
	fit      *modelFit // the model's output and labels against the data
	lr       learningRates
	start    time.Time

	state          RunState    // what a checkpoint saves
	best           *Checkpoint // the best weights, with EarlyStopping.RestoreBest
	resumedFrom    string
	resumedStep    int
	lastCheckpoint string

	resumedVariables map[string]bool // the restored checkpoint's variables (scope and name)
	divergence       divergenceWatch // the last batch losses

	stepsThisRun, epochsThisRun int
	steadyExamples              int
	steadyTime                  time.Duration
	lastProgress                time.Time
}

func (r *runState) epoch(data train.Dataset) error {
	s := &r.state
	if r.epochsThisRun > 0 {
		data.Reset()
	}
	r.epochsThisRun++
	epochStart := time.Now()
	for {
		_, inputs, labels, err := data.Yield()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("step %d (epoch %d): reading %s: %w", s.Step+1, s.Epoch+1, data.Name(), err)
		}
		stop, err := r.step(inputs, labels)
		if err != nil || stop {
			return err
		}
	}
	if s.StepInEpoch == 0 {
		return fmt.Errorf("epoch %d: dataset %s yielded no batches", s.Epoch+1, data.Name())
	}
	s.StepsPerEpoch = s.StepInEpoch
	last, evaluated := s.History.LastEval()
	if !evaluated || last.Step != s.Step {
		var err error
		if last, evaluated, err = r.evaluate(); err != nil {
			return err
		}
	}
	ep := EpochPoint{Epoch: s.Epoch + 1, Step: s.Step, LearningRate: r.lr.known(s.Step)}
	if s.EpochBatches > 0 {
		ep.TrainLoss, ep.TrainAccuracy = s.EpochLossSum/float64(s.EpochBatches), s.EpochAccuracySum/float64(s.EpochBatches)
	}
	if evaluated {
		ep.EvalLoss, ep.EvalAccuracy = last.Loss, last.Accuracy
	}
	s.History.Epochs = append(s.History.Epochs, ep)
	s.Epoch++
	s.StepInEpoch, s.EpochLossSum, s.EpochAccuracySum, s.EpochBatches = 0, 0, 0, 0
	fmt.Fprintf(r.cfg.Progress, "epoch %d/%d done in %s: train loss %.4f accuracy %.4f",
		ep.Epoch, r.cfg.Epochs, time.Since(epochStart).Round(time.Second), ep.TrainLoss, ep.TrainAccuracy)
	if evaluated {
		fmt.Fprintf(r.cfg.Progress, " | %s loss %.4f accuracy %.4f", s.History.EvalName, ep.EvalLoss, ep.EvalAccuracy)
	}
	fmt.Fprintln(r.cfg.Progress)
	if err := r.notify(); err != nil {
		return err
	}
	if r.cfg.CheckpointDir != "" && r.cfg.CheckpointEvery == 0 && s.Epoch < r.cfg.Epochs && !s.StoppedEarly {
		return r.checkpoint()
	}
	return nil
}

// step runs one training step and everything due after it; stop reports early stopping.
func (r *runState) step(inputs, labels []*tensors.Tensor) (stop bool, err error) {
	s := &r.state
	batch := inputs[0].Shape().Dimensions[0]
	if err := r.lr.apply(r.ctx, s.Step+1, inputs[0].DType()); err != nil {
		return false, fmt.Errorf("step %d: %w", s.Step+1, err)
	}
	if err := r.fit.checkBatch(labels); err != nil {
		finalize(inputs, labels)
		return false, fmt.Errorf("step %d (epoch %d): %w", s.Step+1, s.Epoch+1, err)
	}
	stepStart := time.Now()
	var values []*tensors.Tensor
	err = catchPanic("training step", func() (err error) {
		values, err = r.trainer.TrainStep(nil, inputs, labels)
		return r.fit.explain(err)
	})
	finalize(inputs, labels)
	if err != nil {
		return false, fmt.Errorf("step %d (epoch %d): %w", s.Step+1, s.Epoch+1, err)
	}
	elapsed := time.Since(stepStart)
	if r.stepsThisRun == 0 && r.resumedVariables != nil {
		if err := r.checkResumedModel(); err != nil {
			return false, err
		}
	}
	s.Step++
	s.StepInEpoch++
	s.Examples += batch
	r.stepsThisRun++
	if r.stepsThisRun > 1 {
		r.steadyExamples += batch
		r.steadyTime += elapsed
	}
	// values: GoMLX's batch loss (with regularisation) and its two moving averages, then ours:
	// the batch loss without regularisation and the batch accuracy.
	total := scalar(values[0])
	loss, accuracy := scalar(values[len(values)-2]), scalar(values[len(values)-1])
	finalize(values)
	if math.IsNaN(total) || math.IsInf(total, 0) {
		return false, r.checkDivergence(total)
	}
	s.TrainBatches++
	n := float64(s.TrainBatches)
	s.TrainLossEMA += max(trainLossEMAWeight, 1/n) * (loss - s.TrainLossEMA)
	s.TrainAccuracyEMA += max(trainAccuracyEMAWeight, 1/n) * (accuracy - s.TrainAccuracyEMA)
	s.EpochLossSum += loss
	s.EpochAccuracySum += accuracy
	s.EpochBatches++
	if err := r.checkDivergence(total); err != nil {
		return false, err
	}

	if s.Step%r.cfg.RecordEvery == 0 || r.stepsThisRun == 1 && s.Step == 1 {
		s.History.Train = append(s.History.Train, Point{Step: s.Step, Epoch: r.fractionalEpoch(),
			Loss: s.TrainLossEMA, Accuracy: s.TrainAccuracyEMA, LearningRate: r.lr.known(s.Step)})
		if err := r.notify(); err != nil {
			return false, err
		}
	}
	if r.cfg.EvalEvery > 0 && s.Step%r.cfg.EvalEvery == 0 {
		if _, _, err := r.evaluate(); err != nil {
			return false, err
		}
	}
	if r.cfg.CheckpointDir != "" && r.cfg.CheckpointEvery > 0 && s.Step%r.cfg.CheckpointEvery == 0 {
		if err := r.checkpoint(); err != nil {
			return false, err
		}
	}
	if time.Since(r.lastProgress) >= r.cfg.ProgressInterval {
		r.lastProgress = time.Now()
		total := "?"
		if s.StepsPerEpoch > 0 {
			total = fmt.Sprint(s.StepsPerEpoch)
		}
		fmt.Fprintf(r.cfg.Progress, "epoch %d/%d step %d/%s: train loss %.4f accuracy %.4f, %.0f examples/s, %s\n",
			s.Epoch+1, r.cfg.Epochs, s.StepInEpoch, total, s.TrainLossEMA, s.TrainAccuracyEMA, r.throughput(),
			time.Since(r.start).Round(time.Second))
	}
	return s.StoppedEarly, nil
}

// evaluate measures the held-out set, records it and applies early stopping.
func (r *runState) evaluate() (Point, bool, error) {
	s := &r.state
	if r.evalData == nil {
		return Point{}, false, nil
	}
	r.evalData.Reset()
	var values []*tensors.Tensor
	err := catchPanic("evaluation", func() (err error) {
		values, err = r.trainer.Eval(r.evalData)
		return r.fit.explain(err)
	})
	if err != nil {
		return Point{}, false, fmt.Errorf("step %d: evaluating on %s: %w", s.Step, r.evalData.Name(), err)
	}
	p := Point{Step: s.Step, Epoch: r.fractionalEpoch(), Loss: scalar(values[len(values)-2]),
		Accuracy: scalar(values[len(values)-1]), LearningRate: r.lr.known(s.Step)}
	finalize(values)
	s.History.Eval = append(s.History.Eval, p)
	if es := r.cfg.EarlyStopping; es != nil {
		improved, stop := es.observe(&s.Best, p)
		if improved && es.RestoreBest {
			if err := r.keepBest(); err != nil {
				return p, true, err
			}
		}
		if stop {
			s.StoppedEarly = true
			fmt.Fprintf(r.cfg.Progress, "early stopping at step %d: %s %s has not improved for %d evaluations (best %.4f at step %d)\n",
				s.Step, s.History.EvalName, es.monitor(), es.Patience, s.Best.Value, s.Best.Step)
		}
	}
	return p, true, r.notify()
}

func (r *runState) keepBest() error {
	best, err := Capture(r.ctx, r.snapshotState())
	if err != nil {
		return fmt.Errorf("step %d: keeping the best weights: %w", r.state.Step, err)
	}
	r.best = best
	if r.cfg.CheckpointDir != "" {
		if err := best.Save(filepath.Join(r.cfg.CheckpointDir, BestCheckpointName)); err != nil {
			return fmt.Errorf("step %d: keeping the best weights: %w; %s", r.state.Step, err, r.newestValidCheckpoint())
		}
	}
	return nil
}

// snapshotState is a copy of the state that later steps do not modify.
func (r *runState) snapshotState() RunState {
	s := r.state
	s.History = r.state.History.clone()
	s.Saved = time.Now().UTC()
	return s
}

// checkpoint writes the current state to CheckpointDir and prunes old checkpoints.
func (r *runState) checkpoint() error {
	ck, err := Capture(r.ctx, r.snapshotState())
	if err != nil {
		return fmt.Errorf("step %d: %w", r.state.Step, err)
	}
	path := filepath.Join(r.cfg.CheckpointDir, CheckpointName(r.state.Step))
	if err := ck.Save(path); err != nil {
		return fmt.Errorf("step %d: %w; %s", r.state.Step, err, r.newestValidCheckpoint())
	}
	r.lastCheckpoint = path
	return pruneCheckpoints(r.cfg.CheckpointDir, r.cfg.KeepCheckpoints)
}

func (r *runState) notify() error {
	if r.cfg.OnRecord == nil {
		return nil
	}
	if err := r.cfg.OnRecord(r.state.History); err != nil {
		return fmt.Errorf("step %d: OnRecord: %w", r.state.Step, err)
	}
	return nil
}

func (r *runState) fractionalEpoch() float64 {
	s := &r.state
	if s.StepsPerEpoch == 0 {
		return float64(s.Epoch) // first epoch of an unsized dataset: its length is not known yet.
	}
	return float64(s.Epoch) + float64(s.StepInEpoch)/float64(s.StepsPerEpoch)
}

func (r *runState) throughput() float64 {
	if r.steadyTime == 0 {
		return 0
	}
	return float64(r.steadyExamples) / r.steadyTime.Seconds()
}

func (e *EarlyStopping) monitor() Monitor {
	if e.Monitor == "" {
		return MonitorLoss
	}
	return e.Monitor
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
			_ = t.FinalizeAll()
		}
	}
}
