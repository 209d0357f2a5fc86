package trainer

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// bowlLoss is a made-up loss curve over log₁₀(lr): lowest at lr = 1e-2, growing steeply past it.
func bowlLoss(lr float64) (float64, error) {
	x := math.Log10(lr) + 2
	return 1 + x*x, nil
}

func TestLRRangeTestSchedule(t *testing.T) {
	var seen []float64
	r, err := LRRangeTest(LRRangeConfig{MinLR: 1e-4, MaxLR: 1, Steps: 5, Smoothing: 1e-9, DivergeFactor: 100},
		func(lr float64) (float64, error) { seen = append(seen, lr); return bowlLoss(lr) })
	if err != nil {
		t.Fatal(err)
	}
	// Five rates a factor 10 apart; the loss 5, 2, 1, 2, 5; never 100× the minimum.
	for i, want := range []float64{1e-4, 1e-3, 1e-2, 1e-1, 1} {
		if math.Abs(seen[i]-want) > 1e-12*want || math.Abs(r.LearningRates[i]-want) > 1e-12*want {
			t.Errorf("step %d: lr %g (recorded %g), want %g", i, seen[i], r.LearningRates[i], want)
		}
	}
	if r.Diverged || len(r.Losses) != 5 {
		t.Errorf("diverged %v after %d steps, want all 5 steps", r.Diverged, len(r.Losses))
	}
	// Smoothing ≈ 0: the smoothed loss is the loss; minimum at 1e-2, suggestion 1e-3, and the
	// steepest fall (central differences: (2−5)/… at 1e-3) before it.
	if math.Abs(r.MinLossLR-1e-2) > 1e-14 || math.Abs(r.Suggested-1e-3) > 1e-15 || math.Abs(r.Steepest-1e-3) > 1e-15 {
		t.Errorf("min-loss lr %g, suggested %g, steepest %g; want 1e-2, 1e-3, 1e-3", r.MinLossLR, r.Suggested, r.Steepest)
	}
}

// TestLRRangeTestSmoothingAndDivergence checks the bias-corrected average by hand and the stop.
func TestLRRangeTestSmoothingAndDivergence(t *testing.T) {
	losses := []float64{2, 1, 1, 3, 50, 60}
	i := 0
	r, err := LRRangeTest(LRRangeConfig{Steps: 6, Smoothing: 0.5, DivergeFactor: 4}, func(float64) (float64, error) {
		i++
		return losses[i-1], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// avg: 1, 1, 1, 2, 26 → corrected by 1−0.5ᵗ: 2, 4/3, 8/7, 32/15, 832/31 ≈ 26.8 > 4·8/7: stop.
	want := []float64{2, 4.0 / 3, 8.0 / 7, 32.0 / 15, 832.0 / 31}
	if len(r.Smoothed) != len(want) || !r.Diverged {
		t.Fatalf("smoothed %v (diverged %v), want %v and a stop", r.Smoothed, r.Diverged, want)
	}
	for k := range want {
		if math.Abs(r.Smoothed[k]-want[k]) > 1e-12 {
			t.Errorf("smoothed[%d] = %g, want %g", k, r.Smoothed[k], want[k])
		}
	}
	if r.MinLossLR != r.LearningRates[2] {
		t.Errorf("min-loss lr %g, want step 3's %g", r.MinLossLR, r.LearningRates[2])
	}

	// A NaN loss stops the test without being recorded.
	n := 0
	r, err = LRRangeTest(LRRangeConfig{Steps: 10}, func(float64) (float64, error) {
		n++
		if n == 4 {
			return math.NaN(), nil
		}
		return 1, nil
	})
	if err != nil || !r.Diverged || len(r.Losses) != 3 {
		t.Errorf("NaN at step 4: err %v, diverged %v, %d losses; want a stop after 3", err, r != nil && r.Diverged, len(r.Losses))
	}
}

func TestLRRangeTestErrors(t *testing.T) {
	for _, tc := range []struct {
		cfg  LRRangeConfig
		want string
	}{
		{LRRangeConfig{MinLR: 1, MaxLR: 0.1}, "want 0 < min < max"},
		{LRRangeConfig{Steps: 2}, "2 steps"},
		{LRRangeConfig{Smoothing: 1}, "smoothing 1"},
		{LRRangeConfig{DivergeFactor: 0.5}, "diverge factor 0.5"},
	} {
		if _, err := LRRangeTest(tc.cfg, bowlLoss); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.cfg, err, tc.want)
		}
	}
	_, err := LRRangeTest(LRRangeConfig{}, func(float64) (float64, error) { return 0, errors.New("disk full") })
	if err == nil || !strings.Contains(err.Error(), "step 1") || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("step error: %v, want it wrapped with the step", err)
	}
	if _, err := LRRangeTest(LRRangeConfig{}, func(float64) (float64, error) { return math.Inf(1), nil }); err == nil {
		t.Error("no finite loss at all: no error")
	}
}

// TestFindLR runs the test on the toy model with Adam: the loss falls at small rates and the
// run diverges before lr = 100; the suggestion lies in between and trains.
func TestFindLR(t *testing.T) {
	b := testBackend(t)
	data := toyBatches(t, toyImages(t, "toy", 240, 3, false), 24, true)
	ctx := context.New()
	ctx.SetParam(context.ParamInitialSeed, int64(7))
	r, err := FindLR(b, ctx, toyModel, data, optimizers.Adam().Done(), LRRangeConfig{MinLR: 1e-4, MaxLR: 100, Steps: 60})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Diverged {
		t.Errorf("no divergence up to lr 100: smoothed losses %v", r.Smoothed)
	}
	if !(r.Suggested > 1e-4 && r.Suggested < 1) {
		t.Errorf("suggested lr %g, want between 1e-4 and 1", r.Suggested)
	}
	if min := slicesMin(r.Smoothed); !(min < 0.8*r.Smoothed[0]) {
		t.Errorf("lowest smoothed loss %g, first %g: want a fall of more than 20 %%", min, r.Smoothed[0])
	}
	// The optimizer trains at the rates given: at lr ≤ 1e-8 (not Adam's default 1e-3) the loss
	// stays where it started.
	tiny := context.New()
	tiny.SetParam(context.ParamInitialSeed, int64(7))
	still, err := FindLR(b, tiny, toyModel, data, optimizers.Adam().Done(), LRRangeConfig{MinLR: 1e-9, MaxLR: 1e-8, Steps: 30, Smoothing: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if first, last := still.Smoothed[0], still.Smoothed[len(still.Smoothed)-1]; math.Abs(last-first) > 0.1*first {
		t.Errorf("at lr ≤ 1e-8 the smoothed loss went from %g to %g: the rate is not applied", first, last)
	}
	if _, err := FindLR(b, ctx, toyModel, nil, optimizers.Adam().Done(), LRRangeConfig{}); err == nil {
		t.Error("FindLR without data: no error")
	}
}

func slicesMin(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
}
