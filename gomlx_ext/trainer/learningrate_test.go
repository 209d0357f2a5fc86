package trainer

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// TestScheduleRecorded checks the learning rate the history reports and the value left in the
// optimizer's variable, for the default Adam.
func TestScheduleRecorded(t *testing.T) {
	for _, tt := range []struct {
		name     string
		schedule optim.Schedule
	}{{"step", optim.StepDecay(4, 0.5)}, {"cosine", optim.Cosine(20, 1e-4)}} {
		t.Run(tt.name, func(t *testing.T) {
			const lr = 0.01
			ctx := context.New()
			train := toyBatches(t, toyImages(t, "toy train", 160, 1, false), 16, true)
			res, err := Fit(testBackend(t), ctx, toyModel, train, nil, "validation", quiet(Config{
				Epochs: 2, LearningRate: lr, Schedule: tt.schedule, RecordEvery: 1}))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range res.History.Train {
				if want := tt.schedule.At(lr, int64(p.Step)); math.Abs(p.LearningRate-want) > 1e-15 {
					t.Errorf("step %d: recorded learning rate %g, want %g", p.Step, p.LearningRate, want)
				}
			}
			v := ctx.GetVariableByScopeAndName("/"+optimizers.Scope, optimizers.ParamLearningRate)
			if v == nil {
				t.Fatal("learning-rate variable missing")
			}
			got := float64(tensors.MustCopyFlatData[float32](v.MustValue())[0])
			if want := tt.schedule.At(lr, 20); math.Abs(got-want) > 1e-9 {
				t.Errorf("learning-rate variable after 20 steps = %g, want %g", got, want)
			}
		})
	}
}

// TestScheduleMatchesOptimizerSchedule trains twice with DeepNB's plain SGD: once with the
// trainer's Schedule (the rate written into the variable before each step), once with the
// optimizer's own in-graph schedule. Both must produce the same weights.
func TestScheduleMatchesOptimizerSchedule(t *testing.T) {
	schedule := optim.StepDecay(3, 0.5)
	run := func(cfg Config) map[string][]byte {
		ctx := context.New()
		train := toyBatches(t, toyImages(t, "toy train", 160, 1, false), 16, true)
		if _, err := Fit(testBackend(t), ctx, toyModel, train, nil, "validation", quiet(cfg)); err != nil {
			t.Fatal(err)
		}
		return variableBytes(t, ctx)
	}
	byTrainer := run(Config{Epochs: 1, Optimizer: optim.SGD(0.2).Done(), Schedule: schedule})
	byOptimizer := run(Config{Epochs: 1, Optimizer: optim.SGD(0.2).Schedule(schedule).Done()})
	for _, name := range []string{"/hidden/weights", "/logits/weights", "/logits/biases"} {
		a, b := float32s(byTrainer[name]), float32s(byOptimizer[name])
		for i := range a {
			if math.Abs(float64(a[i]-b[i])) > 1e-6*(1+math.Abs(float64(b[i]))) {
				t.Fatalf("%s[%d]: %g with the trainer's schedule, %g with the optimizer's", name, i, a[i], b[i])
			}
		}
	}

	_, err := Fit(testBackend(t), context.New(), toyModel, nil, nil, "", quiet(Config{
		Epochs: 1, Optimizer: optim.SGD(0.2).Schedule(schedule).Done(), Schedule: schedule}))
	if err == nil || !strings.Contains(err.Error(), "compound") {
		t.Errorf("two schedules at once: got %v, want an error", err)
	}
}

func float32s(raw []byte) []float32 {
	t := tensors.FromFlatDataAndDimensions(make([]float32, len(raw)/4), len(raw)/4)
	_ = t.MutableBytes(func(dst []byte) { copy(dst, raw) })
	return tensors.MustCopyFlatData[float32](t)
}
