package evaluate

import (
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"slices"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/datasets"
)

// TestOutOfFoldFindsFlippedLabels flips the labels of a few toy examples: no model that did not
// see them can agree with the flipped labels, so they must top the list of disputed labels.
func TestOutOfFoldFindsFlippedLabels(t *testing.T) {
	data := toyImages(t, "toy train", 300, 3)
	flipped := []int{7, 50, 123, 200, 291}
	for _, i := range flipped {
		data.Labels[i] = (data.Labels[i] + 1) % toyClasses
	}
	folds, err := datasets.KFolds(data.N, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := OutOfFold(testBackend(t), toyModel, data, folds, datasets.BatchConfig{BatchSize: 20, Shuffle: true, Seed: 1, DropIncomplete: true},
		quiet(trainer.Config{Epochs: 5, LearningRate: 0.02}))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Labels) != data.N {
		t.Fatalf("%d predictions for %d examples", len(p.Labels), data.N)
	}
	mistakes, err := p.Mistakes(data.Labels)
	if err != nil {
		t.Fatal(err)
	}
	if len(mistakes) < len(flipped) {
		t.Fatalf("%d disputed labels, want at least the %d flipped ones", len(mistakes), len(flipped))
	}
	var top []int
	for _, m := range mistakes[:len(flipped)] {
		top = append(top, m.Index)
	}
	slices.Sort(top)
	if !slices.Equal(top, flipped) {
		t.Errorf("most disputed labels %v, want the flipped ones %v", top, flipped)
	}

	if _, err := OutOfFold(testBackend(t), toyModel, data, folds[:1], datasets.BatchConfig{BatchSize: 20}, quiet(trainer.Config{Epochs: 1})); err == nil ||
		!strings.Contains(err.Error(), "1 folds") {
		t.Errorf("one fold: got %v", err)
	}
	overlapping := [][]int{folds[0], append(slices.Clone(folds[1]), folds[0][0]), folds[2]}
	if _, err := OutOfFold(testBackend(t), toyModel, data, overlapping, datasets.BatchConfig{BatchSize: 20}, quiet(trainer.Config{Epochs: 1})); err == nil ||
		!strings.Contains(err.Error(), "in two folds") {
		t.Errorf("overlapping folds: got %v", err)
	}
}
