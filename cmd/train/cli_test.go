package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/datasets"
)

// buildTrain compiles the command once per test binary.
func buildTrain(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "train")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runTrain runs the binary and returns stderr and the exit code.
func runTrain(t *testing.T, bin string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return stderr.String(), exit.ExitCode()
	}
	if err != nil {
		t.Fatalf("running %s: %v", bin, err)
	}
	return stderr.String(), 0
}

// TestBadInputIsOneLine: bad flags and bad data end in exactly one line on stderr that names the
// problem, and a non-zero exit code.
func TestBadInputIsOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := buildTrain(t)

	// A copy of MNIST whose training images are cut off after 1000 bytes.
	src, err := datasets.MNISTDir()
	if err != nil {
		t.Fatal(err)
	}
	truncated := t.TempDir()
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "train-images-idx3-ubyte.gz" {
			data = gzipped(t, firstBytes(t, data, 1000))
		}
		if err := os.WriteFile(filepath.Join(truncated, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name     string
		env      []string
		args     []string
		wantCode int
		want     []string
	}{
		{"truncated IDX", []string{"DEEPNB_SKIP_CHECKSUM=1"}, []string{"-data", truncated, "-out", t.TempDir()}, 1,
			[]string{"train-images-idx3-ubyte.gz", "truncated"}},
		{"checksum", nil, []string{"-data", truncated, "-out", t.TempDir()}, 1, []string{"train-images-idx3-ubyte.gz"}},
		{"missing dir", nil, []string{"-data", filepath.Join(truncated, "nope"), "-out", t.TempDir()}, 1, []string{"nope"}},
		{"bad epochs", nil, []string{"-epochs", "0"}, 2, []string{"-epochs"}},
		{"bad model", nil, []string{"-model", "resnet"}, 2, []string{"resnet"}},
		{"unknown flag", nil, []string{"-learning-rate", "1"}, 2, []string{"learning-rate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stderr, code := runTrain(t, bin, tt.env, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			last := lines[len(lines)-1]
			if tt.wantCode == 1 && len(lines) != 1 {
				t.Errorf("stderr has %d lines, want one:\n%s", len(lines), stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(last, w) {
					t.Errorf("stderr %q does not mention %q", last, w)
				}
			}
		})
	}
}

func firstBytes(t *testing.T, gz []byte, n int) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, n)
	if _, err := r.Read(buf[:16]); err != nil {
		t.Fatal(err)
	}
	for got := 16; got < n; {
		m, err := r.Read(buf[got:])
		if err != nil {
			t.Fatal(err)
		}
		got += m
	}
	return buf
}

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestResumeRefusesOtherData is the case that resumed silently before: an MLP checkpointed at
// -batch 64 -train-limit 4000 resumed at -batch 32 -train-limit 3000 (the training set keeps
// its name). The refusal names each changed setting with both values.
func TestResumeRefusesOtherData(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin := buildTrain(t)
	out := t.TempDir()
	first := []string{"-model", "mlp", "-epochs", "1", "-batch", "64", "-train-limit", "4000", "-out", out}
	if stderr, code := runTrain(t, bin, nil, first...); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	stderr, code := runTrain(t, bin, nil, "-model", "mlp", "-epochs", "2", "-batch", "32", "-train-limit", "3000", "-out", out, "-resume")
	t.Logf("exit %d: %s", code, stderr)
	if code == 0 || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("resuming with other data: exit %d, stderr %q; want one line and a non-zero exit", code, stderr)
	}
	for _, want := range []string{"-train-limit: checkpoint 4000, this run 3000", "training data batch size: checkpoint 64, this run 32",
		"training data content: checkpoint 4000 images 28×28×1", "this run 3000 images 28×28×1"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the refusal does not say %q", want)
		}
	}
	// More epochs with the same settings resume.
	if stderr, code := runTrain(t, bin, nil, "-model", "mlp", "-epochs", "2", "-batch", "64", "-train-limit", "4000", "-out", out, "-resume"); code != 0 {
		t.Errorf("resuming for one more epoch: exit %d: %s", code, stderr)
	}
}

// TestDivergenceExitsNonZero is the case that exited 0 before: the MLP at -lr 10 took the
// training loss from 2.37 to 37,651 within one epoch and reported 22 % test accuracy.
func TestDivergenceExitsNonZero(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin := buildTrain(t)
	args := []string{"-model", "mlp", "-lr", "10", "-epochs", "1", "-train-limit", "2000", "-out", t.TempDir()}
	stderr, code := runTrain(t, bin, nil, args...)
	t.Logf("exit %d: %s", code, stderr)
	if code == 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "training diverged") ||
		!strings.Contains(stderr, "last batch losses") || !strings.Contains(stderr, "lower the learning rate (10 now)") {
		t.Errorf("-lr 10: exit %d, stderr %q; want one line saying the training diverged, with the losses and a hint", code, stderr)
	}
	// -divergence-factor -1 lets the run finish (a finite, huge loss).
	if stderr, code := runTrain(t, bin, nil, append(args, "-divergence-factor", "-1")...); code != 0 {
		t.Errorf("-lr 10 -divergence-factor -1: exit %d: %s", code, stderr)
	}
}
