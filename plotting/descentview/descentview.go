// Package descentview draws one gradient-descent run on a loss of two weights: the path over the
// loss's level curves beside the loss at every step, on axes that stay fixed from one run to the
// next, so that a learner who moves a learning-rate slider compares like with like.
//
// It takes plain data — the loss as func(x, y float64) float64 and the path as [][]float64 — and
// imports only plotting, so it knows nothing of the optimiser that made the path.
//
// Introduced in notebooks/04_gradient_descent.ipynb (the learning-rate slider).
package descentview

import (
	"errors"
	"fmt"
	"math"

	"github.com/deepnb/deepnb/plotting"
)

// View fixes everything about the picture that does not depend on the run, so that every picture
// drawn by one View has the same axes.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
type View struct {
	// Loss is the function whose level curves are drawn and whose value the right panel plots; it
	// must be finite on the box and > 0 at every point of a path (the panel shows log₁₀ Loss).
	Loss func(x, y float64) float64
	// Minimum is where Loss is smallest; the title's verdict measures distances to it.
	Minimum [2]float64
	// XMin, XMax, YMin, YMax is the box of the left panel. A path is drawn until it leaves it.
	XMin, XMax, YMin, YMax float64
	// Levels is the number of level curves (see plotting.Contour).
	Levels int
	// Steps is the last step on the right panel's horizontal axis, 0…Steps.
	Steps int
	// LogLossMin and LogLossMax fix the right panel's vertical axis (log₁₀ of the loss), e.g. from
	// LogLossRange over every run a slider can ask for. They are not taken from the run drawn: an
	// autoscaled axis would give every slider position its own scale and hide the change of slope.
	LogLossMin, LogLossMax float64
	// WidthPx and HeightPx are the figure's size; zero means 960×440.
	WidthPx, HeightPx int
}

// Updater is where Draw puts its pictures: *plotting.Live, or a recorder in a test.
type Updater interface {
	Update(fig *plotting.Figure) error
}

// LastStepFactor is |w_T − m| / |w_{T−1} − m| for the last two points of path and the minimum m:
// below 1 the last step came closer to the minimum, above 1 it went away. It is NaN for a path of
// fewer than two points, for last points that are not pairs, and when a distance is not finite
// (a path that overflowed, or NaN coordinates); +Inf when w_{T−1} = m ≠ w_T; 1 when both are at m.
//
// On a quadratic bowl, once the component with the largest factor ρ = max|1 − αλᵢ| dominates, it
// equals ρ: this is what the title reports instead of comparing α with 2/λmax.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func LastStepFactor(path [][]float64, minimum [2]float64) float64 {
	if len(path) < 2 || len(path[len(path)-1]) != 2 || len(path[len(path)-2]) != 2 {
		return math.NaN()
	}
	dist := func(w []float64) float64 { return math.Hypot(w[0]-minimum[0], w[1]-minimum[1]) }
	last, before := dist(path[len(path)-1]), dist(path[len(path)-2])
	if math.IsInf(last, 0) || math.IsInf(before, 0) || math.IsNaN(last) || math.IsNaN(before) {
		return math.NaN()
	}
	if last == 0 && before == 0 {
		return 1
	}
	return last / before
}

// Verdict names what the last step of path did: "converging" when it came closer to the minimum,
// "diverging" when it went away, "stalled" when the distance did not change, "start" for a path
// that has no step yet, and "not finite" when the last points overflowed or hold NaN (or are not
// pairs): a run that has blown up is not called converging.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func Verdict(path [][]float64, minimum [2]float64) string {
	if len(path) < 2 {
		return "start"
	}
	switch g := LastStepFactor(path, minimum); {
	case math.IsNaN(g):
		return "not finite"
	case g < 1:
		return "converging"
	case g > 1:
		return "diverging"
	}
	return "stalled"
}

// LogLossRange returns the smallest and the largest log₁₀ loss over every point of every path,
// each widened by 3 % of the span so that no curve runs along the frame: the vertical range that
// shows all these runs on one fixed axis. It fails on an empty input, a path point that is not a
// pair, and a loss that is not finite and > 0, naming the path and the step.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func LogLossRange(loss func(x, y float64) float64, paths ...[][]float64) (lo, hi float64, err error) {
	if loss == nil {
		return 0, 0, errors.New("descentview: LogLossRange: loss is nil")
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i, path := range paths {
		ys, err := logLosses(loss, path)
		if err != nil {
			return 0, 0, fmt.Errorf("descentview: LogLossRange: path %d: %w", i, err)
		}
		for _, y := range ys {
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
	}
	if lo > hi {
		return 0, 0, errors.New("descentview: LogLossRange: no path points")
	}
	pad := 0.03 * (hi - lo)
	if pad == 0 {
		pad = 0.5 // a single loss value: half a decade either side
	}
	return lo - pad, hi + pad, nil
}

// logLosses is log₁₀ loss at every point of path.
func logLosses(loss func(x, y float64) float64, path [][]float64) ([]float64, error) {
	ys := make([]float64, len(path))
	for t, w := range path {
		if len(w) != 2 {
			return nil, fmt.Errorf("step %d has %d coordinates, want 2", t, len(w))
		}
		v := loss(w[0], w[1])
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("loss at step %d, w = %v, is %v: want finite and > 0 for a log₁₀ axis", t, w, v)
		}
		ys[t] = math.Log10(v)
	}
	return ys, nil
}

func (v View) check() error {
	switch {
	case v.Loss == nil:
		return errors.New("descentview: View.Loss is nil")
	case math.IsNaN(v.Minimum[0]) || math.IsNaN(v.Minimum[1]) || math.IsInf(v.Minimum[0], 0) || math.IsInf(v.Minimum[1], 0):
		return fmt.Errorf("descentview: View.Minimum = %v: want finite coordinates", v.Minimum)
	case (v.WidthPx == 0) != (v.HeightPx == 0) || v.WidthPx < 0 || v.HeightPx < 0:
		return fmt.Errorf("descentview: View.WidthPx, HeightPx = %d, %d: want both > 0, or both 0 for 960×440", v.WidthPx, v.HeightPx)
	case v.Steps < 1:
		return fmt.Errorf("descentview: View.Steps = %d, want ≥ 1", v.Steps)
	case !(v.LogLossMin < v.LogLossMax) || math.IsInf(v.LogLossMin, 0) || math.IsInf(v.LogLossMax, 0):
		return fmt.Errorf("descentview: View.LogLossMin, LogLossMax = %v, %v: want finite values with min < max", v.LogLossMin, v.LogLossMax)
	}
	return nil
}

// Figure draws path[0…upTo] over the level curves (left), up to its first point outside the box,
// and its log₁₀ loss at every step (right).
// The title starts with label (e.g. "α = 0.6") and gives the step, the last step's factor and the
// Verdict of that step, all read from the path.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func (v View) Figure(label string, path [][]float64, upTo int) (*plotting.Figure, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	if len(path) == 0 {
		return nil, fmt.Errorf("descentview: %s: the path is empty", label)
	}
	if upTo < 0 || upTo >= len(path) {
		return nil, fmt.Errorf("descentview: %s: step %d of a path with %d points, want 0…%d", label, upTo, len(path), len(path)-1)
	}
	shown := path[:upTo+1]
	ys, err := logLosses(v.Loss, shown)
	if err != nil {
		return nil, fmt.Errorf("descentview: %s: %w", label, err)
	}
	bowl, err := plotting.Contour(v.Loss, v.XMin, v.XMax, v.YMin, v.YMax, v.Levels, v.trajectory(label, shown))
	if err != nil {
		return nil, fmt.Errorf("descentview: %s: %w", label, err)
	}
	bowl.Title.Text = title(label, shown, v.Minimum)
	bowl.X.Label.Text, bowl.Y.Label.Text = "w₁", "w₂"

	// log₁₀ f on a linear axis rather than f on a log axis: a diverging run climbs tens of
	// decades, more than log-axis tick labels can show legibly.
	loss := plotting.Series{Name: "log₁₀ f(w_t)", X: make([]float64, len(ys)), Y: ys}
	for t := range ys {
		loss.X[t] = float64(t)
	}
	curve, err := plotting.LineChart("loss per step (fixed axes)", "step t", "log₁₀ f(w_t)", loss)
	if err != nil {
		return nil, fmt.Errorf("descentview: %s: %w", label, err)
	}
	curve.X.Min, curve.X.Max = 0, float64(v.Steps)
	curve.Y.Min, curve.Y.Max = v.LogLossMin, v.LogLossMax

	fig, err := plotting.NewFigure(1, 2, bowl, curve)
	if err != nil {
		return nil, fmt.Errorf("descentview: %s: %w", label, err)
	}
	fig.WidthPx, fig.HeightPx = 960, 440
	if v.WidthPx > 0 && v.HeightPx > 0 {
		fig.WidthPx, fig.HeightPx = v.WidthPx, v.HeightPx
	}
	return fig, nil
}

// trajectory is path up to and including its first point outside the box. A diverging path's later
// steps jump from rim to rim, and their clipped segments would fill the box with lines that cross it
// far from any iterate.
func (v View) trajectory(name string, path [][]float64) plotting.Trajectory {
	tr := plotting.Trajectory{Name: name}
	for _, w := range path {
		tr.X, tr.Y = append(tr.X, w[0]), append(tr.Y, w[1])
		if w[0] < v.XMin || w[0] > v.XMax || w[1] < v.YMin || w[1] > v.YMax {
			break
		}
	}
	return tr
}

// title is "label, step t: |w − w*| ×factor in the last step, verdict".
func title(label string, shown [][]float64, minimum [2]float64) string {
	t := len(shown) - 1
	if t == 0 {
		return fmt.Sprintf("%s, step 0: the start", label)
	}
	return fmt.Sprintf("%s, step %d: |w − w*| ×%.3f in the last step, %s",
		label, t, LastStepFactor(shown, minimum), Verdict(shown, minimum))
}

// Draw puts the picture of the whole path into out; with animate, it puts one picture per step
// instead, path[0…0], path[0…1], …, the whole path: the run drawn one step at a time.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func (v View) Draw(out Updater, label string, path [][]float64, animate bool) error {
	if out == nil {
		return errors.New("descentview: Draw: out is nil")
	}
	if len(path) == 0 {
		return fmt.Errorf("descentview: %s: the path is empty", label)
	}
	first := len(path) - 1
	if animate {
		first = 0
	}
	for upTo := first; upTo < len(path); upTo++ {
		fig, err := v.Figure(label, path, upTo)
		if err != nil {
			return err
		}
		if err := out.Update(fig); err != nil {
			return fmt.Errorf("descentview: %s, step %d: %w", label, upTo, err)
		}
	}
	return nil
}
