package plotting_test

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

// wantErr fails unless err is non-nil and mentions every fragment.
func wantErr(t *testing.T, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one mentioning %q", fragments)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}

func TestSeriesValidate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name      string
		s         plotting.Series
		fragments []string // nil: valid
	}{
		{"ok", plotting.Series{Name: "train", X: []float64{0, 1}, Y: []float64{2, 1}}, nil},
		{"empty", plotting.Series{Name: "train"}, []string{`"train"`, "empty"}},
		{"length mismatch", plotting.Series{Name: "test", X: []float64{0, 1, 2}, Y: []float64{1, 2}}, []string{`"test"`, "len(X)=3", "len(Y)=2"}},
		{"NaN in Y", plotting.Series{Name: "loss", X: []float64{0, 1, 2}, Y: []float64{1, nan, 2}}, []string{`"loss"`, "Y[1]", "NaN"}},
		{"+Inf in X", plotting.Series{Name: "acc", X: []float64{0, inf}, Y: []float64{1, 2}}, []string{`"acc"`, "X[1]", "+Inf"}},
		{"-Inf in Y", plotting.Series{Name: "acc", X: []float64{0, 1}, Y: []float64{-inf, 2}}, []string{"Y[0]", "-Inf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			if tt.fragments == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			wantErr(t, err, tt.fragments...)
		})
	}
}

func TestLineChartRejectsBadInput(t *testing.T) {
	good := plotting.Series{Name: "a", X: []float64{0, 1}, Y: []float64{0, 1}}
	tests := []struct {
		name      string
		series    []plotting.Series
		fragments []string
	}{
		{"no series", nil, []string{`"T"`, "at least one series"}},
		{"duplicate names", []plotting.Series{good, good}, []string{`two series named "a"`}},
		{"NaN", []plotting.Series{good, {Name: "b", X: []float64{0, 1}, Y: []float64{math.NaN(), 1}}}, []string{`"T"`, `"b"`, "Y[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := plotting.LineChart("T", "x", "y", tt.series...)
			wantErr(t, err, tt.fragments...)
			if p != nil {
				t.Errorf("got a plot along with the error")
			}
		})
	}
}

func TestTrainingCurvesRejectsBadInput(t *testing.T) {
	loss, acc := trainingHistory()
	_, err := plotting.TrainingCurves(loss, nil)
	wantErr(t, err, `"Accuracy"`, "at least one series")

	bad := []plotting.Series{{Name: "train", X: []float64{0, 1}, Y: []float64{1, math.Inf(1)}}}
	_, err = plotting.TrainingCurves(bad, acc)
	wantErr(t, err, `"Loss"`, `"train"`, "Y[1]")
}

func TestFunctionPlotRejectsBadInput(t *testing.T) {
	sq := plotting.NamedFunc{Name: "sq", F: func(x float64) float64 { return x * x }}
	tests := []struct {
		name       string
		xmin, xmax float64
		n          int
		fns        []plotting.NamedFunc
		fragments  []string
	}{
		{"log is NaN below 0", -1, 1, 5, []plotting.NamedFunc{sq, {Name: "log", F: math.Log}}, []string{"log(-1)", "NaN"}},
		{"log is -Inf at 0", 0, 1, 5, []plotting.NamedFunc{{Name: "log", F: math.Log}}, []string{"log(0)", "-Inf"}},
		{"1/x", -1, 1, 3, []plotting.NamedFunc{{Name: "inv", F: func(x float64) float64 { return 1 / x }}}, []string{"inv(0)", "+Inf"}},
		{"empty range", 1, 1, 5, []plotting.NamedFunc{sq}, []string{"xmin < xmax"}},
		{"reversed range", 2, 1, 5, []plotting.NamedFunc{sq}, []string{"xmin < xmax"}},
		{"NaN range", math.NaN(), 1, 5, []plotting.NamedFunc{sq}, []string{"finite"}},
		{"one sample", 0, 1, 1, []plotting.NamedFunc{sq}, []string{"1 samples"}},
		{"no functions", 0, 1, 5, nil, []string{"at least one function"}},
		{"nil function", 0, 1, 5, []plotting.NamedFunc{{Name: "nothing"}}, []string{`"nothing" is nil`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plotting.FunctionPlot("F", tt.xmin, tt.xmax, tt.n, tt.fns...)
			wantErr(t, err, tt.fragments...)
		})
	}
}

func TestContourRejectsBadInput(t *testing.T) {
	ok := plotting.Trajectory{Name: "gd", X: []float64{1, 0.5}, Y: []float64{1, 0.5}}
	tests := []struct {
		name      string
		f         func(x, y float64) float64
		box       [4]float64
		levels    int
		trs       []plotting.Trajectory
		fragments []string
	}{
		{"nil f", nil, [4]float64{-1, 1, -1, 1}, 5, nil, []string{"f is nil"}},
		{"NaN f", func(x, y float64) float64 { return math.Sqrt(x) }, [4]float64{-1, 1, -1, 1}, 5, nil, []string{"f(-1, -1)", "NaN"}},
		{"constant f", func(x, y float64) float64 { return 3 }, [4]float64{-1, 1, -1, 1}, 5, nil, []string{"constant"}},
		{"empty box", bowl, [4]float64{1, 1, -1, 1}, 5, nil, []string{"xmin < xmax"}},
		{"infinite box", bowl, [4]float64{-1, math.Inf(1), -1, 1}, 5, nil, []string{"not finite"}},
		{"zero levels", bowl, [4]float64{-1, 1, -1, 1}, 0, nil, []string{"0 levels"}},
		{"NaN trajectory", bowl, [4]float64{-1, 1, -1, 1}, 5,
			[]plotting.Trajectory{ok, {Name: "lr=3", X: []float64{1, -5, math.NaN()}, Y: []float64{1, 2, 3}}},
			[]string{`"lr=3"`, "index 2", "NaN"}},
		{"empty trajectory", bowl, [4]float64{-1, 1, -1, 1}, 5, []plotting.Trajectory{{Name: "e"}}, []string{`"e"`, "empty"}},
		{"mismatched trajectory", bowl, [4]float64{-1, 1, -1, 1}, 5,
			[]plotting.Trajectory{{Name: "m", X: []float64{1, 2}, Y: []float64{1}}}, []string{`"m"`, "len(X)=2"}},
		{"duplicate names", bowl, [4]float64{-1, 1, -1, 1}, 5, []plotting.Trajectory{ok, ok}, []string{`two trajectories named "gd"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plotting.Contour(tt.f, tt.box[0], tt.box[1], tt.box[2], tt.box[3], tt.levels, tt.trs...)
			wantErr(t, err, tt.fragments...)
		})
	}
}

// A diverging run overflows: its path must be drawn, clipped to the box.
func TestContourClipsDivergingTrajectory(t *testing.T) {
	huge := plotting.Trajectory{
		Name: "lr=2",
		X:    []float64{0.5, -1.5, 4.5, -1e10, 1e150, -math.MaxFloat64, math.Inf(1)},
		Y:    []float64{0.2, -0.6, 1.8, -1e10, 1e150, math.MaxFloat64, math.Inf(-1)},
	}
	p, err := plotting.Contour(bowl, -2, 2, -2, 2, 8, huge)
	if err != nil {
		t.Fatalf("Contour with a diverging path: %v", err)
	}
	if p.X.Min != -2 || p.X.Max != 2 || p.Y.Min != -2 || p.Y.Max != 2 {
		t.Errorf("axes [%v, %v]×[%v, %v], want the box [-2, 2]×[-2, 2]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	if _, err := plotting.FigureOf(p).PNG(200, 200); err != nil {
		t.Fatalf("rendering: %v", err)
	}
}

func TestConfusionMatrixRejectsBadInput(t *testing.T) {
	tests := []struct {
		name      string
		counts    [][]int
		names     []string
		fragments []string
	}{
		{"empty", nil, nil, []string{`"CM"`, "empty"}},
		{"not square", [][]int{{1, 2}, {3}}, nil, []string{"not square", "row 1 has 1 columns"}},
		{"wide", [][]int{{1, 2, 3}, {3, 4, 5}}, nil, []string{"not square"}},
		{"negative", [][]int{{1, -2}, {3, 4}}, nil, []string{"negative count -2", "[true 0][pred 1]"}},
		{"too few names", [][]int{{1, 2}, {3, 4}}, []string{"cat"}, []string{"2 classes but 1 class names"}},
		{"too many names", [][]int{{1}}, []string{"cat", "dog"}, []string{"1 classes but 2 class names"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plotting.ConfusionMatrix(tt.counts, tt.names, "CM")
			wantErr(t, err, tt.fragments...)
		})
	}
}

func TestConfusionMatrixAllZeros(t *testing.T) {
	p, err := plotting.ConfusionMatrix([][]int{{0, 0}, {0, 0}}, []string{"a", "b"}, "empty run")
	if err != nil {
		t.Fatalf("ConfusionMatrix of zeros: %v", err)
	}
	if _, err := plotting.FigureOf(p).PNG(200, 200); err != nil {
		t.Fatalf("rendering: %v", err)
	}
}

func TestImageGridRejectsBadInput(t *testing.T) {
	img := make([]float32, 4)
	tests := []struct {
		name      string
		images    [][]float32
		h, w      int
		captions  []string
		cols      int
		fragments []string
	}{
		{"no images", nil, 2, 2, nil, 1, []string{"no images"}},
		{"bad size", [][]float32{img}, 0, 2, nil, 1, []string{"0×2"}},
		{"zero columns", [][]float32{img}, 2, 2, nil, 0, []string{"0 columns"}},
		{"wrong length", [][]float32{img, make([]float32, 3)}, 2, 2, nil, 1, []string{"image 1 has 3 values", "2×2=4"}},
		{"captions mismatch", [][]float32{img, img}, 2, 2, []string{"a"}, 1, []string{"1 captions for 2 images"}},
		{"NaN pixel", [][]float32{{0, 0, float32(math.NaN()), 0}}, 2, 2, nil, 1, []string{"image 0 pixel (row 1, col 0)", "NaN"}},
		{"above one", [][]float32{img, {0, 1.5, 0, 0}}, 2, 2, nil, 1, []string{"image 1 pixel (row 0, col 1) = 1.5"}},
		{"negative", [][]float32{{0, 0, 0, -0.1}}, 2, 2, nil, 1, []string{"(row 1, col 1)"}},
		{"too large", [][]float32{make([]float32, 4000*4000)}, 4000, 4000, nil, 1, []string{"more than"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plotting.ImageGrid(tt.images, tt.h, tt.w, tt.captions, tt.cols)
			wantErr(t, err, tt.fragments...)
		})
	}
}

func TestImageGridLayout(t *testing.T) {
	images, _ := digitGrid()
	// Without captions each cell is the scaled image; 3 columns of 8 images
	// need 3 rows. 8 px gaps around and between cells.
	img, err := plotting.ImageGrid(images, 28, 28, nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	cell := 28 * plotting.ImageScale
	wantW, wantH := 8+3*(cell+8), 8+3*(cell+8)
	if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
		t.Errorf("size %d×%d, want %d×%d", b.Dx(), b.Dy(), wantW, wantH)
	}
	// The first image's ring passes through its top-centre pixel (row 3..5,
	// col 13/14 in the 28×28 source): that screen pixel must be dark ink, and
	// the corner pixel must be white paper.
	ink := func(x, y int) uint32 { r, _, _, _ := img.At(x, y).RGBA(); return r >> 8 }
	if v := ink(8+13*plotting.ImageScale+1, 8+4*plotting.ImageScale+1); v > 100 {
		t.Errorf("ring pixel has level %d, want dark ink", v)
	}
	if v := ink(8+1, 8+1); v != 255 {
		t.Errorf("background pixel has level %d, want white", v)
	}
}

func TestImageGridCaptionsGrowCells(t *testing.T) {
	img := [][]float32{make([]float32, 28*28)}
	plain, err := plotting.ImageGrid(img, 28, 28, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	one, err := plotting.ImageGrid(img, 28, 28, []string{"pred 7"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	two, err := plotting.ImageGrid(img, 28, 28, []string{"pred 7\n(true 2)"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	wide, err := plotting.ImageGrid(img, 28, 28, []string{"predicted seven, true label two"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	hp, h1, h2 := plain.Bounds().Dy(), one.Bounds().Dy(), two.Bounds().Dy()
	if !(hp < h1 && h1 < h2) {
		t.Errorf("heights without/with one/with two caption lines: %d, %d, %d; want increasing", hp, h1, h2)
	}
	if wide.Bounds().Dx() <= one.Bounds().Dx() {
		t.Errorf("a long caption did not widen the cell: %d vs %d px", wide.Bounds().Dx(), one.Bounds().Dx())
	}
}
