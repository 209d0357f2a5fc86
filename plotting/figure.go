package plotting

import (
	"bytes"
	"fmt"
	"image"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

const (
	// DPI is the resolution used to turn pixel sizes into gonum lengths.
	// 96 is the CSS pixel, so a PNG of W×H pixels shows at its natural size
	// in a browser and matches an SVG of the same nominal size.
	DPI = 96

	// DefaultWidthPx and DefaultHeightPx are the size of a one-panel figure.
	DefaultWidthPx  = 640
	DefaultHeightPx = 420

	// MaxSidePx bounds each side of a rendered figure so that a typo such
	// as 80000 fails with an error instead of allocating gigabytes.
	MaxSidePx = 8192
)

// Figure is one or more plots arranged in a grid of panels, drawn with
// aligned data areas (gonum's plot.Align over draw.Tiles).
type Figure struct {
	// WidthPx and HeightPx are the preferred size in pixels; Show and Live
	// render at this size. PNG, SVG and SavePNG take an explicit size.
	WidthPx, HeightPx int

	rows, cols int
	plots      []*plot.Plot // row-major, len rows*cols; nil cells stay blank
}

// NewFigure arranges plots row by row in a rows×cols grid. Fewer plots than
// cells leave the last cells blank; nil plots leave a blank cell too. The
// preferred size is DefaultWidthPx×DefaultHeightPx per panel.
func NewFigure(rows, cols int, plots ...*plot.Plot) (*Figure, error) {
	if rows < 1 || cols < 1 {
		return nil, fmt.Errorf("plotting: figure grid %d×%d, want at least 1×1", rows, cols)
	}
	if len(plots) > rows*cols {
		return nil, fmt.Errorf("plotting: %d plots do not fit a %d×%d figure grid", len(plots), rows, cols)
	}
	nonNil := 0
	for _, p := range plots {
		if p != nil {
			nonNil++
		}
	}
	if nonNil == 0 {
		return nil, fmt.Errorf("plotting: figure %d×%d has no plots", rows, cols)
	}
	cells := make([]*plot.Plot, rows*cols)
	copy(cells, plots)
	return &Figure{
		WidthPx:  cols * DefaultWidthPx,
		HeightPx: rows * DefaultHeightPx,
		rows:     rows,
		cols:     cols,
		plots:    cells,
	}, nil
}

// FigureOf wraps a single plot in a Figure of the default size.
func FigureOf(p *plot.Plot) *Figure {
	return &Figure{
		WidthPx:  DefaultWidthPx,
		HeightPx: DefaultHeightPx,
		rows:     1,
		cols:     1,
		plots:    []*plot.Plot{p},
	}
}

// Grid returns the number of rows and columns of panels.
func (f *Figure) Grid() (rows, cols int) { return f.rows, f.cols }

// Plot returns the panel at (row, col), or nil for a blank or out-of-range
// cell. Use it to adjust a panel (axis limits, legend position) before
// rendering.
func (f *Figure) Plot(row, col int) *plot.Plot {
	if row < 0 || row >= f.rows || col < 0 || col >= f.cols {
		return nil
	}
	return f.plots[row*f.cols+col]
}

// Image renders the figure into an RGBA image of widthPx×heightPx pixels
// using only the fonts bundled with gonum, so the result is the same on
// every machine.
func (f *Figure) Image(widthPx, heightPx int) (image.Image, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	w, h, err := lengths(widthPx, heightPx)
	if err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	if err := f.draw(draw.New(c)); err != nil {
		return nil, err
	}
	return c.Image(), nil
}

// PNG renders the figure as PNG bytes of widthPx×heightPx pixels.
func (f *Figure) PNG(widthPx, heightPx int) ([]byte, error) {
	img, err := f.Image(widthPx, heightPx)
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// SVG renders the figure as an SVG document whose nominal size is
// widthPx×heightPx CSS pixels. The bundled Liberation fonts are embedded,
// so the text looks the same in every viewer (at the cost of a few hundred
// kilobytes).
func (f *Figure) SVG(widthPx, heightPx int) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	w, h, err := lengths(widthPx, heightPx)
	if err != nil {
		return nil, err
	}
	c := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(true))
	if err := f.draw(draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plotting: encoding figure as SVG: %w", err)
	}
	return buf.Bytes(), nil
}

// SavePNG writes the figure as a widthPx×heightPx PNG file at path,
// atomically: a reader never sees a partial image.
func (f *Figure) SavePNG(path string, widthPx, heightPx int) error {
	data, err := f.PNG(widthPx, heightPx)
	if err != nil {
		return fmt.Errorf("%w (saving %q)", err, path)
	}
	return writeFileAtomic(path, data)
}

// SaveSVG writes the figure as an SVG file at path, atomically.
func (f *Figure) SaveSVG(path string, widthPx, heightPx int) error {
	data, err := f.SVG(widthPx, heightPx)
	if err != nil {
		return fmt.Errorf("%w (saving %q)", err, path)
	}
	return writeFileAtomic(path, data)
}

// draw lays the panels out on c. gonum reports some drawing problems by
// panicking (for example a log axis over non-positive data); they are
// turned into errors so a bad figure cannot crash a notebook cell.
func (f *Figure) draw(c draw.Canvas) (err error) {
	if err := f.check(); err != nil {
		return err
	}
	grid := make([][]*plot.Plot, f.rows)
	for r := range grid {
		grid[r] = f.plots[r*f.cols : (r+1)*f.cols]
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plotting: drawing figure: %v", r)
		}
	}()
	pad := vg.Points(6)
	tiles := draw.Tiles{
		Rows: f.rows, Cols: f.cols,
		PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad,
		PadX: 2 * pad, PadY: 2 * pad,
	}
	canvases := plot.Align(grid, tiles, c)
	for r, row := range grid {
		for col, p := range row {
			if p != nil {
				p.Draw(canvases[r][col])
			}
		}
	}
	return nil
}

// check reports a zero or empty Figure before any rendering work.
func (f *Figure) check() error {
	if f == nil || f.rows < 1 || f.cols < 1 || len(f.plots) != f.rows*f.cols {
		return fmt.Errorf("plotting: figure is not initialised (use NewFigure or FigureOf)")
	}
	for _, p := range f.plots {
		if p != nil {
			return nil
		}
	}
	return fmt.Errorf("plotting: figure %d×%d has no plots", f.rows, f.cols)
}

// lengths converts a pixel size into gonum lengths at DPI.
func lengths(widthPx, heightPx int) (w, h vg.Length, err error) {
	if widthPx < 1 || heightPx < 1 || widthPx > MaxSidePx || heightPx > MaxSidePx {
		return 0, 0, fmt.Errorf("plotting: figure size %d×%d px, want each side in [1, %d]", widthPx, heightPx, MaxSidePx)
	}
	perPx := vg.Inch / DPI
	return vg.Length(widthPx) * perPx, vg.Length(heightPx) * perPx, nil
}
