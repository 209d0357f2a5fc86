package plotting

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestBinCounts(t *testing.T) {
	counts, outside := binCounts([]float64{-1, 0, 0.05, 0.1, 0.25, 0.9999, 1, 3}, 4, 0, 1)
	if want := []float64{3, 1, 0, 2}; !slices.Equal(counts, want) || outside != 2 {
		t.Errorf("binCounts: %v, %d outside; want %v, 2 outside", counts, outside, want)
	}
}

func TestCountHistograms(t *testing.T) {
	ok := Sample{Name: "pairs", Values: []float64{0.01, 0.5, 0.51}}
	for _, tc := range []struct {
		name    string
		bins    int
		lo, hi  float64
		marks   []float64
		samples []Sample
		want    string
	}{
		{"no bins", 0, 0, 1, nil, []Sample{ok}, "0 bins"},
		{"no samples", 10, 0, 1, nil, nil, "at least one sample"},
		{"empty", 10, 0, 1, nil, []Sample{ok, {Name: "copies"}}, `sample "copies" is empty`},
		{"NaN", 10, 0, 1, nil, []Sample{{Name: "d", Values: []float64{1, math.NaN()}}}, `"d" has Values[1]=NaN`},
		{"range", 10, 1, 1, nil, []Sample{ok}, "range [1, 1]"},
		{"mark", 10, 0, 1, []float64{math.Inf(1)}, []Sample{ok}, "X[0]=+Inf"},
	} {
		_, err := CountHistograms("h", "x", tc.bins, tc.lo, tc.hi, tc.marks, tc.samples...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	far := Sample{Name: "random", Values: []float64{5, 6}}
	p, err := CountHistograms("distances", "d", 10, 0, 1, []float64{0.08}, ok, far)
	if err != nil {
		t.Fatal(err)
	}
	if p.Y.Min != 0.5 || p.Y.Max != 4 || p.X.Min != 0 || p.X.Max != 1 {
		t.Errorf("axes x [%g, %g], y [%g, %g]; want [0, 1], [0.5, 4]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	if _, err := FigureOf(p).PNG(400, 300); err != nil {
		t.Errorf("drawing: %v", err)
	}
}
