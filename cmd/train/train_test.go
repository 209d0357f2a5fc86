package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deepnb/deepnb/gomlx_ext/runrecord"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
)

func TestParseFlags(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.dataset != "mnist" || o.model != "cnn" || o.epochs != 2 || o.checkpointDir != filepath.Join("runs/train", "checkpoints") || o.keep != 3 {
		t.Errorf("defaults %+v", o)
	}
	o, err = parseFlags([]string{"-dataset", "fashion", "-model", "fashion-cnn", "-val-split", "0.1", "-augment",
		"-resume", "-checkpoint-every", "50", "-out", "x", "-schedule", "cosine", "-early-stop", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.dataset != "fashion" || !o.augment || !o.resume || o.checkpointEvery != 50 || o.checkpointDir != filepath.Join("x", "checkpoints") {
		t.Errorf("parsed %+v", o)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-dataset", "cifar"}, "-dataset"},
		{[]string{"-model", "resnet"}, "-model"},
		{[]string{"-schedule", "warmup"}, "-schedule"},
		{[]string{"-epochs", "0"}, "-epochs"},
		{[]string{"-val-split", "1"}, "-val-split"},
		{[]string{"-weight-decay", "-1"}, "-weight-decay"},
		{[]string{"-checkpoint-every", "-5"}, "-checkpoint-every"},
		{[]string{"-keep-checkpoints", "0"}, "-keep-checkpoints"},
		{[]string{"-divergence-factor", "1"}, "-divergence-factor"},
		{[]string{"-divergence-factor", "0"}, "-divergence-factor"},
		{[]string{"-early-stop", "3"}, "-early-stop needs a validation set"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		if _, err := parseFlags(tt.args, io.Discard); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseFlags(%q) = %v, want an error mentioning %q", tt.args, err, tt.want)
		}
	}
}

// quickRun are the flags of a short MNIST run: 900 training images in batches of 10 (90 steps
// per epoch), 4 epochs, the MLP, a checkpoint every 10 steps.
func quickRun(out string) []string {
	return []string{"-model", "mlp", "-train-limit", "1000", "-val-split", "0.1", "-batch", "10", "-epochs", "4",
		"-checkpoint-every", "10", "-keep-checkpoints", "-1", "-out", out}
}

func readMetrics(t *testing.T, dir string) metricsFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m metricsFile
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("metrics.json: %v", err)
	}
	return m
}

// TestKillAndResume kills a training process with SIGKILL right after its first checkpoint in
// the second epoch appears (step 100 of 360), checks that every checkpoint left behind is complete, restarts it with -resume, and
// checks that it continues from the newest checkpoint's step and ends exactly where an
// uninterrupted run ends.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs cmd/train three times")
	}
	bin := buildTrain(t)
	runDir := func(name string) string { return filepath.Join(t.TempDir(), name) }

	reference := runDir("reference")
	if out, err := exec.Command(bin, quickRun(reference)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	want := readMetrics(t, reference)
	record, err := runrecord.Load(reference)
	if err != nil {
		t.Fatal(err)
	}
	if record.Settings["-batch"] != "10" || record.Final["test_accuracy"] != want.TestAccuracy || record.History == nil || record.Seed == nil {
		t.Errorf("run record: settings %v, final %v, history %v, seed %v; metrics.json says test accuracy %v",
			record.Settings, record.Final, record.History != nil, record.Seed, want.TestAccuracy)
	}

	killed := runDir("killed")
	var stdout bytes.Buffer
	cmd := exec.Command(bin, quickRun(killed)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ckptDir := filepath.Join(killed, "checkpoints")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, ok, _ := trainer.LatestCheckpoint(ckptDir); ok && exists(filepath.Join(ckptDir, trainer.CheckpointName(100))) {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("no checkpoint of step 100 after 2 minutes:\n%s", stdout.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if status, ok := err.(*exec.ExitError); !ok || status.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the run was not killed mid-way (it may have finished first): %v\n%s", err, stdout.String())
	}
	if _, err := os.Stat(filepath.Join(killed, "metrics.json")); !os.IsNotExist(err) {
		t.Fatalf("the killed run wrote metrics.json: %v", err)
	}
	list, err := trainer.ListCheckpoints(ckptDir)
	if err != nil || len(list) == 0 {
		t.Fatalf("checkpoints after the kill: %v, %v", list, err)
	}
	for _, path := range list {
		if _, err := trainer.LoadCheckpoint(path); err != nil {
			t.Errorf("a checkpoint left by the kill does not load: %v", err)
		}
	}
	newest, err := trainer.LoadCheckpoint(list[len(list)-1])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("killed after step %d (%d checkpoints on disk)", newest.State.Step, len(list))

	out, err := exec.Command(bin, append(quickRun(killed), "-resume")...).CombinedOutput()
	if err != nil {
		t.Fatalf("resumed run: %v\n%s", err, out)
	}
	resumeLine := regexp.MustCompile(`resuming from (\S+): step (\d+)`).FindSubmatch(out)
	if resumeLine == nil || string(resumeLine[1]) != list[len(list)-1] {
		t.Fatalf("the resumed run did not say it resumed from %s:\n%s", list[len(list)-1], out)
	}
	got := readMetrics(t, killed)
	if got.Result.ResumedStep != newest.State.Step || got.Result.Steps != want.Result.Steps {
		t.Errorf("resumed at step %d and ended at %d; want %d and %d", got.Result.ResumedStep, got.Result.Steps,
			newest.State.Step, want.Result.Steps)
	}
	if got.TestAccuracy != want.TestAccuracy || !reflect.DeepEqual(got.TestReport, want.TestReport) {
		t.Errorf("resumed run: test accuracy %.4f, uninterrupted %.4f; the test reports must be identical",
			got.TestAccuracy, want.TestAccuracy)
	}
	if !reflect.DeepEqual(got.Result.History, want.Result.History) {
		t.Errorf("the resumed run's history differs from the uninterrupted run's")
	}
	for _, name := range []string{"curves.png", "report.txt", "report.json", "confusion.png"} {
		if _, err := os.Stat(filepath.Join(killed, name)); err != nil {
			t.Errorf("output %s: %v", name, err)
		}
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestFashionRun trains the small CNN (models.SmallCNN) briefly on augmented Fashion-MNIST with a
// validation split, and checks the report files: per-class metrics named by class, a confusion
// matrix over the whole test set.
func TestFashionRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs cmd/train")
	}
	if _, err := datasets.FashionMNISTDir(); err != nil {
		t.Skipf("Fashion-MNIST not installed: %v", err)
	}
	bin := buildTrain(t)
	out := t.TempDir()
	args := []string{"-dataset", "fashion", "-model", "small-cnn", "-train-limit", "1200", "-val-split", "0.25",
		"-augment", "-epochs", "1", "-batch", "30", "-schedule", "cosine", "-weight-decay", "1e-4", "-out", out}
	if output, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("train %v: %v\n%s", args, err, output)
	}
	m := readMetrics(t, out)
	if m.Dataset != "Fashion-MNIST" || m.TrainImages != 900 || m.ValImages != 300 || m.TestImages != 10000 || !m.Augment {
		t.Errorf("metrics.json: %s, %d train, %d validation, %d test images, augment %v",
			m.Dataset, m.TrainImages, m.ValImages, m.TestImages, m.Augment)
	}
	r := m.TestReport
	if r == nil || len(r.Classes) != 10 || r.Classes[6].Name != "Shirt" || r.NumExamples != 10000 {
		t.Fatalf("test report %+v", r)
	}
	total := 0
	for _, row := range r.Confusion {
		for _, v := range row {
			total += v
		}
	}
	if total != 10000 || m.TestAccuracy != r.Accuracy || !(m.TestAccuracy > 0.3) {
		t.Errorf("confusion matrix counts %d images; test accuracy %.4f (report %.4f), want > 0.3 (chance is 0.1) after one short epoch",
			total, m.TestAccuracy, r.Accuracy)
	}
	table, err := os.ReadFile(filepath.Join(out, "report.txt"))
	if err != nil || !strings.Contains(string(table), "Ankle boot") || !strings.Contains(string(table), "macro avg") {
		t.Errorf("report.txt: %v\n%s", err, table)
	}
	if m.Schedule != "cosine(steps=30, min=1e-05)" || m.WeightDecay != 1e-4 {
		t.Errorf("schedule %q, weight decay %g", m.Schedule, m.WeightDecay)
	}
}
