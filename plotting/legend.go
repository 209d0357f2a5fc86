package plotting

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Legend placement: gonum draws the legend in a fixed corner, on top of the
// data. placeLegend picks the corner whose region holds the fewest data
// samples instead, so the legend rarely hides a curve.
const (
	legendRegionW     = 0.4  // fraction of the data width a legend covers
	legendEntryH      = 0.08 // fraction of the data height per legend entry
	samplesPerSegment = 16   // points sampled along each line segment
)

// placeLegend sets p.Legend.Top and p.Legend.Left. paths are the drawn
// polylines (xs[k][i], ys[k][i]); the axis ranges must already be set (by
// p.Add or by hand). Corners are tried top-right, bottom-right, top-left,
// bottom-left, and the first with the fewest samples wins.
func placeLegend(p *plot.Plot, xs, ys [][]float64, entries int) {
	regionH := math.Min(0.9, legendEntryH*float64(entries)+0.04)
	norm := func(v, lo, hi float64) float64 {
		if hi <= lo {
			return 0.5
		}
		return (v - lo) / (hi - lo)
	}
	corners := []struct{ top, left bool }{{true, false}, {false, false}, {true, true}, {false, true}}
	counts := make([]int, len(corners))
	count := func(x, y float64) {
		u, v := norm(x, p.X.Min, p.X.Max), norm(y, p.Y.Min, p.Y.Max)
		if !(u >= 0 && u <= 1 && v >= 0 && v <= 1) {
			return // outside the visible box (also NaN)
		}
		for i, c := range corners {
			inX := (c.left && u <= legendRegionW) || (!c.left && u >= 1-legendRegionW)
			inY := (c.top && v >= 1-regionH) || (!c.top && v <= regionH)
			if inX && inY {
				counts[i]++
			}
		}
	}
	for k := range xs {
		for i := range xs[k] {
			count(xs[k][i], ys[k][i])
			if i == 0 {
				continue
			}
			for s := 1; s < samplesPerSegment; s++ {
				t := float64(s) / samplesPerSegment
				count(xs[k][i-1]*(1-t)+xs[k][i]*t, ys[k][i-1]*(1-t)+ys[k][i]*t)
			}
		}
	}
	best := 0
	for i := range counts {
		if counts[i] < counts[best] {
			best = i
		}
	}
	p.Legend.Top, p.Legend.Left = corners[best].top, corners[best].left
	// gonum aligns a right-hand legend with the edge of the panel, a little
	// beyond the end of the data; pull it back over the data area.
	p.Legend.XOffs = 0
	if !p.Legend.Left {
		p.Legend.XOffs = -vg.Points(6)
	}
}

// seriesPaths splits series into coordinate lists for placeLegend.
func seriesPaths(series []Series) (xs, ys [][]float64) {
	for _, s := range series {
		xs, ys = append(xs, s.X), append(ys, s.Y)
	}
	return xs, ys
}

// legendBackdrop is a plotter, added last, that fills a translucent white
// box where gonum will draw the legend (it mirrors the geometry of
// plot.Legend.Draw). Plotters receive the data canvas, which is slightly
// inside the legend's canvas, so the box has a margin to cover the gap.
type legendBackdrop struct {
	names []string // legend entries, in order
}

// Plot implements plot.Plotter.
func (b legendBackdrop) Plot(c draw.Canvas, p *plot.Plot) {
	if len(b.names) == 0 {
		return
	}
	l := &p.Legend
	sty := l.TextStyle
	em := sty.Rectangle(" ").Max.X
	var textW, entryH vg.Length
	for _, name := range b.names {
		textW = max(textW, sty.Width(name))
		entryH = max(entryH, sty.Rectangle(name).Max.Y)
	}
	n := vg.Length(len(b.names))
	height := n*entryH + (n-1)*l.Padding
	width := l.ThumbnailWidth + em + textW

	var r vg.Rectangle
	if l.Left {
		r.Min.X = c.Min.X + l.XOffs
	} else {
		r.Min.X = c.Max.X + l.XOffs - width
	}
	r.Max.X = r.Min.X + width
	if l.Top {
		r.Max.Y = c.Max.Y + l.YOffs
	} else {
		r.Max.Y = c.Min.Y + l.YOffs + height
	}
	r.Min.Y = r.Max.Y - height - sty.FontExtents().Descent

	m := vg.Points(4)
	r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X-m, r.Min.Y-m, r.Max.X+m, r.Max.Y+m
	c.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 220}, c.ClipPolygonXY([]vg.Point{
		r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y},
	}))
}
