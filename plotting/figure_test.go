package plotting_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/deepnb/deepnb/plotting"
)

func simplePlot(t *testing.T) *plot.Plot {
	t.Helper()
	p, err := plotting.LineChart("p", "x", "y", plotting.Series{Name: "s", X: []float64{0, 1, 2}, Y: []float64{1, 0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNewFigure(t *testing.T) {
	p := simplePlot(t)
	tests := []struct {
		name       string
		rows, cols int
		plots      []*plot.Plot
		fragments  []string // nil: valid
	}{
		{"1x1", 1, 1, []*plot.Plot{p}, nil},
		{"2x2 partly filled", 2, 2, []*plot.Plot{p, nil, p}, nil},
		{"zero rows", 0, 1, []*plot.Plot{p}, []string{"0×1"}},
		{"too many plots", 1, 2, []*plot.Plot{p, p, p}, []string{"3 plots", "1×2"}},
		{"no plots", 2, 1, []*plot.Plot{nil}, []string{"no plots"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fig, err := plotting.NewFigure(tt.rows, tt.cols, tt.plots...)
			if tt.fragments != nil {
				wantErr(t, err, tt.fragments...)
				return
			}
			if err != nil {
				t.Fatalf("NewFigure: %v", err)
			}
			if r, c := fig.Grid(); r != tt.rows || c != tt.cols {
				t.Errorf("Grid() = %d×%d, want %d×%d", r, c, tt.rows, tt.cols)
			}
			if fig.WidthPx != tt.cols*plotting.DefaultWidthPx || fig.HeightPx != tt.rows*plotting.DefaultHeightPx {
				t.Errorf("preferred size %d×%d", fig.WidthPx, fig.HeightPx)
			}
			if fig.Plot(0, 0) != p || fig.Plot(tt.rows, 0) != nil {
				t.Errorf("Plot() does not return the panels")
			}
			data, err := fig.PNG(300, 200)
			if err != nil {
				t.Fatalf("PNG: %v", err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("decoding PNG: %v", err)
			}
			if cfg.Width != 300 || cfg.Height != 200 {
				t.Errorf("PNG is %d×%d, want 300×200", cfg.Width, cfg.Height)
			}
		})
	}
}

func TestFigureRejectsBadSizes(t *testing.T) {
	fig := plotting.FigureOf(simplePlot(t))
	for _, size := range [][2]int{{0, 100}, {100, -1}, {plotting.MaxSidePx + 1, 10}} {
		_, err := fig.PNG(size[0], size[1])
		wantErr(t, err, "figure size")
		_, err = fig.SVG(size[0], size[1])
		wantErr(t, err, "figure size")
	}
	var empty *plotting.Figure
	_, err := empty.PNG(10, 10)
	wantErr(t, err, "not initialised")
	_, err = plotting.FigureOf(nil).PNG(10, 10)
	wantErr(t, err, "no plots")
}

// gonum panics on some bad plots (a log axis over zero); Figure turns the
// panic into an error.
func TestFigureRecoversFromDrawingPanic(t *testing.T) {
	p := simplePlot(t)
	p.Y.Scale = plot.LogScale{}
	_, err := plotting.FigureOf(p).PNG(200, 100)
	wantErr(t, err, "drawing figure")
}

func TestFigureSVG(t *testing.T) {
	loss, acc := trainingHistory()
	fig, err := plotting.TrainingCurves(loss, acc)
	if err != nil {
		t.Fatal(err)
	}
	data, err := fig.SVG(800, 300)
	if err != nil {
		t.Fatalf("SVG: %v", err)
	}
	// Well-formed XML whose root is <svg>, with the text and the fonts in it.
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("root element %q, want svg", root)
	}
	for _, want := range []string{">Accuracy<", ">train<", "@font-face"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("SVG does not contain %q", want)
		}
	}
}

func TestSavePNGIsAtomic(t *testing.T) {
	dir := t.TempDir()
	fig := plotting.FigureOf(simplePlot(t))
	path := filepath.Join(dir, "plot.png")
	// Write twice: the second write replaces the first in place.
	for range 2 {
		if err := fig.SavePNG(path, 120, 80); err != nil {
			t.Fatalf("SavePNG: %v", err)
		}
	}
	assertOnlyFiles(t, dir, "plot.png")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}
	if err := fig.SaveSVG(filepath.Join(dir, "plot.svg"), 120, 80); err != nil {
		t.Fatalf("SaveSVG: %v", err)
	}
	assertOnlyFiles(t, dir, "plot.png", "plot.svg")

	// A failed save (the target is a directory) leaves no temporary file.
	if err := os.Mkdir(filepath.Join(dir, "taken"), 0o755); err != nil {
		t.Fatal(err)
	}
	wantErr(t, fig.SavePNG(filepath.Join(dir, "taken"), 120, 80), "taken")
	assertOnlyFiles(t, dir, "plot.png", "plot.svg", "taken")

	// A bad size fails before anything is written.
	wantErr(t, fig.SavePNG(filepath.Join(dir, "x.png"), 0, 80), "figure size", "x.png")
	assertOnlyFiles(t, dir, "plot.png", "plot.svg", "taken")

	// A missing directory is reported with the path.
	wantErr(t, fig.SavePNG(filepath.Join(dir, "missing", "p.png"), 10, 10), "missing")
}

func TestSaveImagePNG(t *testing.T) {
	dir := t.TempDir()
	images, captions := digitGrid()
	img, err := plotting.ImageGrid(images, 28, 28, captions, 4)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "grid.png")
	if err := plotting.SaveImagePNG(path, img); err != nil {
		t.Fatalf("SaveImagePNG: %v", err)
	}
	assertOnlyFiles(t, dir, "grid.png")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decoding saved grid: %v", err)
	}
	if back.Bounds() != img.Bounds() {
		t.Errorf("saved %v, want %v", back.Bounds(), img.Bounds())
	}
	wantErr(t, plotting.SaveImagePNG(filepath.Join(dir, "nil.png"), nil), "nil")
	assertOnlyFiles(t, dir, "grid.png")
}

// assertOnlyFiles fails if dir holds anything but the named entries, such
// as a leftover temporary file.
func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("directory holds %q, want %q", got, names)
	}
}
