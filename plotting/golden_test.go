package plotting_test

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

var regen = flag.Bool("regen", false, "rewrite testdata/*_golden.png from the current output")

// Golden comparison tolerances. Rendering is pure Go with bundled fonts,
// so on one architecture the bytes are identical; on architectures where
// the compiler fuses multiply-adds, anti-aliased edges may move by a
// shade. A pixel counts as different when a channel moves by more than
// channelTolerance; a handful of such pixels is allowed, far fewer than a
// changed tick label (≈ 60 pixels) produces.
const (
	channelTolerance = 8
	maxDiffPixels    = 20
)

// checkGolden compares PNG bytes with testdata/<name>_golden.png, or
// rewrites that file when -regen is set. On a mismatch the new image is
// written to the test's artifact directory (kept with -artifacts).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+"_golden.png")
	if *regen {
		// Temporary file + rename, like the package's own saves.
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, got, 0o644); err != nil {
			t.Fatalf("regenerating %s: %v", path, err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatalf("regenerating %s: %v", path, err)
		}
		t.Logf("regenerated %s", path)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden image: %v (run: go test ./plotting -args -regen)", err)
	}
	diff, err := comparePNG(got, want)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if diff != "" {
		out := filepath.Join(t.ArtifactDir(), name+".png")
		_ = os.WriteFile(out, got, 0o644)
		t.Errorf("%s differs from %s: %s (new image: %s; go test -artifacts keeps it)", name, path, diff, out)
	}
}

// comparePNG decodes both images and describes how they differ, "" if
// they match within the tolerances.
func comparePNG(gotPNG, wantPNG []byte) (string, error) {
	got, err := png.Decode(bytes.NewReader(gotPNG))
	if err != nil {
		return "", fmt.Errorf("decoding new image: %w", err)
	}
	want, err := png.Decode(bytes.NewReader(wantPNG))
	if err != nil {
		return "", fmt.Errorf("decoding golden image: %w", err)
	}
	if got.Bounds() != want.Bounds() {
		return fmt.Sprintf("size %v, want %v", got.Bounds(), want.Bounds()), nil
	}
	n := countDiffPixels(got, want)
	if n > maxDiffPixels {
		return fmt.Sprintf("%d pixels differ (more than %d allowed)", n, maxDiffPixels), nil
	}
	return "", nil
}

func countDiffPixels(a, b image.Image) int {
	n := 0
	bounds := a.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			for _, d := range [4][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
				if absDiff(d[0]>>8, d[1]>>8) > channelTolerance {
					n++
					break
				}
			}
		}
	}
	return n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestGolden(t *testing.T) {
	loss, accuracy := trainingHistory()
	tests := []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"line_chart", func() ([]byte, error) {
			p, err := plotting.LineChart("Learning-rate sweep", "epoch", "test accuracy",
				plotting.Series{Name: "lr=0.1", X: []float64{1, 2, 3, 4, 5}, Y: []float64{0.91, 0.95, 0.965, 0.972, 0.976}},
				plotting.Series{Name: "lr=0.01", X: []float64{1, 2, 3, 4, 5}, Y: []float64{0.82, 0.88, 0.91, 0.925, 0.935}},
				plotting.Series{Name: "lr=1 (diverged)", X: []float64{1}, Y: []float64{0.098}},
			)
			if err != nil {
				return nil, err
			}
			return plotting.FigureOf(p).PNG(640, 420)
		}},
		{"training_curves", func() ([]byte, error) {
			fig, err := plotting.TrainingCurves(loss, accuracy)
			if err != nil {
				return nil, err
			}
			return fig.PNG(1000, 400)
		}},
		{"function_plot", func() ([]byte, error) {
			p, err := plotting.FunctionPlot("Activations", -5, 5, 201, activations()...)
			if err != nil {
				return nil, err
			}
			return plotting.FigureOf(p).PNG(640, 420)
		}},
		{"contour", func() ([]byte, error) {
			p, err := plotting.Contour(bowl, -2, 2, -1.5, 1.5, 12,
				descend("lr=0.04", 0.04, -1.8, 1.2, 40),
				descend("lr=0.11 (diverges)", 0.11, 1.9, 0.15, 14),
			)
			if err != nil {
				return nil, err
			}
			p.Title.Text = "f(x, y) = x² + 10y²"
			return plotting.FigureOf(p).PNG(640, 500)
		}},
		{"confusion_matrix", func() ([]byte, error) {
			p, err := plotting.ConfusionMatrix(confusionCounts(), nil, "MNIST test set")
			if err != nil {
				return nil, err
			}
			return plotting.FigureOf(p).PNG(600, 560)
		}},
		{"histograms", func() ([]byte, error) {
			p, err := plotting.Histograms("Activations per layer", "activation", 40, -3, 3,
				plotting.Sample{Name: "layer 1", Values: normalish(2000, 1)},
				plotting.Sample{Name: "layer 2", Values: normalish(1000, 0.5)},
				plotting.Sample{Name: "layer 3", Values: normalish(1000, 2)},
			)
			if err != nil {
				return nil, err
			}
			return plotting.FigureOf(p).PNG(640, 420)
		}},
		{"image_grid", func() ([]byte, error) {
			images, captions := digitGrid()
			img, err := plotting.ImageGrid(images, 28, 28, captions, 4)
			if err != nil {
				return nil, err
			}
			var buf bytes.Buffer
			if err := png.Encode(&buf, img); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.render()
			if err != nil {
				t.Fatalf("rendering: %v", err)
			}
			checkGolden(t, tt.name, got)
		})
	}
}
