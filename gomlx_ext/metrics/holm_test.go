package metrics

import (
	"math"
	"testing"
)

// TestHolmAdjustByHand: sorted, 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, then 0.04·1 = 0.04
// is raised to the 0.06 before it; 0.2·2 = 0.4 then 0.6·1; 0.4·3 = 1.2 is capped at 1, and so are
// the two after it.
func TestHolmAdjustByHand(t *testing.T) {
	for _, tt := range []struct{ ps, want []float64 }{
		{[]float64{0.01, 0.04, 0.03, 0.005}, []float64{0.03, 0.06, 0.06, 0.02}},
		{[]float64{0.6, 0.2}, []float64{0.6, 0.4}},
		{[]float64{0.5, 0.4, 0.45}, []float64{1, 1, 1}},
		{[]float64{0.02}, []float64{0.02}},
		{nil, []float64{}},
	} {
		got, err := HolmAdjust(tt.ps)
		if err != nil {
			t.Fatalf("HolmAdjust(%v): %v", tt.ps, err)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("HolmAdjust(%v) = %v, want %v", tt.ps, got, tt.want)
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-15 {
				t.Errorf("HolmAdjust(%v) = %v, want %v", tt.ps, got, tt.want)
				break
			}
		}
	}
}

func TestHolmAdjustRejectsBadPValues(t *testing.T) {
	for _, ps := range [][]float64{{0.1, math.NaN()}, {-0.01}, {1.5}} {
		if _, err := HolmAdjust(ps); err == nil {
			t.Errorf("HolmAdjust(%v): no error", ps)
		}
	}
}
