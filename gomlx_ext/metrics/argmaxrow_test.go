package metrics

import (
	"math"
	"testing"
)

// TestArgMaxRowNaNRule: a NaN never wins, wherever it stands, in both precisions; ArgMax and
// ArgMaxRow agree.
func TestArgMaxRowNaNRule(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		row  []float64
		want int
	}{
		{"NaN first", []float64{nan, 0.1, 0.3}, 2},
		{"NaN last", []float64{0.1, 0.3, nan}, 1},
		{"tie", []float64{0.3, 0.3}, 0},
		{"all NaN", []float64{nan, nan}, 0},
		{"empty", nil, 0},
	} {
		if got := ArgMaxRow(tc.row); got != tc.want {
			t.Errorf("%s: ArgMaxRow(%v) = %d, want %d", tc.name, tc.row, got, tc.want)
		}
		row32 := make([]float32, len(tc.row))
		for i, v := range tc.row {
			row32[i] = float32(v)
		}
		if got := ArgMaxRow(row32); got != tc.want {
			t.Errorf("%s: float32 ArgMaxRow = %d, want %d", tc.name, got, tc.want)
		}
		if len(row32) > 0 {
			if got := ArgMax(row32, len(row32)); len(got) != 1 || int(got[0]) != tc.want {
				t.Errorf("%s: ArgMax = %v, want [%d]", tc.name, got, tc.want)
			}
		}
	}
}
