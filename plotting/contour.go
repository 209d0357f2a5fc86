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
	// contourGridN is the number of samples of f along each axis.
	contourGridN = 101

	// MaxContourLevels bounds the levels argument of Contour.
	MaxContourLevels = 100

	// Geometric levels go from loLevelFrac to hiLevelFrac of the range of f
	// above its minimum on the box. The top stays below 1 because the
	// level at the maximum is a single corner point, not a curve.
	loLevelFrac = 1e-3
	hiLevelFrac = 0.9
)

// Trajectory is a path through the plane, such as the iterates of gradient
// descent: (X[i], Y[i]) is the position after step i.
type Trajectory struct {
	// Name is the legend entry, e.g. "lr=0.1".
	Name string
	// X and Y hold the coordinates; they must have the same, non-zero
	// length and contain no NaN. Values far outside the plot box (or ±Inf)
	// are allowed: the path is clipped to the box.
	X, Y []float64
}

// Contour draws level curves of f over the box [xmin, xmax]×[ymin, ymax]
// and the given trajectories on top of them (line plus points, one colour
// and marker each, with a legend in the corner the paths cross least; the
// first point of each path is circled).
//
// f is sampled on a 101×101 grid. The levels are spaced geometrically
// above the minimum sampled value m: level k is m + span·r_k with r_k
// going geometrically from 1e-3 to 0.9 and span = max−m. For a quadratic
// bowl that gives rings whose radii grow by a constant factor, so the
// region around the minimum — where gradient descent ends — is resolved
// as well as the rim. Lower levels are drawn darker.
//
// A diverging trajectory may leave the box or hold huge values or ±Inf;
// it is clipped to the box rather than rejected. NaN anywhere in a
// trajectory, or a NaN/Inf value of f on the grid, is an error.
func Contour(f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, levels int, trajectories ...Trajectory) (*plot.Plot, error) {
	if f == nil {
		return nil, fmt.Errorf("plotting: contour: f is nil")
	}
	for _, v := range []float64{xmin, xmax, ymin, ymax} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("plotting: contour: box [%v, %v]×[%v, %v] is not finite", xmin, xmax, ymin, ymax)
		}
	}
	if !(xmin < xmax) || !(ymin < ymax) {
		return nil, fmt.Errorf("plotting: contour: box [%v, %v]×[%v, %v], want xmin < xmax and ymin < ymax", xmin, xmax, ymin, ymax)
	}
	if levels < 1 || levels > MaxContourLevels {
		return nil, fmt.Errorf("plotting: contour: %d levels, want 1..%d", levels, MaxContourLevels)
	}
	names := make(map[string]bool, len(trajectories))
	for _, tr := range trajectories {
		if err := tr.check(); err != nil {
			return nil, fmt.Errorf("plotting: contour: %w", err)
		}
		if names[tr.Name] {
			return nil, fmt.Errorf("plotting: contour: two trajectories named %q", tr.Name)
		}
		names[tr.Name] = true
	}

	grid, err := sampleGrid(f, xmin, xmax, ymin, ymax, contourGridN)
	if err != nil {
		return nil, err
	}
	lv, err := geometricLevels(grid.min, grid.max, levels)
	if err != nil {
		return nil, err
	}

	p := plot.New()
	p.X.Label.Text = "x"
	p.Y.Label.Text = "y"
	p.X.Min, p.X.Max = xmin, xmax
	p.Y.Min, p.Y.Max = ymin, ymax
	c := plotter.NewContour(grid, lv, nil)
	// One style per level: with Palette nil gonum uses the style colour,
	// which keeps one distinct shade per geometric level (a palette would
	// be spread linearly in z and give all low levels the same colour).
	c.LineStyles = make([]draw.LineStyle, len(lv))
	for i := range lv {
		c.LineStyles[i] = draw.LineStyle{Color: levelColor(i, len(lv)), Width: vg.Points(1)}
	}
	p.Add(c)

	b := box{xmin, xmax, ymin, ymax}
	for i, tr := range trajectories {
		// Offset by one so that no path shares the blue of the low levels.
		tp := &trajectoryPlotter{tr: tr, box: b, line: lineStyle(i + 1), glyph: glyphStyle(i + 1)}
		tp.line.Dashes = nil // the contour lines are busy enough; markers tell paths apart
		p.Add(tp)
		p.Legend.Add(tr.Name, tp)
	}
	var xs, ys [][]float64
	for _, tr := range trajectories {
		xs, ys = append(xs, tr.X), append(ys, tr.Y)
	}
	if len(trajectories) > 0 {
		placeLegend(p, xs, ys, len(trajectories))
		// Level curves run everywhere, so no corner is free of them: put a
		// light backdrop behind the legend text.
		names := make([]string, len(trajectories))
		for i, tr := range trajectories {
			names[i] = tr.Name
		}
		p.Add(legendBackdrop{names: names})
	}
	return p, nil
}

// check validates a trajectory: non-empty, equal lengths, no NaN.
func (tr Trajectory) check() error {
	if len(tr.X) == 0 && len(tr.Y) == 0 {
		return fmt.Errorf("trajectory %q is empty", tr.Name)
	}
	if len(tr.X) != len(tr.Y) {
		return fmt.Errorf("trajectory %q has len(X)=%d but len(Y)=%d", tr.Name, len(tr.X), len(tr.Y))
	}
	for i := range tr.X {
		if math.IsNaN(tr.X[i]) || math.IsNaN(tr.Y[i]) {
			return fmt.Errorf("trajectory %q has NaN at index %d (X=%v, Y=%v)", tr.Name, i, tr.X[i], tr.Y[i])
		}
	}
	return nil
}

// funcGrid is f sampled on a regular grid; it implements plotter.GridXYZ.
type funcGrid struct {
	xs, ys   []float64
	z        []float64 // row-major: z[r*len(xs)+c] = f(xs[c], ys[r])
	min, max float64
}

func (g *funcGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *funcGrid) Z(c, r int) float64 { return g.z[r*len(g.xs)+c] }
func (g *funcGrid) X(c int) float64    { return g.xs[c] }
func (g *funcGrid) Y(r int) float64    { return g.ys[r] }
func (g *funcGrid) Min() float64       { return g.min }
func (g *funcGrid) Max() float64       { return g.max }
func linspace(lo, hi float64, n int) []float64 {
	vs := make([]float64, n)
	for i := range vs {
		vs[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	vs[n-1] = hi
	return vs
}

// sampleGrid evaluates f on an n×n grid over the box.
func sampleGrid(f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, n int) (*funcGrid, error) {
	g := &funcGrid{
		xs: linspace(xmin, xmax, n), ys: linspace(ymin, ymax, n),
		z:   make([]float64, n*n),
		min: math.Inf(1), max: math.Inf(-1),
	}
	for r, y := range g.ys {
		for c, x := range g.xs {
			v := f(x, y)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("plotting: contour: f(%g, %g) = %v, want finite values on the box", x, y, v)
			}
			g.z[r*n+c] = v
			g.min = math.Min(g.min, v)
			g.max = math.Max(g.max, v)
		}
	}
	return g, nil
}

// geometricLevels returns n levels min + span·r_k, r_k geometric in
// [loLevelFrac, hiLevelFrac]; a single level sits at the middle fraction.
func geometricLevels(zmin, zmax float64, n int) ([]float64, error) {
	span := zmax - zmin
	if span == 0 {
		return nil, fmt.Errorf("plotting: contour: f is constant (%g) on the box, there are no level curves", zmin)
	}
	if math.IsInf(span, 0) {
		return nil, fmt.Errorf("plotting: contour: range of f [%g, %g] overflows float64", zmin, zmax)
	}
	if n == 1 {
		return []float64{zmin + span*math.Sqrt(loLevelFrac*hiLevelFrac)}, nil
	}
	ratio := math.Pow(hiLevelFrac/loLevelFrac, 1/float64(n-1))
	lv := make([]float64, n)
	frac := loLevelFrac
	for k := range lv {
		lv[k] = zmin + span*frac
		frac *= ratio
	}
	return lv, nil
}

// levelColor shades level i of n from dark slate blue (lowest) to pale
// blue-grey (highest): one hue, so coloured trajectories stand out.
func levelColor(i, n int) color.Color {
	t := 0.0
	if n > 1 {
		t = float64(i) / float64(n-1)
	}
	mix := func(a, b float64) uint8 { return uint8(math.Round(a + (b-a)*t)) }
	return color.RGBA{R: mix(30, 165), G: mix(60, 185), B: mix(120, 215), A: 255}
}

// box is the visible data rectangle.
type box struct{ xmin, xmax, ymin, ymax float64 }

func (b box) contains(x, y float64) bool {
	return b.xmin <= x && x <= b.xmax && b.ymin <= y && y <= b.ymax
}

// trajectoryPlotter draws a Trajectory clipped to a box. It does not
// implement plot.DataRanger: the axes stay on the box however far a
// diverging path goes.
type trajectoryPlotter struct {
	tr    Trajectory
	box   box
	line  draw.LineStyle
	glyph draw.GlyphStyle
}

// Plot implements plot.Plotter.
func (t *trajectoryPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	toCanvas := func(x, y float64) vg.Point { return vg.Point{X: trX(x), Y: trY(y)} }

	var lines [][]vg.Point
	var cur []vg.Point
	lastX, lastY := math.NaN(), math.NaN()
	for i := 1; i < len(t.tr.X); i++ {
		x0, y0 := finite(t.tr.X[i-1]), finite(t.tr.Y[i-1])
		x1, y1 := finite(t.tr.X[i]), finite(t.tr.Y[i])
		ax, ay, bx, by, ok := clipSegment(x0, y0, x1, y1, t.box)
		if !ok {
			continue
		}
		// Extend the current polyline when this piece starts where the last
		// one ended (the shared iterate is inside the box), so dashes and
		// joins stay continuous.
		if len(cur) == 0 || ax != lastX || ay != lastY {
			if len(cur) > 1 {
				lines = append(lines, cur)
			}
			cur = []vg.Point{toCanvas(ax, ay)}
		}
		cur = append(cur, toCanvas(bx, by))
		lastX, lastY = bx, by
	}
	if len(cur) > 1 {
		lines = append(lines, cur)
	}
	if len(lines) > 0 {
		c.StrokeLines(t.line, lines...)
	}

	// Markers closer than two radii to the last one drawn are skipped: a
	// converging run of thousands of steps would otherwise paint a solid
	// band over its own path.
	var last vg.Point
	drawn := false
	for i := range t.tr.X {
		x, y := t.tr.X[i], t.tr.Y[i]
		if !t.box.contains(x, y) {
			continue
		}
		pt := toCanvas(x, y)
		if i == 0 {
			start := draw.GlyphStyle{Color: t.glyph.Color, Radius: 2 * t.glyph.Radius, Shape: draw.RingGlyph{}}
			c.DrawGlyph(start, pt)
		}
		if drawn && math.Hypot(float64(pt.X-last.X), float64(pt.Y-last.Y)) < float64(2*t.glyph.Radius) {
			continue
		}
		c.DrawGlyph(t.glyph, pt)
		last, drawn = pt, true
	}
}

// Thumbnail implements plot.Thumbnailer for the legend.
func (t *trajectoryPlotter) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.line, c.Min.X, y, c.Max.X, y)
	c.DrawGlyph(t.glyph, c.Center())
}

// finite maps ±Inf to ±MaxFloat64 so that a path that overflowed still
// heads off the box in the right direction instead of producing NaN.
func finite(v float64) float64 {
	switch {
	case math.IsInf(v, 1):
		return math.MaxFloat64
	case math.IsInf(v, -1):
		return -math.MaxFloat64
	}
	return v
}

// clipSegment returns the part of the segment (x0,y0)→(x1,y1) inside b.
//
// Liang–Barsky decides which edges the segment enters and leaves by; it
// works on halved coordinates so that differences of values near
// ±MaxFloat64 cannot overflow (the ratios it needs are unchanged by the
// halving). The crossing points themselves are then computed from the
// edge equation anchored at the endpoint nearer to that edge: a path
// coming back from 1e12 to the middle of the box must enter at the right
// place, which interpolating from the far endpoint cannot resolve.
func clipSegment(x0, y0, x1, y1 float64, b box) (ax, ay, bx, by float64, ok bool) {
	dx, dy := x1/2-x0/2, y1/2-y0/2
	t0, t1 := 0.0, 1.0
	in, out := -1, -1       // index of the edge that sets t0, t1; -1: the endpoint itself
	edges := [4][2]float64{ // p·t ≤ q for the part inside each edge
		{-dx, x0/2 - b.xmin/2},
		{dx, b.xmax/2 - x0/2},
		{-dy, y0/2 - b.ymin/2},
		{dy, b.ymax/2 - y0/2},
	}
	for i, e := range edges {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false // parallel to this edge and outside it
			}
			continue
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return 0, 0, 0, 0, false
			}
			if r > t0 {
				t0, in = r, i
			}
		} else {
			if r < t0 {
				return 0, 0, 0, 0, false
			}
			if r < t1 {
				t1, out = r, i
			}
		}
	}
	ax, ay = b.crossing(in, x0, y0, x1, y1)
	bx, by = b.crossing(out, x1, y1, x0, y0)
	return ax, ay, bx, by, true
}

// crossing returns where the segment from (x0,y0) to (x1,y1) meets edge i
// of the box (0: xmin, 1: xmax, 2: ymin, 3: ymax), or (x0,y0) for i = -1,
// clamped to the box to absorb rounding.
func (b box) crossing(i int, x0, y0, x1, y1 float64) (x, y float64) {
	switch i {
	case 0, 1:
		x = b.xmin
		if i == 1 {
			x = b.xmax
		}
		y = along(x, x0, y0, x1, y1)
	case 2, 3:
		y = b.ymin
		if i == 3 {
			y = b.ymax
		}
		x = along(y, y0, x0, y1, x1)
	default:
		x, y = x0, y0
	}
	return b.clampX(x), b.clampY(y)
}

// along returns v at u = e on the line through (u0,v0) and (u1,v1),
// anchored at whichever point has u nearer to e. Callers guarantee
// u0 ≠ u1 (the segment crosses the edge u = e).
func along(e, u0, v0, u1, v1 float64) float64 {
	if math.Abs(u1-e) < math.Abs(u0-e) {
		u0, v0, u1, v1 = u1, v1, u0, v0
	}
	if e == u0 {
		return v0
	}
	slope := (v1/2 - v0/2) / (u1/2 - u0/2)
	v := v0 + (e-u0)*slope
	if math.IsNaN(v) {
		return v0 // only when slope overflowed; the clamp pins it to the box
	}
	return v
}

func (b box) clampX(x float64) float64 { return math.Min(math.Max(x, b.xmin), b.xmax) }
func (b box) clampY(y float64) float64 { return math.Min(math.Max(y, b.ymin), b.ymax) }
