package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/runrecord"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
)

func TestCompareTwoRuns(t *testing.T) {
	root := t.TempDir()
	for name, lr := range map[string]string{"slow": "0.001", "fast": "0.01"} {
		r := runrecord.New("cmd/train", map[string]string{"-lr": lr, "-epochs": "1"}, root)
		acc := map[string]float64{"slow": 0.8, "fast": 0.9}[name]
		r.AddResult(&trainer.Result{History: &trainer.History{EvalName: "test",
			Eval: []trainer.Point{{Step: 1, Epoch: 0.5, Loss: 1, Accuracy: acc - 0.1}, {Step: 2, Epoch: 1, Loss: 0.5, Accuracy: acc}}}})
		if err := r.Save(filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	png := filepath.Join(root, "out", "overlay.png")
	var out bytes.Buffer
	if err := run([]string{"-png", png, filepath.Join(root, "slow"), filepath.Join(root, "fast")}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| **-lr** | 0.001 | 0.01 |", "| test_accuracy | 0.8000 | 0.9000 |", png} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if info, err := os.Stat(png); err != nil || info.Size() == 0 {
		t.Errorf("overlay PNG: %v", err)
	}
	if err := run([]string{filepath.Join(root, "missing")}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("a directory without a record: %v, want an error naming it", err)
	}
	if err := run(nil, io.Discard, io.Discard); err == nil {
		t.Error("no directories: want an error")
	}
}
