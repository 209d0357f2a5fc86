package trainplot

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/evaluate"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
)

func TestCurvesAndCompare(t *testing.T) {
	h := &trainer.History{EvalName: "validation",
		Train: []trainer.Point{{Step: 1, Loss: 2, Accuracy: 0.3}, {Step: 2, Loss: 1.5, Accuracy: 0.5}},
		Eval:  []trainer.Point{{Step: 2, Epoch: 1, Loss: 1.6, Accuracy: 0.45}, {Step: 4, Epoch: 2, Loss: 1.2, Accuracy: 0.6}}}
	if _, err := Compare([]string{"a", "b"}, []*trainer.History{h, h}); err != nil {
		t.Errorf("compare: %v", err)
	}
	if _, err := Compare([]string{"a", "b"}, []*trainer.History{h, {}}); err == nil {
		t.Error("compare with an empty history: want an error")
	}
	if _, err := Curves(h); err != nil {
		t.Errorf("curves: %v", err)
	}
	if _, err := Curves(&trainer.History{}); err == nil {
		t.Error("curves of an empty history: want an error")
	}
}

func TestMistakesGrid(t *testing.T) {
	const side, n = 4, 6
	data := &datasets.Images{Name: "toy", N: n, Height: side, Width: side, Channels: 1,
		Pixels: make([]float32, n*side*side), Labels: make([]int32, n), ClassNames: []string{"a", "b", "c"}}
	for i := range data.Pixels {
		data.Pixels[i] = float32(i%7) / 7
	}
	img, err := MistakesGrid(data, []evaluate.Mistake{{Index: 4, True: 1, Predicted: 2, Confidence: 0.9}, {Index: 0, True: 0, Predicted: 1, Confidence: 0.6}}, 10, 4)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 2*side || b.Dy() < side {
		t.Errorf("grid of two images is %v", b)
	}
	if _, err := MistakesGrid(data, []evaluate.Mistake{{Index: 6}}, 1, 1); err == nil {
		t.Error("a mistake outside the data set: want an error")
	}
	if _, err := MistakesGrid(data, nil, 5, 1); err == nil {
		t.Error("no mistakes: want an error")
	}
}

func TestLRRange(t *testing.T) {
	r, err := trainer.LRRangeTest(trainer.LRRangeConfig{MinLR: 1e-4, MaxLR: 10, Steps: 30}, func(lr float64) (float64, error) {
		x := math.Log10(lr) + 2
		return 1 + x*x, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fig, err := LRRange(r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fig.PNG(640, 400); err != nil {
		t.Fatal(err)
	}
	if _, err := LRRange(&trainer.LRRange{}); err == nil {
		t.Error("empty range test: no error")
	}
}

// TestLRRangeAxisIgnoresBlowUp: a last batch loss of 1,000 does not set the loss axis.
func TestLRRangeAxisIgnoresBlowUp(t *testing.T) {
	r := &trainer.LRRange{LearningRates: []float64{1e-3, 1e-2, 1e-1, 1}, Losses: []float64{2.3, 1.5, 1.0, 1000},
		Smoothed: []float64{2.3, 1.9, 1.6, 300}, Suggested: 1e-2, MinLossLR: 1e-1}
	p, err := lrRangePlot(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Y.Max; math.Abs(got-1.5*2.3) > 1e-12 {
		t.Errorf("loss axis ends at %g, want 1.5 × 2.3 = 3.45", got)
	}
}
