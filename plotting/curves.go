package plotting

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// LineChart draws each series as a line with its own colour and dash
// pattern and a legend entry, placed in the corner of the plot that the
// curves cross least (set p.Legend.Top/Left to override). Series of a single point are
// drawn as a marker, since a line needs two. All series are validated
// first; the error names the chart, the series and the bad index.
func LineChart(title, xLabel, yLabel string, series ...Series) (*plot.Plot, error) {
	if err := validateAll(fmt.Sprintf("line chart %q", title), series); err != nil {
		return nil, err
	}
	p := newPlot(title, xLabel, yLabel)
	for i, s := range series {
		line, err := plotter.NewLine(s.xys())
		if err != nil {
			return nil, fmt.Errorf("plotting: line chart %q, series %q: %w", title, s.Name, err)
		}
		line.LineStyle = lineStyle(i)
		thumbs := []plot.Thumbnailer{line}
		p.Add(line)
		if len(s.X) == 1 {
			pts, err := plotter.NewScatter(s.xys())
			if err != nil {
				return nil, fmt.Errorf("plotting: line chart %q, series %q: %w", title, s.Name, err)
			}
			pts.GlyphStyle = glyphStyle(i)
			p.Add(pts)
			thumbs = append(thumbs, pts)
		}
		p.Legend.Add(s.Name, thumbs...)
	}
	xs, ys := seriesPaths(series)
	placeLegend(p, xs, ys, len(series))
	return p, nil
}

// TrainingCurves draws the usual two panels side by side: loss against
// step on the left and accuracy against step on the right, each with its
// legend in the corner its curves leave free. Pass the train series first and the
// test/validation series after it in both lists, so each split keeps the
// same colour and dash in both panels.
func TrainingCurves(loss, accuracy []Series) (*Figure, error) {
	// The errors already name the panel ("line chart \"Loss\": ...").
	lossPlot, err := LineChart("Loss", "step", "loss", loss...)
	if err != nil {
		return nil, err
	}
	accPlot, err := LineChart("Accuracy", "step", "accuracy", accuracy...)
	if err != nil {
		return nil, err
	}
	fig, err := NewFigure(1, 2, lossPlot, accPlot)
	if err != nil {
		return nil, err
	}
	fig.WidthPx, fig.HeightPx = 1000, 400
	return fig, nil
}
