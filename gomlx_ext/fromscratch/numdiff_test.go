package fromscratch_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

func TestRelativeError(t *testing.T) {
	tests := []struct {
		a, n, floor, want float64
	}{
		{a: 2, n: 1, floor: 1e-8, want: 0.5},
		{a: -1, n: 1, floor: 1e-8, want: 2},
		{a: 0, n: 0, floor: 1e-8, want: 0},
		{a: 1e-12, n: 0, floor: 1e-8, want: 1e-4}, // the floor is the denominator
		{a: math.NaN(), n: 1, floor: 1e-8, want: math.NaN()},
	}
	for _, tc := range tests {
		got := fromscratch.RelativeError(tc.a, tc.n, tc.floor)
		if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.want) > 1e-15) {
			t.Errorf("RelativeError(%g, %g, %g) = %g, want %g", tc.a, tc.n, tc.floor, got, tc.want)
		}
	}
}
