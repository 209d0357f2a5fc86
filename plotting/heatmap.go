package plotting

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MaxConfusionClasses bounds the size of a confusion matrix plot; beyond
// it the cell annotations cannot be read anyway.
const MaxConfusionClasses = 100

// ConfusionMatrix draws counts[true][pred] as a heat map: true class on
// the Y axis (first class at the top, as the matrix is printed), predicted
// class on the X axis, each cell annotated with its count. Cells are shaded
// by the square root of the count so that a handful of confusions off the
// diagonal still shows next to thousands of correct predictions.
//
// counts must be square, non-empty and non-negative. classNames must have
// one name per class; nil means "0", "1", ….
func ConfusionMatrix(counts [][]int, classNames []string, title string) (*plot.Plot, error) {
	n := len(counts)
	if n == 0 {
		return nil, fmt.Errorf("plotting: confusion matrix %q is empty", title)
	}
	if n > MaxConfusionClasses {
		return nil, fmt.Errorf("plotting: confusion matrix %q has %d classes, at most %d can be drawn", title, n, MaxConfusionClasses)
	}
	maxCount := 0
	for r, row := range counts {
		if len(row) != n {
			return nil, fmt.Errorf("plotting: confusion matrix %q is not square: %d rows but row %d has %d columns", title, n, r, len(row))
		}
		for c, v := range row {
			if v < 0 {
				return nil, fmt.Errorf("plotting: confusion matrix %q has a negative count %d at [true %d][pred %d]", title, v, r, c)
			}
			maxCount = max(maxCount, v)
		}
	}
	if classNames == nil {
		classNames = make([]string, n)
		for i := range classNames {
			classNames[i] = strconv.Itoa(i)
		}
	}
	if len(classNames) != n {
		return nil, fmt.Errorf("plotting: confusion matrix %q has %d classes but %d class names", title, n, len(classNames))
	}

	g := &countGrid{counts: counts, scale: 1 / math.Sqrt(float64(max(maxCount, 1)))}
	heat := plotter.NewHeatMap(g, blues(256))
	heat.Min, heat.Max = 0, 1

	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "predicted"
	p.Y.Label.Text = "true"
	p.Add(heat)

	labels, err := cellLabels(g, n)
	if err != nil {
		return nil, fmt.Errorf("plotting: confusion matrix %q: %w", title, err)
	}
	p.Add(labels)

	p.NominalX(classNames...)
	reversed := make([]string, n)
	for i, name := range classNames {
		reversed[n-1-i] = name
	}
	p.NominalY(reversed...)
	return p, nil
}

// countGrid shows counts[true][pred] as a GridXYZ: column = predicted
// class, row 0 at the bottom = last true class, so that the first class
// ends up at the top. Z is the shade in [0, 1].
type countGrid struct {
	counts [][]int
	scale  float64 // 1/sqrt(max count)
}

func (g *countGrid) Dims() (c, r int)   { return len(g.counts), len(g.counts) }
func (g *countGrid) X(c int) float64    { return float64(c) }
func (g *countGrid) Y(r int) float64    { return float64(r) }
func (g *countGrid) count(c, r int) int { return g.counts[len(g.counts)-1-r][c] }
func (g *countGrid) Z(c, r int) float64 {
	return math.Sqrt(float64(g.count(c, r))) * g.scale
}

// cellLabels writes each count at the centre of its cell, white on dark
// cells and black on light ones.
func cellLabels(g *countGrid, n int) (*plotter.Labels, error) {
	xyl := plotter.XYLabels{XYs: make(plotter.XYs, 0, n*n), Labels: make([]string, 0, n*n)}
	for r := range n {
		for c := range n {
			xyl.XYs = append(xyl.XYs, plotter.XY{X: float64(c), Y: float64(r)})
			xyl.Labels = append(xyl.Labels, strconv.Itoa(g.count(c, r)))
		}
	}
	labels, err := plotter.NewLabels(xyl)
	if err != nil {
		return nil, err
	}
	size := vg.Points(10)
	if n > 12 {
		size = vg.Points(7)
	}
	for i := range labels.TextStyle {
		c, r := i%n, i/n
		clr := color.Color(color.Black)
		if g.Z(c, r) > 0.55 {
			clr = color.White
		}
		labels.TextStyle[i] = text.Style{
			Color:   clr,
			Font:    font.From(plot.DefaultFont, size),
			XAlign:  draw.XCenter,
			YAlign:  draw.YCenter,
			Handler: plot.DefaultTextHandler,
		}
	}
	return labels, nil
}

// bluesPalette is a sequential white-to-dark-blue palette.
type bluesPalette []color.Color

func (p bluesPalette) Colors() []color.Color { return p }

// blues returns n colours from near-white to dark blue.
func blues(n int) bluesPalette {
	p := make(bluesPalette, n)
	for i := range p {
		t := float64(i) / float64(n-1)
		mix := func(a, b float64) uint8 { return uint8(math.Round(a + (b-a)*t)) }
		p[i] = color.RGBA{R: mix(247, 8), G: mix(251, 48), B: mix(255, 107), A: 255}
	}
	return p
}
