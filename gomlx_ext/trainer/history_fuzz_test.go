package trainer

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadHistory: a history file read back (notebooks overlay earlier runs from one) is a
// history or an error, and what reads a loaded history does not panic.
func FuzzLoadHistory(f *testing.F) {
	h := &History{EvalName: "validation", Train: []Point{{Step: 1, Loss: 2.3, Accuracy: 0.1}, {Step: 20, Epoch: 0.5, Loss: 1.1}},
		Eval: []Point{{Step: 20, Loss: 0.9, Accuracy: 0.7}}, Epochs: []EpochPoint{{Epoch: 1, Step: 20, TrainLoss: 1.2, EvalLoss: 0.9}}}
	data, err := h.MarshalIndent()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"eval_name":"test","train":null,"eval":[{}],"epochs":[]}`))
	f.Add([]byte(`[]`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "history.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		h, err := LoadHistory(path)
		if err != nil {
			return
		}
		_, _ = h.LastEval()
		c := h.clone()
		if len(c.Train) != len(h.Train) || len(c.Eval) != len(h.Eval) || len(c.Epochs) != len(h.Epochs) {
			t.Fatalf("clone lost points")
		}
		if _, err := c.MarshalIndent(); err != nil {
			t.Fatalf("a loaded history does not save again: %v", err)
		}
	})
}
