package trainer

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestHistorySaveLoad(t *testing.T) {
	h := &History{EvalName: "validation",
		Train:  []Point{{Step: 1, Loss: 2, Accuracy: 0.3}, {Step: 2, Loss: 1.5, Accuracy: 0.5}},
		Eval:   []Point{{Step: 2, Epoch: 1, Loss: 1.6, Accuracy: 0.45}, {Step: 4, Epoch: 2, Loss: 1.2, Accuracy: 0.6}},
		Epochs: []EpochPoint{{Epoch: 1, Step: 2, TrainLoss: 1.7}}}
	path := filepath.Join(t.TempDir(), "history.json")
	if err := h.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, h) {
		t.Errorf("loaded %+v, saved %+v", got, h)
	}
}
