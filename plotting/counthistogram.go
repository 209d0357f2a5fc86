package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// CountHistograms draws how many values of each sample fall in each of `bins` equal bins of
// [lo, hi], as a step outline on a logarithmic count axis: a few dozen duplicate pairs stay
// visible beside the millions of pairs that only look alike. A bin with no values leaves a gap
// (log 0 does not exist); values outside [lo, hi] are left out and the legend says how many.
// Each value of marks (a threshold, say) is drawn as a grey dashed vertical line, named in the
// legend. Unlike Histograms, the curves are counts, not densities: samples of different sizes
// sit at different heights, and the legend gives each size.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func CountHistograms(title, xLabel string, bins int, lo, hi float64, marks []float64, samples ...Sample) (*plot.Plot, error) {
	what := fmt.Sprintf("count histograms %q", title)
	if bins < 1 || bins > MaxHistogramBins {
		return nil, fmt.Errorf("plotting: %s: %d bins, want 1 to %d", what, bins, MaxHistogramBins)
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("plotting: %s needs at least one sample", what)
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(hi > lo) {
		return nil, fmt.Errorf("plotting: %s: range [%g, %g], want finite lo < hi", what, lo, hi)
	}
	if err := checkFinite("marks", "", "X", marks); err != nil {
		return nil, fmt.Errorf("plotting: %s: %w", what, err)
	}
	width := (hi - lo) / float64(bins)
	p := newPlot(title, xLabel, "count per bin (log scale)")
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	maxCount := 0.0
	var xs, ys [][]float64 // the outlines, in log10 counts, for the legend's placement
	for k, s := range samples {
		if len(s.Values) == 0 {
			return nil, fmt.Errorf("plotting: %s: sample %q is empty", what, s.Name)
		}
		if err := checkFinite("sample", s.Name, "Values", s.Values); err != nil {
			return nil, fmt.Errorf("plotting: %s: %w", what, err)
		}
		counts, outside := binCounts(s.Values, bins, lo, hi)
		name := fmt.Sprintf("%s (%d)", s.Name, len(s.Values))
		if outside > 0 {
			name = fmt.Sprintf("%s (%d, %d outside)", s.Name, len(s.Values), outside)
		}
		style := lineStyle(k)
		first := true
		// One line per run of non-empty bins: across its top, and down at its ends to 1/2,
		// below the smallest count that can be drawn, so a lone bin still shows as a bar.
		for b := 0; b < bins; {
			if counts[b] == 0 {
				b++
				continue
			}
			run := plotter.XYs{{X: lo + float64(b)*width, Y: 0.5}}
			for ; b < bins && counts[b] > 0; b++ {
				left, right := lo+float64(b)*width, lo+float64(b+1)*width
				run = append(run, plotter.XY{X: left, Y: counts[b]}, plotter.XY{X: right, Y: counts[b]})
				maxCount = math.Max(maxCount, counts[b])
			}
			run = append(run, plotter.XY{X: run[len(run)-1].X, Y: 0.5})
			line, err := plotter.NewLine(run)
			if err != nil {
				return nil, fmt.Errorf("plotting: %s, sample %q: %w", what, s.Name, err)
			}
			line.LineStyle = style
			p.Add(line)
			if first {
				p.Legend.Add(name, line)
				first = false
			}
			x, y := make([]float64, len(run)), make([]float64, len(run))
			for i, pt := range run {
				x[i], y[i] = pt.X, math.Log10(pt.Y)
			}
			xs, ys = append(xs, x), append(ys, y)
		}
		if first { // every value outside: still name the sample
			p.Legend.Add(name)
		}
	}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = 0.5, math.Max(2, 2*maxCount)
	for _, m := range marks {
		line, err := plotter.NewLine(plotter.XYs{{X: m, Y: p.Y.Min}, {X: m, Y: p.Y.Max}})
		if err != nil {
			return nil, fmt.Errorf("plotting: %s, mark %g: %w", what, m, err)
		}
		line.LineStyle.Color = color.Gray{Y: 110}
		line.LineStyle.Width = vg.Points(1)
		line.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("x = %g", m), line)
	}
	// placeLegend works on linear axes: give it the log10 counts on a log10 range.
	linear := plot.New()
	linear.X.Min, linear.X.Max = lo, hi
	linear.Y.Min, linear.Y.Max = math.Log10(p.Y.Min), math.Log10(p.Y.Max)
	placeLegend(linear, xs, ys, len(samples)+len(marks))
	p.Legend.Top, p.Legend.Left, p.Legend.XOffs = linear.Legend.Top, linear.Legend.Left, linear.Legend.XOffs
	return p, nil
}
