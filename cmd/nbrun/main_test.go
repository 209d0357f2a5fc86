package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbexec"
	"github.com/deepnb/deepnb/internal/nbparams"
)

func TestPrepareInjectsAfterTheParametersCell(t *testing.T) {
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	p, err := prepare(options{root: root, notebook: "01", set: "Epochs=1 LearningRate=0.002"})
	if err != nil {
		t.Fatal(err)
	}
	if p.name != "01_mnist_cnn" || p.set["Epochs"] != "1" || p.set["LearningRate"] != "0.002" {
		t.Fatalf("prepared %s with %v", p.name, p.set)
	}
	params, err := nbparams.Find(p.copy)
	if err != nil {
		t.Fatal(err)
	}
	copy := string(p.copy)
	for _, want := range []string{`"injected-parameters"`, `Epochs = 1`, `LearningRate = 0.002`, `BatchSize = 128`, "-replace=github.com/deepnb/deepnb=" + root} {
		if !strings.Contains(copy, want) {
			t.Errorf("the copy lacks %q", want)
		}
	}
	if strings.Contains(copy, "${GONB_DIR}/..") {
		t.Error("the copy still points its module pin at ${GONB_DIR}/..")
	}
	if params.Cell != p.params.Cell {
		t.Errorf("the parameters cell moved from %d to %d", p.params.Cell, params.Cell)
	}
}

// Every refusal is one line, exit code 2, and nothing is run or written.
func TestRefusedBeforeAnythingRuns(t *testing.T) {
	runs := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-notebook", "01", "-set", "Epoch=3"}, "no parameter Epoch (the parameters cell has Epochs, BatchSize, LearningRate, Seed)"},
		{[]string{"-notebook", "01", "-set", "BatchSize=big"}, `BatchSize is an integer (BatchSize = 128 in the parameters cell); "big" is not one`},
		{[]string{"-notebook", "01", "-set", "LearningRate=fast"}, `LearningRate is a number`},
		{[]string{"-notebook", "02", "-set", "Epochs=1"}, "notebooks/02_forward_pass.ipynb: no code cell is tagged parameters"},
		{[]string{"-notebook", "99"}, `no notebook in notebooks/ starts with "99"`},
		{[]string{}, "-notebook is required"},
	} {
		var stdout bytes.Buffer
		code, err := run(append(tc.args, "-runs", runs), &stdout, io.Discard, time.Now())
		if code != 2 || err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: code %d, err %v; want code 2 and one line containing %q", tc.args, code, err, tc.want)
		}
		if stdout.Len() > 0 {
			t.Errorf("%q: printed %q before refusing", tc.args, stdout.String())
		}
	}
	if entries, _ := os.ReadDir(runs); len(entries) > 0 {
		t.Errorf("refused runs created %d entries in %s", len(entries), runs)
	}
}

func TestRunDirIsNew(t *testing.T) {
	runs := t.TempDir()
	at := time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC)
	a, err := runDir(runs, "01_mnist_cnn", at)
	if err != nil {
		t.Fatal(err)
	}
	b, err := runDir(runs, "01_mnist_cnn", at)
	if err != nil {
		t.Fatal(err)
	}
	if a == b || filepath.Base(a) != "01_mnist_cnn-20261201-073000" || filepath.Base(b) != "01_mnist_cnn-20261201-073000-2" {
		t.Errorf("run dirs %s and %s", a, b)
	}
}
