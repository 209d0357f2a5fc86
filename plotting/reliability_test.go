package plotting_test

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

// overconfident is a model that claims more than it delivers: in each bin the accuracy is a
// little below the mean confidence, most predictions in the top bin.
func overconfident() []plotting.ReliabilityBin {
	bins := make([]plotting.ReliabilityBin, 10)
	for b := range bins {
		lo, hi := float64(b)/10, float64(b+1)/10
		bins[b] = plotting.ReliabilityBin{Low: lo, High: hi}
		if b >= 3 {
			conf := (lo + hi) / 2
			bins[b].Confidence, bins[b].Accuracy, bins[b].Count = conf, conf*0.9, 10*(b-2)*(b-2)
		}
	}
	return bins
}

func TestReliabilityDiagramGolden(t *testing.T) {
	p, err := plotting.ReliabilityDiagram("Reliability", overconfident())
	if err != nil {
		t.Fatal(err)
	}
	png, err := plotting.FigureOf(p).PNG(520, 480)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "reliability_diagram", png)
}

func TestReliabilityDiagramErrors(t *testing.T) {
	ok := overconfident()
	nan := append([]plotting.ReliabilityBin(nil), ok...)
	nan[5].Accuracy = math.NaN()
	reversed := append([]plotting.ReliabilityBin(nil), ok...)
	reversed[2].Low, reversed[2].High = 0.3, 0.2
	empty := []plotting.ReliabilityBin{{Low: 0, High: 0.5}, {Low: 0.5, High: 1}}
	for _, c := range []struct {
		name string
		bins []plotting.ReliabilityBin
		want string
	}{
		{"no bins", nil, "has no bins"},
		{"NaN", nan, "bin 5 has a value NaN"},
		{"reversed", reversed, "bin 2 has edges [0.3, 0.2]"},
		{"all empty", empty, "every bin is empty"},
	} {
		_, err := plotting.ReliabilityDiagram("r", c.bins)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
