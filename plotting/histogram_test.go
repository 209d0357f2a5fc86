package plotting_test

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

func TestHistogramsErrors(t *testing.T) {
	ok := plotting.Sample{Name: "layer 1", Values: []float64{1, 2, 3}}
	for _, tc := range []struct {
		name    string
		bins    int
		lo, hi  float64
		samples []plotting.Sample
		want    string
	}{
		{"no bins", 0, 0, 0, []plotting.Sample{ok}, "0 bins"},
		{"no samples", 10, 0, 0, nil, "at least one sample"},
		{"empty", 10, 0, 0, []plotting.Sample{ok, {Name: "layer 2"}}, `sample "layer 2" is empty`},
		{"NaN", 10, 0, 0, []plotting.Sample{{Name: "grads", Values: []float64{1, math.NaN()}}}, `"grads" has Values[1]=NaN`},
		{"range", 10, 2, 1, []plotting.Sample{ok}, "range [2, 1]"},
	} {
		_, err := plotting.Histograms("h", "x", tc.bins, tc.lo, tc.hi, tc.samples...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := plotting.Histograms("constant", "x", 5, 0, 0, plotting.Sample{Name: "zeros", Values: []float64{0, 0}}); err != nil {
		t.Errorf("all-equal values: %v", err)
	}
}

// normalish returns n deterministic values spread like N(0, std²) (a sum of uniform steps).
func normalish(n int, std float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		s := 0.0
		for k := range 12 {
			s += math.Mod(float64(i*(2*k+7))*0.6180339887, 1)
		}
		out[i] = std * (s - 6)
	}
	return out
}
