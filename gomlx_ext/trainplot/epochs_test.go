package trainplot

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
)

func TestEpochCurves(t *testing.T) {
	h := &trainer.History{EvalName: "validation"}
	for e := 1; e <= 6; e++ {
		x := float64(e)
		h.Epochs = append(h.Epochs, trainer.EpochPoint{Epoch: e, TrainLoss: 1 / x, TrainAccuracy: 1 - 0.5/x,
			EvalLoss: 0.6 + 0.02*(x-3)*(x-3), EvalAccuracy: 0.8})
	}
	fig, err := EpochCurves(h)
	if err != nil {
		t.Fatal(err)
	}
	if rows, cols := fig.Grid(); rows != 1 || cols != 2 {
		t.Errorf("grid %d×%d, want loss and accuracy side by side", rows, cols)
	}
	if p := fig.Plot(0, 0); p.Y.Min > 1.0/6 || p.Y.Max < 1 || p.X.Min > 1 || p.X.Max < 6 {
		t.Errorf("loss panel's axes [%g, %g]×[%g, %g] miss some points", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	if _, err := fig.PNG(800, 320); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []*trainer.History{nil, {}} {
		if _, err := EpochCurves(bad); err == nil || !strings.Contains(err.Error(), "no finished epoch") {
			t.Errorf("EpochCurves(%v): error %v", bad, err)
		}
	}
	h.Epochs[2].EvalLoss = math.NaN()
	if _, err := EpochCurves(h); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("a NaN loss: error %v, want one naming it", err)
	}
}
