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

const (
	// decisionGridN is the number of samples of the classifier along each axis.
	decisionGridN = 81
	// decisionMargin widens the data's bounding box on each side, as a fraction of its size.
	decisionMargin = 0.1
)

// DecisionBoundary draws a binary classifier over the plane: the background shades each point
// by the predicted probability of class 1 (class 0's blue at 0 through white at ½ to class 1's
// vermillion at 1), a black line marks where it is ½ — the decision boundary — and the
// examples X (two coordinates each) are drawn on top with their labels (0 or 1) as colour and
// marker. prob receives all grid points at once (a batch, one point per row, so a model can
// evaluate them together) and returns P(class 1) for each.
//
// The box is the examples' bounding box widened by 10% on each side; prob is sampled on an
// 81×81 grid. It returns an error if X is empty, a row does not have two finite coordinates,
// labels does not hold one 0 or 1 per example, or prob returns the wrong number of values or
// one outside [0, 1].
//
// Introduced in notebooks/06_autodiff.ipynb.
func DecisionBoundary(title string, X [][]float64, labels []int, prob func(points [][]float64) []float64) (*plot.Plot, error) {
	if prob == nil {
		return nil, fmt.Errorf("plotting: decision boundary: prob is nil")
	}
	if len(X) == 0 {
		return nil, fmt.Errorf("plotting: decision boundary: no examples")
	}
	if len(labels) != len(X) {
		return nil, fmt.Errorf("plotting: decision boundary: %d labels for %d examples", len(labels), len(X))
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	var points [2]plotter.XYs
	for i, row := range X {
		if len(row) != 2 || !isFinite(row[0]) || !isFinite(row[1]) {
			return nil, fmt.Errorf("plotting: decision boundary: example %d is %v, want two finite coordinates", i, row)
		}
		if labels[i] != 0 && labels[i] != 1 {
			return nil, fmt.Errorf("plotting: decision boundary: label %d of example %d, want 0 or 1", labels[i], i)
		}
		xmin, xmax = math.Min(xmin, row[0]), math.Max(xmax, row[0])
		ymin, ymax = math.Min(ymin, row[1]), math.Max(ymax, row[1])
		points[labels[i]] = append(points[labels[i]], plotter.XY{X: row[0], Y: row[1]})
	}
	dx, dy := math.Max(xmax-xmin, 1e-9)*decisionMargin, math.Max(ymax-ymin, 1e-9)*decisionMargin
	xmin, xmax, ymin, ymax = xmin-dx, xmax+dx, ymin-dy, ymax+dy

	g := &funcGrid{
		xs: linspace(xmin, xmax, decisionGridN), ys: linspace(ymin, ymax, decisionGridN),
		z: make([]float64, decisionGridN*decisionGridN), min: 0, max: 1,
	}
	grid := make([][]float64, 0, len(g.z))
	for _, y := range g.ys {
		for _, x := range g.xs {
			grid = append(grid, []float64{x, y})
		}
	}
	ps := prob(grid)
	if len(ps) != len(grid) {
		return nil, fmt.Errorf("plotting: decision boundary: prob returned %d values for %d points", len(ps), len(grid))
	}
	for i, p := range ps {
		if !(p >= 0 && p <= 1) {
			return nil, fmt.Errorf("plotting: decision boundary: prob(%g, %g) = %v, want a probability in [0, 1]", grid[i][0], grid[i][1], p)
		}
		g.z[i] = p
	}

	pl := plot.New()
	pl.Title.Text = title
	pl.X.Label.Text = "x₁"
	pl.Y.Label.Text = "x₂"
	heat := plotter.NewHeatMap(g, classShades(64))
	heat.Min, heat.Max = 0, 1
	pl.Add(heat)
	boundary := plotter.NewContour(g, []float64{0.5}, nil)
	boundary.LineStyles = []draw.LineStyle{{Color: color.Black, Width: vg.Points(1.5)}}
	pl.Add(boundary)
	for class, pts := range points {
		if len(pts) == 0 {
			continue
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("plotting: decision boundary: class %d: %w", class, err)
		}
		s.GlyphStyle = glyphStyle(class)
		s.GlyphStyle.Radius = vg.Points(3)
		pl.Add(s)
		pl.Legend.Add(fmt.Sprintf("class %d", class), s)
	}
	pl.Legend.Top = true
	pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max = xmin, xmax, ymin, ymax
	return pl, nil
}

// classShades runs from a light tint of class 0's colour through white to a light tint of
// class 1's, so the examples drawn in the full colours stay visible on top.
type classShades int

func (n classShades) Colors() []color.Color {
	c0, c1 := seriesColors[0].(color.RGBA), seriesColors[1].(color.RGBA)
	const tint = 0.45 // how far the ends move from white towards the class colour
	mix := func(c color.RGBA, t float64) color.Color {
		ch := func(v uint8) uint8 { return uint8(math.Round(255 - t*tint*(255-float64(v)))) }
		return color.RGBA{R: ch(c.R), G: ch(c.G), B: ch(c.B), A: 255}
	}
	out := make([]color.Color, int(n))
	for i := range out {
		t := float64(i)/float64(int(n)-1)*2 - 1 // −1 … 1
		if t < 0 {
			out[i] = mix(c0, -t)
		} else {
			out[i] = mix(c1, t)
		}
	}
	return out
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
