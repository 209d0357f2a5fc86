package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchSmoke runs the benchmark command briefly on both models (no time-to-accuracy) and checks
// the report it writes; the real measurement is `make bench`.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two models briefly")
	}
	out := filepath.Join(t.TempDir(), "bench.json")
	var stdout bytes.Buffer
	err := runBench([]string{"-models", "cnn,mlp", "-batch", "32", "-warmup", "1", "-steps", "2",
		"-cnn-epochs", "0", "-mlp-epochs", "0", "-out", out}, &stdout)
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, stdout.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 2 {
		t.Fatalf("%d rows, want 2: %s", len(r.Rows), data)
	}
	for _, row := range r.Rows {
		if row.TrainExamplesPerSec <= 0 || row.InferExamplesPerSec <= 0 || row.PeakRSSBytes == 0 || row.BatchSize != 32 {
			t.Errorf("row %+v: measurements missing", row)
		}
	}
	if !strings.Contains(stdout.String(), "backend: ") {
		t.Errorf("output does not say which backend ran:\n%s", stdout.String())
	}
}

func TestBenchFlagErrors(t *testing.T) {
	for _, args := range [][]string{{"-models", "resnet"}, {"-batch", "0"}, {"-steps", "-1"}, {"-cnn-epochs", "-1"}} {
		if _, err := parseBenchFlags(args); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}

func TestCompareMediansAndRatios(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, r Report) string {
		data, _ := json.Marshal(r)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	ours := func(v float64) Report {
		return Report{Rows: []Row{{Framework: "DeepNB (GoMLX)", Model: "cnn", TrainExamplesPerSec: v}}}
	}
	peer := func(v float64) Report {
		return Report{Rows: []Row{{Framework: "PyTorch 1.13.0", Model: "cnn", TrainExamplesPerSec: v}}}
	}
	files := []string{write("a", ours(100)), write("b", peer(1000)), write("c", ours(300)), write("d", peer(3000)), write("e", ours(200)), write("f", peer(2000))}
	var out bytes.Buffer
	if err := compare(files, &out); err != nil {
		t.Fatal(err)
	}
	// Medians 200 and 2000: ratio 0.100.
	if !strings.Contains(out.String(), "200") || !strings.Contains(out.String(), "0.100") {
		t.Errorf("table lacks the medians or the ratio:\n%s", out.String())
	}
	// Two DeepNB backends: a column and a ratio each.
	ourBackend := func(backend string, v float64) Report {
		return Report{Rows: []Row{{Framework: "DeepNB (GoMLX)", Backend: backend, Model: "cnn", TrainExamplesPerSec: v}}}
	}
	out.Reset()
	if err := compare([]string{write("g", ourBackend("go", 100)), write("h", ourBackend("compute", 250)), files[1]}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DeepNB (GoMLX) go", "DeepNB (GoMLX) compute", "ratio compute", "0.250", "0.100"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	if err := compare(files[:1], &out); err == nil {
		t.Error("compare with one framework succeeded")
	}
}
