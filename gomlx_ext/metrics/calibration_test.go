package metrics

import (
	"math"
	"strings"
	"testing"
)

// Four predictions in 2 bins: (0, 0.5] holds 0.2 (right) and 0.5 (wrong), (0.5, 1] holds 0.9 and
// 1.0 (both right). Bin 1: confidence 0.35, accuracy 0.5; bin 2: 0.95 and 1.
// ECE = ½·|0.5 − 0.35| + ½·|1 − 0.95| = 0.075 + 0.025 = 0.1.
func TestCalibrationByHand(t *testing.T) {
	cal, err := NewCalibration([]float64{0.2, 0.5, 0.9, 1.0}, []bool{true, false, true, true}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []CalibrationBin{
		{Low: 0, High: 0.5, Count: 2, Correct: 1, Confidence: 0.35, Accuracy: 0.5},
		{Low: 0.5, High: 1, Count: 2, Correct: 2, Confidence: 0.95, Accuracy: 1},
	}
	for b, w := range want {
		g := cal.Bins[b]
		if g.Count != w.Count || g.Correct != w.Correct || !near(g.Confidence, w.Confidence) || !near(g.Accuracy, w.Accuracy) || g.Low != w.Low || g.High != w.High {
			t.Errorf("bin %d = %+v, want %+v", b, g, w)
		}
	}
	if !near(cal.ECE, 0.1) || !near(cal.MeanConfidence, 0.65) || !near(cal.Accuracy, 0.75) {
		t.Errorf("ECE %v, mean confidence %v, accuracy %v; want 0.1, 0.65, 0.75", cal.ECE, cal.MeanConfidence, cal.Accuracy)
	}
}

// A model whose confidence is its true probability of being right is calibrated: its ECE shrinks
// towards 0 as the sample grows; one that always claims 0.99 is not.
func TestCalibrationDiscriminates(t *testing.T) {
	const n = 200000
	conf, right, liar := make([]float64, n), make([]bool, n), make([]float64, n)
	state := uint64(1)
	uniform := func() float64 { // a small LCG: deterministic and independent of math/rand's versions
		state = state*6364136223846793005 + 1442695040888963407
		return float64(state>>11) / (1 << 53)
	}
	for i := range conf {
		conf[i] = 0.5 + 0.5*uniform()
		right[i] = uniform() < conf[i]
		liar[i] = 0.99
	}
	good, err := NewCalibration(conf, right, 10)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := NewCalibration(liar, right, 10)
	if err != nil {
		t.Fatal(err)
	}
	if good.ECE > 0.01 || bad.ECE < 0.2 {
		t.Errorf("ECE calibrated %.4f (want < 0.01), always 0.99 %.4f (want > 0.2)", good.ECE, bad.ECE)
	}
}

// A confidence on a bin edge, m/bins, belongs to bin m−1 (right-closed) even where m/bins·bins
// rounds above m in floating point, as 7/25·25 = 7.000000000000001 does.
func TestCalibrationBinEdges(t *testing.T) {
	for _, bins := range []int{10, 15, 25, 41} {
		for m := 1; m <= bins; m++ {
			c := float64(m) / float64(bins)
			cal, err := NewCalibration([]float64{c}, []bool{true}, bins)
			if err != nil {
				t.Fatal(err)
			}
			for b, bin := range cal.Bins {
				if want := b == m-1; (bin.Count == 1) != want {
					t.Errorf("%d bins: confidence %d/%d in bin %d (%v, %v]: count %d", bins, m, bins, b, bin.Low, bin.High, bin.Count)
				}
			}
		}
	}
}

func TestCalibrationErrors(t *testing.T) {
	for _, c := range []struct {
		conf []float64
		ok   []bool
		bins int
		want string
	}{
		{nil, nil, 10, "no predictions"},
		{[]float64{0.5}, []bool{true}, 0, "0 bins"},
		{[]float64{0.5}, nil, 10, "1 confidences but 0"},
		{[]float64{0.5, math.NaN()}, []bool{true, true}, 10, "confidence[1] = NaN"},
		{[]float64{1.5}, []bool{true}, 10, "confidence[0] = 1.5"},
	} {
		_, err := NewCalibration(c.conf, c.ok, c.bins)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
	// c = 0 and the exact edges land in the right-closed bins.
	cal, err := NewCalibration([]float64{0, 0.5, 1}, []bool{false, false, true}, 2)
	if err != nil || cal.Bins[0].Count != 2 || cal.Bins[1].Count != 1 {
		t.Errorf("edges: %+v, %v", cal.Bins, err)
	}
}
