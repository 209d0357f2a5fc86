package plotting

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// DotGroup is one category of a dot plot: the values of one setting, one per seed.
//
// Introduced in notebooks/11_fashion_regularization.ipynb.
type DotGroup struct {
	// Name labels the group on the horizontal axis.
	Name string
	// Values are drawn as one dot each, left to right in their order (seed 1 leftmost); each
	// must be finite and there must be at least one.
	Values []float64
}

// dotSpread is the width, in category units, over which a group's dots are spread.
const dotSpread = 0.3

// DotPlot draws each group's values as dots above its name, spread a little sideways in their
// order so that equal values stay visible, with a short bar at the group's mean: with a handful
// of seeds a reader sees every run, not only a mean and an error bar. Each value of refs is drawn
// as a dashed grey horizontal line (0, for differences against a baseline). The error names the
// plot and the group with an empty, NaN or infinite value.
//
// Introduced in notebooks/11_fashion_regularization.ipynb.
func DotPlot(title, yLabel string, groups []DotGroup, refs ...float64) (*plot.Plot, error) {
	what := fmt.Sprintf("dot plot %q", title)
	if len(groups) == 0 {
		return nil, fmt.Errorf("plotting: %s needs at least one group", what)
	}
	for _, g := range groups {
		if len(g.Values) == 0 {
			return nil, fmt.Errorf("plotting: %s: group %q is empty", what, g.Name)
		}
		if err := checkFinite("group", g.Name, "Values", g.Values); err != nil {
			return nil, fmt.Errorf("plotting: %s: %w", what, err)
		}
	}
	if err := checkFinite("reference lines of", title, "refs", refs); err != nil {
		return nil, fmt.Errorf("plotting: %w", err)
	}
	p := newPlot(title, "", yLabel)
	lo, hi := -0.5, float64(len(groups))-0.5
	for _, r := range refs {
		line, err := plotter.NewLine(plotter.XYs{{X: lo, Y: r}, {X: hi, Y: r}})
		if err != nil {
			return nil, fmt.Errorf("plotting: %s, reference line %g: %w", what, r, err)
		}
		line.LineStyle.Color = color.Gray{Y: 120}
		line.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(line)
	}
	ticks := make([]plot.Tick, len(groups))
	for i, g := range groups {
		ticks[i] = plot.Tick{Value: float64(i), Label: g.Name}
		pts := make(plotter.XYs, len(g.Values))
		mean := 0.0
		for k, v := range g.Values {
			pts[k].X, pts[k].Y = float64(i)+dotOffset(k, len(g.Values)), v
			mean += v / float64(len(g.Values))
		}
		dots, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("plotting: %s, group %q: %w", what, g.Name, err)
		}
		dots.GlyphStyle = glyphStyle(i)
		bar, err := plotter.NewLine(plotter.XYs{{X: float64(i) - dotSpread, Y: mean}, {X: float64(i) + dotSpread, Y: mean}})
		if err != nil {
			return nil, fmt.Errorf("plotting: %s, group %q: %w", what, g.Name, err)
		}
		bar.LineStyle = lineStyle(i)
		bar.LineStyle.Dashes = nil
		bar.LineStyle.Width = vg.Points(2)
		p.Add(dots, bar)
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = lo, hi
	return p, nil
}

// dotOffset is the sideways position of the k-th of n dots, evenly over ±dotSpread/2.
func dotOffset(k, n int) float64 {
	if n == 1 {
		return 0
	}
	return dotSpread * (float64(k)/float64(n-1) - 0.5)
}
