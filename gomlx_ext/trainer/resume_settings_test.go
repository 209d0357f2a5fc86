package trainer

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/layers"
	"github.com/deepnb/deepnb/gomlx_ext/optim"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// settingsRun is one run of the resume-settings tests; the zero change is the checkpointed run.
type settingsRun struct {
	trainImages, batch  int
	trainSeed, evalSeed uint64
	augment             bool
	model               train.ModelFn
	edit                func(*Config)
}

func (s settingsRun) fit(t *testing.T, dir string, resume bool) error {
	t.Helper()
	if s.trainImages == 0 {
		s.trainImages, s.batch, s.trainSeed, s.evalSeed, s.model = 160, 16, 1, 2, toyModel
	}
	cfg := datasets.BatchConfig{BatchSize: s.batch, Shuffle: true, Seed: 5, DropIncomplete: true}
	if s.augment {
		aug, err := datasets.NewAugmenter(datasets.AugmentConfig{MaxShift: 1})
		if err != nil {
			t.Fatal(err)
		}
		cfg.Augment, cfg.AugmentName = aug.Apply, aug.String()
	}
	train, err := datasets.NewBatches(toyImages(t, "toy train", s.trainImages, s.trainSeed, false), cfg)
	if err != nil {
		t.Fatal(err)
	}
	eval := toyBatches(t, toyImages(t, "toy validation", 60, s.evalSeed, false), 30, false)
	c := Config{Epochs: 2, LearningRate: 0.02, CheckpointDir: dir, CheckpointEvery: 4, Resume: resume,
		Settings: map[string]string{"model": "toy MLP"}}
	if s.edit != nil {
		s.edit(&c)
	}
	_, err = Fit(testBackend(t), context.New(), s.model, train, eval, "validation", quiet(c))
	return err
}

// otherModel has a second hidden layer: variables the checkpoint of toyModel does not hold.
func otherModel(ctx *context.Context, spec any, inputs []*graph.Node) []*graph.Node {
	x := inputs[0]
	x = graph.Reshape(x, x.Shape().Dimensions[0], -1)
	x = layers.Dense(ctx.In("hidden"), x, 12)
	x = layers.Dense(ctx.In("extra"), x, 12)
	return []*graph.Node{layers.Dense(ctx.In("logits"), x, toyClasses)}
}

// TestResumeRefusesChangedSettings: every change that would make the resumed run end elsewhere
// than the uninterrupted one is refused with the setting's old and new value; more epochs are not.
func TestResumeRefusesChangedSettings(t *testing.T) {
	dir := t.TempDir()
	base := settingsRun{}
	if err := base.fit(t, dir, false); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		run    settingsRun
		want   string
		wantOK bool
	}{
		{"batch size", settingsRun{trainImages: 160, batch: 8, trainSeed: 1, evalSeed: 2, model: toyModel},
			"training data batch size: checkpoint 16, this run 8", false},
		{"fewer training images, same name", settingsRun{trainImages: 144, batch: 16, trainSeed: 1, evalSeed: 2, model: toyModel},
			"training data content: checkpoint 160 images 4×4×1", false},
		{"other training images, same size and name", settingsRun{trainImages: 160, batch: 16, trainSeed: 3, evalSeed: 2, model: toyModel},
			"training data content: checkpoint 160 images 4×4×1, 3 classes, labels sha256:", false},
		{"augmentation", settingsRun{trainImages: 160, batch: 16, trainSeed: 1, evalSeed: 2, model: toyModel, augment: true},
			"training data augment: checkpoint off, this run shift ≤ 1 px", false},
		{"validation split", settingsRun{trainImages: 160, batch: 16, trainSeed: 1, evalSeed: 9, model: toyModel},
			"evaluation data content: checkpoint 60 images", false},
		{"named model setting", settingsRun{edit: func(c *Config) { c.Settings = map[string]string{"model": "toy CNN"} }},
			"model: checkpoint toy MLP, this run toy CNN", false},
		{"unnamed model change", settingsRun{trainImages: 160, batch: 16, trainSeed: 1, evalSeed: 2, model: otherModel,
			edit: func(c *Config) { c.Epochs = 3 }},
			"the model differs from the checkpoint's: it creates /extra/biases (Float32)[12], /extra/weights (Float32)[12 12]", false},
		{"optimizer", settingsRun{edit: func(c *Config) { c.Optimizer = optim.SGD(0.02).Done() }},
			"optimizer: checkpoint *optimizers.adam, this run *optim.SGDConfig {LearningRate:0.02", false},
		{"schedule", settingsRun{edit: func(c *Config) { c.Schedule = optim.StepDecay(10, 0.5) }},
			"schedule: checkpoint constant, this run", false},
		{"seed", settingsRun{edit: func(c *Config) { c.Seed = 7 }}, "seed: checkpoint 42, this run 7", false},
		{"more epochs", settingsRun{edit: func(c *Config) { c.Epochs = 3 }}, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run.fit(t, dir, true)
			if tt.wantOK {
				if err != nil {
					t.Fatalf("got %v, want a resume", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant an error containing %q", err, tt.want)
			}
			t.Log(err)
		})
	}
}

// TestResumeOfHugeEpochCountDoesNotStall: a checkpoint (a crafted one, say) whose epoch count is
// far beyond the run's is not replayed epoch by epoch: there is nothing left to train.
func TestResumeOfHugeEpochCountDoesNotStall(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := resumeRun(t, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	latest, _, _ := LatestCheckpoint(dir)
	ck, err := LoadCheckpoint(latest)
	if err != nil {
		t.Fatal(err)
	}
	ck.State.Step, ck.State.Epoch = 1<<40, 1<<40
	if err := ck.Save(filepath.Join(dir, CheckpointName(1<<40))); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, _, err := resumeRun(t, dir, true, nil)
	if err != nil || res.Steps != 1<<40 {
		t.Fatalf("resuming at epoch 2^40: %v, %+v", err, res)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("resuming at epoch 2^40 took %v: the epochs were replayed", d)
	}
}
