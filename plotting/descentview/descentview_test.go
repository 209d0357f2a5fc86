package descentview

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

// geometric is the path m + ρᵗ(w0 − m), t = 0…steps: a run whose distance to m changes by |ρ|
// every step, as gradient descent's does along one axis of a bowl.
func geometric(m [2]float64, w0 [2]float64, rho float64, steps int) [][]float64 {
	path := make([][]float64, steps+1)
	scale := 1.0
	for t := range path {
		path[t] = []float64{m[0] + scale*(w0[0]-m[0]), m[1] + scale*(w0[1]-m[1])}
		scale *= rho
	}
	return path
}

// bowl is a loss with its minimum 0.5 at m = (1, −2), positive everywhere.
func bowl(x, y float64) float64 { return 0.5 + (x-1)*(x-1) + 3*(y+2)*(y+2) }

var m = [2]float64{1, -2}

func TestLastStepFactorAndVerdict(t *testing.T) {
	for _, tc := range []struct {
		name    string
		path    [][]float64
		factor  float64
		verdict string
	}{
		{"shrinking", geometric(m, [2]float64{3, 1}, 0.5, 10), 0.5, "converging"},
		// A sign flip every step is a zig-zag: the factor is |ρ|, the run still converges.
		{"zig-zag", geometric(m, [2]float64{3, 1}, -0.9, 10), 0.9, "converging"},
		{"growing", geometric(m, [2]float64{3, 1}, -1.25, 10), 1.25, "diverging"},
		{"ringing", geometric(m, [2]float64{3, 1}, -1, 10), 1, "stalled"},
		{"at the minimum", [][]float64{{1, -2}, {1, -2}}, 1, "stalled"},
		{"no step", [][]float64{{3, 1}}, math.NaN(), "start"},
		// A run that overflowed is not called converging.
		{"overflowed", [][]float64{{3, 1}, {1e308, 0}, {math.Inf(1), 0}}, math.NaN(), "not finite"},
		{"infinite both", [][]float64{{3, 1}, {math.Inf(1), 0}, {math.Inf(-1), 0}}, math.NaN(), "not finite"},
		{"NaN point", [][]float64{{3, 1}, {math.NaN(), 0}}, math.NaN(), "not finite"},
		{"not a pair", [][]float64{{3, 1}, {2}}, math.NaN(), "not finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := LastStepFactor(tc.path, m)
			if math.IsNaN(tc.factor) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.factor) > 1e-12) {
				t.Errorf("LastStepFactor = %v, want %v", got, tc.factor)
			}
			if v := Verdict(tc.path, m); v != tc.verdict {
				t.Errorf("Verdict = %q, want %q", v, tc.verdict)
			}
		})
	}
}

// Distances are measured to the minimum, not to the origin: a path that closes in on m = (1, −2)
// while its norm grows is converging.
func TestVerdictUsesTheMinimum(t *testing.T) {
	path := [][]float64{{0, 0}, {0.9, -1.8}}
	if v := Verdict(path, m); v != "converging" {
		t.Fatalf("Verdict(%v, minimum %v) = %q, want converging", path, m, v)
	}
}

func TestLogLossRange(t *testing.T) {
	// f = x, so log₁₀ f is log₁₀ 0.5, 1 and 3 at the three points.
	f := func(x, y float64) float64 { return x }
	lo, hi, err := LogLossRange(f, [][]float64{{0.5, 0}, {10, 0}}, [][]float64{{1000, 0}})
	if err != nil {
		t.Fatal(err)
	}
	span := 3 - math.Log10(0.5)
	if want := math.Log10(0.5) - 0.03*span; math.Abs(lo-want) > 1e-12 {
		t.Errorf("lo = %v, want %v (smallest log₁₀ f, widened by 3%% of the span)", lo, want)
	}
	if want := 3 + 0.03*span; math.Abs(hi-want) > 1e-12 {
		t.Errorf("hi = %v, want %v (largest log₁₀ f, over every path)", hi, want)
	}

	for _, tc := range []struct {
		name  string
		loss  func(x, y float64) float64
		paths [][][]float64
		want  string
	}{
		{"no paths", f, nil, "no path points"},
		{"nil loss", nil, [][][]float64{{{1, 0}}}, "loss is nil"},
		{"zero loss", f, [][][]float64{{{1, 0}}, {{2, 0}, {0, 0}}}, "path 1: loss at step 1"},
		{"infinite loss", f, [][][]float64{{{math.Inf(1), 0}}}, "loss at step 0"},
		{"not a pair", f, [][][]float64{{{1, 0, 0}}}, "step 0 has 3 coordinates"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := LogLossRange(tc.loss, tc.paths...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func testView() View {
	return View{Loss: bowl, Minimum: m, XMin: -3, XMax: 5, YMin: -6, YMax: 2, Levels: 8,
		Steps: 20, LogLossMin: -5, LogLossMax: 30}
}

// recorder keeps every figure Draw puts out.
type recorder struct{ figs []*plotting.Figure }

func (r *recorder) Update(fig *plotting.Figure) error {
	r.figs = append(r.figs, fig)
	return nil
}

func TestFigureAxesStayFixed(t *testing.T) {
	v := testView()
	for _, tc := range []struct {
		rho     float64
		verdict string
	}{{0.3, "converging"}, {-0.9, "converging"}, {-1.6, "diverging"}} {
		rho := tc.rho
		path := geometric(m, [2]float64{4, 1}, rho, v.Steps)
		fig, err := v.Figure("ρ", path, v.Steps)
		if err != nil {
			t.Fatalf("ρ = %v: %v", rho, err)
		}
		left, right := fig.Plot(0, 0), fig.Plot(0, 1)
		if left.X.Min != v.XMin || left.X.Max != v.XMax || left.Y.Min != v.YMin || left.Y.Max != v.YMax {
			t.Errorf("ρ = %v: bowl axes [%v, %v]×[%v, %v], want the view's box", rho, left.X.Min, left.X.Max, left.Y.Min, left.Y.Max)
		}
		if right.Y.Min != v.LogLossMin || right.Y.Max != v.LogLossMax || right.X.Min != 0 || right.X.Max != float64(v.Steps) {
			t.Errorf("ρ = %v: loss axes [%v, %v]×[%v, %v], want [0, %d]×[%v, %v] whatever the run",
				rho, right.X.Min, right.X.Max, right.Y.Min, right.Y.Max, v.Steps, v.LogLossMin, v.LogLossMax)
		}
		factor := fmt.Sprintf("×%.3f", math.Abs(rho))
		if !strings.Contains(left.Title.Text, tc.verdict) || !strings.Contains(left.Title.Text, "step 20:") || !strings.Contains(left.Title.Text, factor) {
			t.Errorf("ρ = %v: title %q, want step 20, %s and %q", rho, left.Title.Text, factor, tc.verdict)
		}
		if _, err := fig.PNG(480, 220); err != nil {
			t.Errorf("ρ = %v: rendering: %v", rho, err)
		}
	}
}

func TestFigureErrors(t *testing.T) {
	path := geometric(m, [2]float64{4, 1}, 0.5, 5)
	for _, tc := range []struct {
		name string
		edit func(*View)
		upTo int
		want string
	}{
		{"step past the end", func(*View) {}, 6, "step 6 of a path with 6 points"},
		{"negative step", func(*View) {}, -1, "step -1"},
		{"no loss", func(v *View) { v.Loss = nil }, 5, "Loss is nil"},
		{"empty loss range", func(v *View) { v.LogLossMax = v.LogLossMin }, 5, "want finite values with min < max"},
		{"no steps", func(v *View) { v.Steps = 0 }, 5, "Steps = 0"},
		{"NaN minimum", func(v *View) { v.Minimum[1] = math.NaN() }, 5, "View.Minimum"},
		{"half a size", func(v *View) { v.WidthPx = 500 }, 5, "WidthPx, HeightPx = 500, 0"},
		{"loss not positive", func(v *View) { v.Loss = func(x, y float64) float64 { return 0 } }, 5, "loss at step 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := testView()
			tc.edit(&v)
			_, err := v.Figure("case", path, tc.upTo)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestDrawFrames(t *testing.T) {
	v := testView()
	path := geometric(m, [2]float64{4, 1}, -0.8, 6)
	for _, tc := range []struct {
		animate bool
		frames  int
	}{{false, 1}, {true, len(path)}} {
		var out recorder
		if err := v.Draw(&out, "α", path, tc.animate); err != nil {
			t.Fatal(err)
		}
		if len(out.figs) != tc.frames {
			t.Fatalf("animate=%v: %d figures, want %d", tc.animate, len(out.figs), tc.frames)
		}
		// Frame k shows the run up to step k; the still picture shows the whole run.
		for k, fig := range out.figs {
			step := len(path) - len(out.figs) + k
			if title := fig.Plot(0, 0).Title.Text; !strings.Contains(title, fmt.Sprintf(", step %d:", step)) {
				t.Errorf("animate=%v, frame %d: title %q, want step %d", tc.animate, k, title, step)
			}
		}
	}
	if err := v.Draw(nil, "α", path, false); err == nil {
		t.Error("Draw into nil: no error")
	}
	for _, animate := range []bool{false, true} {
		var out recorder
		if err := v.Draw(&out, "α", nil, animate); err == nil || !strings.Contains(err.Error(), "α: the path is empty") {
			t.Errorf("Draw of an empty path (animate=%v): error %v, want one naming the run", animate, err)
		}
	}
}

func TestTrajectoryStopsAtTheBox(t *testing.T) {
	v := testView() // box [−3, 5]×[−6, 2]
	for _, tc := range []struct {
		name string
		path [][]float64
		want int
	}{
		{"inside", [][]float64{{0, 0}, {1, -1}, {4.9, 1.9}}, 3},
		{"leaves right", [][]float64{{0, 0}, {6, 0}, {0, 0}, {60, 0}}, 2},
		{"leaves below", [][]float64{{0, 0}, {0, -5}, {0, -7}, {0, 0}}, 3},
		{"starts outside", [][]float64{{-4, 0}, {0, 0}}, 1},
		{"on the edge", [][]float64{{5, 2}, {-3, -6}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := v.trajectory("p", tc.path)
			if len(tr.X) != tc.want || len(tr.Y) != tc.want {
				t.Fatalf("%d, %d points drawn, want %d (up to the first point outside the box)", len(tr.X), len(tr.Y), tc.want)
			}
			for i := range tr.X {
				if tr.X[i] != tc.path[i][0] || tr.Y[i] != tc.path[i][1] {
					t.Fatalf("point %d = (%v, %v), want %v", i, tr.X[i], tr.Y[i], tc.path[i])
				}
			}
		})
	}
}
