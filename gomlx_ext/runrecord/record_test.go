package runrecord

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/gomlx/gomlx/ui/plots"
)

func result(lr float64, acc float64) *trainer.Result {
	return &trainer.Result{
		Seed: 7, Backend: "backend: go", WallTime: 1500 * time.Millisecond, PeakRSSBytes: 3 << 20,
		History: &trainer.History{
			Train:    []trainer.Point{{Step: 1, Epoch: 0.5, Loss: 2.3, Accuracy: 0.1, LearningRate: lr}, {Step: 2, Epoch: 1, Loss: 1.1, Accuracy: 0.6, LearningRate: lr}},
			EvalName: "test",
			Eval:     []trainer.Point{{Step: 2, Epoch: 1, Loss: 0.9, Accuracy: acc}},
			Epochs:   []trainer.EpochPoint{{Epoch: 1, Step: 2, TrainLoss: 1.5, TrainAccuracy: 0.4}},
		},
	}
}

func saved(t *testing.T, dir string, settings map[string]string, res *trainer.Result) *Record {
	t.Helper()
	r := New("cmd/train", settings, ".")
	r.AddResult(res)
	if err := r.Save(dir); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	saved(t, dir, map[string]string{"-lr": "0.01"}, result(0.01, 0.8))
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Settings["-lr"] != "0.01" || got.Seed == nil || *got.Seed != 7 || got.WallSeconds != 1.5 || got.PeakRSSBytes != 3<<20 {
		t.Errorf("loaded %+v", got)
	}
	want := map[string]float64{"train_loss": 1.5, "train_accuracy": 0.4, "test_loss": 0.9, "test_accuracy": 0.8}
	for k, v := range want {
		if got.Final[k] != v {
			t.Errorf("Final[%s] = %v, want %v", k, got.Final[k], v)
		}
	}
	if len(got.History.Train) != 2 || got.History.EvalName != "test" {
		t.Errorf("history %+v", got.History)
	}
}

// GoMLX's own reader must read the training-points file.
func TestPointsFileIsGoMLXFormat(t *testing.T) {
	dir := t.TempDir()
	saved(t, dir, nil, result(0.01, 0.8))
	points, err := plots.LoadPoints(filepath.Join(dir, PointsFileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 6 { // 2 train + 1 test points, each with loss and accuracy
		t.Fatalf("LoadPoints read %d points, want 6: %+v", len(points), points)
	}
	last := points[len(points)-1]
	if last.MetricName != "Test accuracy" || last.MetricType != "accuracy" || last.Step != 2 || last.Value != 0.8 {
		t.Errorf("last point %+v", last)
	}
}

func TestLoadRefusesBadRecords(t *testing.T) {
	cases := map[string]string{
		"no file":        "",
		"not JSON":       "{",
		"unknown field":  `{"format":1,"name":"x","bogus":1}`,
		"other format":   `{"format":2,"name":"x"}`,
		"no name":        `{"format":1}`,
		"trailing comma": `{"format":1,"name":"x",}`,
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if content != "" {
				if err := os.WriteFile(filepath.Join(dir, FileName), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "run record") {
				t.Errorf("Load: %v, want an error naming the run record", err)
			}
		})
	}
}

func TestTableShowsDifferingSettingsAndAllMetrics(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	ra := saved(t, a, map[string]string{"-lr": "0.001", "-epochs": "2"}, result(0.001, 0.82))
	rb := saved(t, b, map[string]string{"-lr": "0.01", "-epochs": "2"}, result(0.01, 0.89))
	md, err := Table([]string{"a", "b"}, []*Record{ra, rb})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| **-lr** | 0.001 | 0.01 |", "| test_accuracy | 0.8200 | 0.8900 |", "Shared by every run: -epochs=2"} {
		if !strings.Contains(md, want) {
			t.Errorf("table lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "**-epochs**") {
		t.Errorf("a setting both runs share has a row:\n%s", md)
	}
	fig, err := Overlay([]string{"a", "b"}, []*Record{ra, rb})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fig.PNG(600, 300); err != nil {
		t.Fatal(err)
	}
	ra.History = nil
	if _, err := Overlay([]string{"a", "b"}, []*Record{ra, rb}); err == nil || !strings.Contains(err.Error(), "run a") {
		t.Errorf("Overlay without a history: %v, want an error naming run a", err)
	}
}

func TestLabels(t *testing.T) {
	got := Labels([]string{"runs/x/a", "runs/y/a", "runs/b/"})
	want := []string{"runs/x/a", "runs/y/a", "b"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Labels = %q, want %q", got, want)
		}
	}
}
