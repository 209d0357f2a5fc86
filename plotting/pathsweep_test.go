package plotting_test

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

// sweepOf returns a sweep of three straight paths towards the origin of a bowl, with scores 30, 10, 20.
func sweepOf() *plotting.PathSweep {
	s := &plotting.PathSweep{
		Title: "test sweep", F: func(x, y float64) float64 { return x*x + 4*y*y },
		XMin: -2, XMax: 2, YMin: -1, YMax: 1, Levels: 6,
		Reference:  plotting.Trajectory{Name: "p=0", X: []float64{-1.5, 0}, Y: []float64{0.5, 0}},
		ParamLabel: "p", ScoreLabel: "steps",
		Marks: []plotting.Mark{{Name: "critical", At: 0.4}},
	}
	for i, score := range []float64{30, 10, 20} {
		name := []string{"p=0", "p=0.5", "p=1"}[i]
		s.Add(float64(i)/2, plotting.Trajectory{Name: name, X: []float64{-1.5, -0.5 * float64(i), 0}, Y: []float64{0.5, 0.1, 0}}, score)
	}
	return s
}

func TestPathSweepFrame(t *testing.T) {
	s := sweepOf()
	s.Extra = []plotting.Series{{Name: "predicted", X: []float64{0, 0.5, 1}, Y: []float64{28, 12, 45}}}
	s.Marks = []plotting.Mark{{Name: "critical", At: 1.6}} // outside the runs' range: the axis must reach it
	// Frame 0 chooses the run named like Reference: Contour rejects two paths of one name, so
	// drawing it at all shows that the reference was left out.
	for _, tc := range []struct {
		i     int
		title string
	}{
		{0, "test sweep — p = 0, steps: 30"},
		{1, "test sweep — p = 0.5, steps: 10"},
		{2, "test sweep — p = 1, steps: 20"},
	} {
		fig, err := s.Frame(tc.i)
		if err != nil {
			t.Fatalf("frame %d: %v", tc.i, err)
		}
		if r, c := fig.Grid(); r != 1 || c != 2 || fig.WidthPx != 1040 || fig.HeightPx != 420 {
			t.Errorf("frame %d: grid %d×%d at %d×%d px, want 1×2 at 1040×420", tc.i, r, c, fig.WidthPx, fig.HeightPx)
		}
		if got := fig.Plot(0, 0).Title.Text; got != tc.title {
			t.Errorf("frame %d: path title %q, want %q", tc.i, got, tc.title)
		}
		scores := fig.Plot(0, 1)
		if scores.Title.Text != "steps against p" {
			t.Errorf("frame %d: score title %q, want %q", tc.i, scores.Title.Text, "steps against p")
		}
		if scores.Y.Min > 0 || scores.Y.Max < 45 {
			t.Errorf("frame %d: score axis y [%g, %g], want it to hold 0…45 (the Extra curve's top)", tc.i, scores.Y.Min, scores.Y.Max)
		}
		if scores.X.Max < 1.6 {
			t.Errorf("frame %d: score axis x up to %g, want the mark at 1.6 on it", tc.i, scores.X.Max)
		}
		if _, err := fig.PNG(fig.WidthPx, fig.HeightPx); err != nil {
			t.Errorf("frame %d: rendering: %v", tc.i, err)
		}
	}
}

func TestPathSweepErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(s *plotting.PathSweep) *plotting.PathSweep
		index int
		want  string
	}{
		{"no runs", func(*plotting.PathSweep) *plotting.PathSweep { return &plotting.PathSweep{Title: "empty"} }, 0, `"empty" has no runs`},
		{"index past the end", func(s *plotting.PathSweep) *plotting.PathSweep { return s }, 3, "run 3, want 0…2"},
		{"negative index", func(s *plotting.PathSweep) *plotting.PathSweep { return s }, -1, "run -1, want 0…2"},
		{"NaN score", func(s *plotting.PathSweep) *plotting.PathSweep {
			s.Add(1.5, plotting.Trajectory{Name: "p=1.5", X: []float64{0}, Y: []float64{0}}, math.NaN())
			return s
		}, 0, "score[3]=NaN"},
		{"infinite parameter", func(s *plotting.PathSweep) *plotting.PathSweep {
			s.Add(math.Inf(1), plotting.Trajectory{Name: "p=inf", X: []float64{0}, Y: []float64{0}}, 5)
			return s
		}, 0, "param[3]=+Inf"},
		{"NaN mark", func(s *plotting.PathSweep) *plotting.PathSweep {
			s.Marks = []plotting.Mark{{Name: "critical", At: math.NaN()}}
			return s
		}, 0, `mark "critical" at NaN`},
		{"NaN in a path", func(s *plotting.PathSweep) *plotting.PathSweep {
			s.Add(1.5, plotting.Trajectory{Name: "p=1.5", X: []float64{math.NaN()}, Y: []float64{0}}, 5)
			return s
		}, 3, `"p=1.5" has NaN`},
		{"no box", func(s *plotting.PathSweep) *plotting.PathSweep { s.XMax = s.XMin; return s }, 0, "want xmin < xmax"},
	} {
		_, err := tc.edit(sweepOf()).Frame(tc.index)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
