package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
)

// MaxHistogramBins bounds Histograms' bins.
//
// Introduced in notebooks/08_initialisation.ipynb.
const MaxHistogramBins = 1000

// Sample is one named set of values to draw as a histogram, e.g. the activations of one layer.
//
// Introduced in notebooks/08_initialisation.ipynb.
type Sample struct {
	// Name is shown in the legend and in error messages.
	Name string
	// Values must be finite; there must be at least one.
	Values []float64
}

// Histograms draws the distribution of each sample as a line over shared bins (Karpathy's
// per-layer activation and gradient plots): the bins split [lo, hi] into `bins` equal parts,
// and each curve gives, at each bin's centre, the fraction of its values in that bin divided by
// the bin's width (a density: curves of samples of different sizes compare, and the area under
// each is 1). With lo = hi = 0 the range is that of all values together (widened by ½ on each
// side when they are all equal); values outside a given range are left out, and the legend
// says how many percent of them.
//
// Introduced in notebooks/08_initialisation.ipynb.
func Histograms(title, xLabel string, bins int, lo, hi float64, samples ...Sample) (*plot.Plot, error) {
	what := fmt.Sprintf("histograms %q", title)
	if bins < 1 || bins > MaxHistogramBins {
		return nil, fmt.Errorf("plotting: %s: %d bins, want 1 to %d", what, bins, MaxHistogramBins)
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("plotting: %s needs at least one sample", what)
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || hi < lo {
		return nil, fmt.Errorf("plotting: %s: range [%g, %g], want finite lo <= hi", what, lo, hi)
	}
	auto := lo == 0 && hi == 0
	if auto {
		lo, hi = math.Inf(1), math.Inf(-1)
	}
	for _, s := range samples {
		if len(s.Values) == 0 {
			return nil, fmt.Errorf("plotting: %s: sample %q is empty", what, s.Name)
		}
		if err := checkFinite("sample", s.Name, "Values", s.Values); err != nil {
			return nil, fmt.Errorf("plotting: %s: %w", what, err)
		}
		if auto {
			for _, v := range s.Values {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hi == lo {
		lo, hi = lo-0.5, hi+0.5
	}
	width := (hi - lo) / float64(bins)
	series := make([]Series, len(samples))
	for k, s := range samples {
		counts, outside := binCounts(s.Values, bins, lo, hi)
		name := s.Name
		if outside > 0 {
			name = fmt.Sprintf("%s (%.1f %% outside)", s.Name, 100*float64(outside)/float64(len(s.Values)))
		}
		series[k] = Series{Name: name, X: make([]float64, bins), Y: make([]float64, bins)}
		for b, c := range counts {
			series[k].X[b] = lo + (float64(b)+0.5)*width
			series[k].Y[b] = c / (float64(len(s.Values)) * width)
		}
	}
	return LineChart(title, xLabel, "density", series...)
}

// binCounts counts values in `bins` equal bins of [lo, hi] (a value at hi goes in the last bin)
// and returns, too, how many lie outside.
func binCounts(values []float64, bins int, lo, hi float64) (counts []float64, outside int) {
	width := (hi - lo) / float64(bins)
	counts = make([]float64, bins)
	for _, v := range values {
		if v < lo || v > hi {
			outside++
			continue
		}
		counts[min(int((v-lo)/width), bins-1)]++
	}
	return counts, outside
}
