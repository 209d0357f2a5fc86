package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ReliabilityBin is one confidence bin of a reliability diagram, in plain numbers (package
// metrics' CalibrationBin carries the same fields).
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb.
type ReliabilityBin struct {
	// Low and High are the bin's edges on the confidence axis, 0 ≤ Low < High ≤ 1.
	Low, High float64
	// Confidence is the mean confidence of the bin's predictions, Accuracy the fraction of them
	// that were right; both in [0, 1]. They are not drawn when Count is 0.
	Confidence, Accuracy float64
	// Count is the number of predictions in the bin (≥ 0).
	Count int
}

// ReliabilityDiagram draws a classifier's calibration (Guo et al. 2017, figure 1): one bar per
// confidence bin whose height is the accuracy of the predictions in it, the bin's mean
// confidence as a marker, and the diagonal accuracy = confidence that a calibrated model
// follows. A bar below the diagonal is over-confidence, above it under-confidence. Each
// non-empty bin is labelled with its count, since a bin of three predictions says little.
// Bins must be in [0, 1] with Low < High and finite values; at least one must be non-empty.
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb.
func ReliabilityDiagram(title string, bins []ReliabilityBin) (*plot.Plot, error) {
	what := fmt.Sprintf("reliability diagram %q", title)
	if len(bins) == 0 {
		return nil, fmt.Errorf("plotting: %s has no bins", what)
	}
	total := 0
	for i, b := range bins {
		for _, v := range []float64{b.Low, b.High, b.Confidence, b.Accuracy} {
			if !(v >= 0 && v <= 1) {
				return nil, fmt.Errorf("plotting: %s: bin %d has a value %v outside [0, 1]", what, i, v)
			}
		}
		if !(b.Low < b.High) || b.Count < 0 {
			return nil, fmt.Errorf("plotting: %s: bin %d has edges [%v, %v] and count %d, want Low < High and count ≥ 0", what, i, b.Low, b.High, b.Count)
		}
		total += b.Count
	}
	if total == 0 {
		return nil, fmt.Errorf("plotting: %s: every bin is empty", what)
	}
	p := newPlot(title, "confidence (probability of the predicted class)", "accuracy")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1.08 // room for the count labels above full bars

	var markers plotter.XYs
	var labels plotter.XYLabels
	for _, b := range bins {
		if b.Count == 0 {
			continue
		}
		bar, err := plotter.NewPolygon(plotter.XYs{{X: b.Low, Y: 0}, {X: b.High, Y: 0}, {X: b.High, Y: b.Accuracy}, {X: b.Low, Y: b.Accuracy}})
		if err != nil {
			return nil, fmt.Errorf("plotting: %s: %w", what, err)
		}
		bar.Color = color.RGBA{R: 86, G: 180, B: 233, A: 255} // sky blue (Okabe–Ito)
		bar.LineStyle = lineStyle(0)
		bar.LineStyle.Width = vg.Points(0.5)
		p.Add(bar)
		markers = append(markers, plotter.XY{X: b.Confidence, Y: b.Accuracy})
		labels.XYs = append(labels.XYs, plotter.XY{X: (b.Low + b.High) / 2, Y: math.Min(b.Accuracy+0.02, 1.02)})
		labels.Labels = append(labels.Labels, fmt.Sprint(b.Count))
	}
	diagonal, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, fmt.Errorf("plotting: %s: %w", what, err)
	}
	diagonal.LineStyle = lineStyle(1)
	dots, err := plotter.NewScatter(markers)
	if err != nil {
		return nil, fmt.Errorf("plotting: %s: %w", what, err)
	}
	dots.GlyphStyle = glyphStyle(1)
	counts, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, fmt.Errorf("plotting: %s: %w", what, err)
	}
	for i := range counts.TextStyle {
		counts.TextStyle[i].XAlign = draw.XCenter
		counts.TextStyle[i].Font.Size = vg.Points(7)
	}
	p.Add(diagonal, dots, counts)
	p.Legend.Add("accuracy = confidence (calibrated)", diagonal)
	p.Legend.Add("(mean confidence, accuracy) of a bin", dots)
	p.Legend.Top, p.Legend.Left = true, true
	return p, nil
}
