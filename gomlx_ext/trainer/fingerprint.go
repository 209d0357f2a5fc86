package trainer

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// A checkpoint promises that the resumed run ends as the uninterrupted one would. That holds only
// if everything that decides the remaining steps is the same: the model, the optimizer and its
// schedule, and the batches (their content, size, order and augmentation). Checkpoints store those
// settings, and a resume with any of them changed is refused. Epochs is not among them: training a
// finished run for more epochs is a legitimate resume.

// Setting is one setting of a run that a resume must not change.
type Setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Settings are a run's settings in a fixed order.
type Settings []Setting

// legacySettings names the one-line settings of checkpoints written before Settings existed.
const legacySettings = "settings (one line, older DeepNB)"

// UnmarshalJSON also reads the single string of older checkpoints.
func (s *Settings) UnmarshalJSON(data []byte) error {
	var line string
	if json.Unmarshal(data, &line) == nil {
		*s = Settings{{Name: legacySettings, Value: line}}
		return nil
	}
	var list []Setting
	if err := json.Unmarshal(data, &list); err != nil {
		return err
	}
	*s = list
	return nil
}

// describedDataset is a dataset that lists what decides the batches it serves (datasets.Batches
// does); any other dataset is known by its name only.
type describedDataset interface {
	Describe() map[string]string
}

// runSettings lists the settings of a run with the configuration c (defaults applied).
func runSettings(c Config, trainData, evalData train.Dataset) Settings {
	optimizer := fmt.Sprintf("%T", c.Optimizer)
	if h, ok := c.Optimizer.(interface{ Hyperparams() optim.Hyperparams }); ok {
		optimizer += fmt.Sprintf(" %+v", h.Hyperparams())
	}
	s := Settings{
		{"seed", fmt.Sprint(c.Seed)},
		{"learning rate", fmt.Sprint(c.LearningRate)},
		{"schedule", c.Schedule.String()},
		{"optimizer", optimizer},
		{"L2", fmt.Sprint(c.L2)},
		{"L1", fmt.Sprint(c.L1)},
		{"decoupled weight decay", fmt.Sprint(c.DecoupledWeightDecay)},
	}
	for _, name := range slices.Sorted(maps.Keys(c.Settings)) {
		s = append(s, Setting{name, c.Settings[name]})
	}
	s = append(s, datasetSettings("training data", trainData, nil)...)
	if evalData != nil {
		// The evaluation's batch size and order change no mean: only its content counts.
		s = append(s, datasetSettings("evaluation data", evalData, []string{"content"})...)
	}
	return s
}

func datasetSettings(role string, d train.Dataset, only []string) Settings {
	s := Settings{{role, d.Name()}}
	described, ok := d.(describedDataset)
	if !ok {
		return s
	}
	desc := described.Describe()
	for _, key := range slices.Sorted(maps.Keys(desc)) {
		if only == nil || slices.Contains(only, key) {
			s = append(s, Setting{role + " " + key, desc[key]})
		}
	}
	return s
}

// differences lists the settings of s that differ from saved, each as "name: checkpoint X, this
// run Y", in s's order, then those only saved has.
func (s Settings) differences(saved Settings) []string {
	old := make(map[string]string, len(saved))
	for _, setting := range saved {
		old[setting.Name] = setting.Value
	}
	var diffs []string
	seen := make(map[string]bool, len(s))
	for _, setting := range s {
		seen[setting.Name] = true
		before, ok := old[setting.Name]
		if !ok {
			before = "(not recorded)"
		}
		if before != setting.Value {
			diffs = append(diffs, fmt.Sprintf("%s: checkpoint %s, this run %s", setting.Name, before, setting.Value))
		}
	}
	for _, setting := range saved {
		if !seen[setting.Name] {
			diffs = append(diffs, fmt.Sprintf("%s: checkpoint %s, this run (not set)", setting.Name, setting.Value))
		}
	}
	return diffs
}

// checkSettings refuses a checkpoint written with other settings, naming every one that differs.
func checkSettings(path string, saved, current Settings) error {
	if len(saved) == 1 && saved[0].Name == legacySettings {
		return fmt.Errorf("resuming: checkpoint %s predates the per-setting check (it records only %q), so its data and batches cannot be compared with this run's: use another checkpoint directory",
			path, saved[0].Value)
	}
	if diffs := current.differences(saved); len(diffs) > 0 {
		return fmt.Errorf("resuming: checkpoint %s was written by a run with other settings, so this run would not end as that one would: %s; resume with the same settings (more epochs are fine), or use another checkpoint directory",
			path, strings.Join(diffs, "; "))
	}
	return nil
}

// variableKeys are the scope-and-name keys of the checkpoint's variables.
func (c *Checkpoint) variableKeys() map[string]bool {
	keys := make(map[string]bool, len(c.Variables))
	for _, v := range c.Variables {
		keys[v.label()] = true
	}
	return keys
}

// checkResumedModel runs after the first step of a resumed run, when the model has created all
// its variables: a variable the checkpoint does not hold means another model, which would train
// from fresh weights next to the restored, unused ones.
func (r *runState) checkResumedModel() error {
	var created []string
	r.ctx.EnumerateVariables(func(v *context.Variable) {
		if strings.HasPrefix(v.Scope()+context.ScopeSeparator, metricsScope) || r.resumedVariables[v.ScopeAndName()] {
			return
		}
		created = append(created, fmt.Sprintf("%s %s", v.ScopeAndName(), v.Shape()))
	})
	if len(created) == 0 {
		return nil
	}
	// The model's own variables first (the optimizer's follow them), a few of them.
	slices.SortFunc(created, func(a, b string) int {
		return cmp.Or(cmp.Compare(strings.Count(a, "Optimizer"), strings.Count(b, "Optimizer")), cmp.Compare(a, b))
	})
	if len(created) > 4 {
		created = append(created[:4], fmt.Sprintf("and %d more", len(created)-4))
	}
	return fmt.Errorf("resuming from %s: the model differs from the checkpoint's: it creates %s, which the checkpoint does not hold; resume with the model that wrote it, or use another checkpoint directory",
		r.resumedFrom, strings.Join(created, ", "))
}
