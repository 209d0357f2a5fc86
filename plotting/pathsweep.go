package plotting

import (
	"fmt"
	"math"
)

// PathSweep holds the runs of a sweep over one parameter of an optimizer on a 2-D function, one
// path and one score (such as the steps to converge) per parameter value, and draws the frame a
// slider over that parameter shows: the chosen path beside a reference path over f's level
// curves, and the score against the parameter with the chosen value marked.
//
// Fill the drawing settings, Add each run, then call Frame for the chosen index.
//
// Introduced in notebooks/07_momentum.ipynb.
type PathSweep struct {
	// Title starts the path plot's title, e.g. "classical momentum, α = 0.4"; the frame adds the
	// chosen parameter value and its score.
	Title string
	// F is the function whose level curves are drawn behind the paths, over the box
	// [XMin, XMax]×[YMin, YMax] with Levels levels (see Contour).
	F                      func(x, y float64) float64
	XMin, XMax, YMin, YMax float64
	Levels                 int
	// Reference is drawn in every frame beside the chosen path (e.g. plain gradient descent);
	// an empty Reference, or one named like the chosen path, is not drawn.
	Reference Trajectory
	// ParamLabel and ScoreLabel name the parameter and the score, e.g. "β" and "steps to 1e-3".
	ParamLabel, ScoreLabel string
	// Extra holds further curves for the score plot, e.g. a predicted score per parameter value.
	Extra []Series
	// Marks are vertical lines on the score plot at named parameter values, e.g. a critical value.
	Marks []Mark

	params, scores []float64
	paths          []Trajectory
}

// Mark is a named vertical line at X = At on a score plot.
//
// Introduced in notebooks/07_momentum.ipynb.
type Mark struct {
	// Name is the legend entry, e.g. "β_c = 0.829".
	Name string
	// At is the parameter value where the line stands; it must be finite.
	At float64
}

// Add records the run at parameter value param: its path (drawn when it is chosen) and its score.
//
// Introduced in notebooks/07_momentum.ipynb.
func (s *PathSweep) Add(param float64, path Trajectory, score float64) {
	s.params, s.paths, s.scores = append(s.params, param), append(s.paths, path), append(s.scores, score)
}

// Len is the number of runs added.
//
// Introduced in notebooks/07_momentum.ipynb.
func (s *PathSweep) Len() int { return len(s.params) }

// Frame draws run i (0 ≤ i < Len): on the left the first points of its path and of Reference over
// F's level curves, titled "<Title> — <ParamLabel> = <param>, <ScoreLabel>: <score>"; on the right
// the score of every run against its parameter, the Extra curves, the Marks and a marker at run i.
// The figure is 1040×420 pixels. The error names the sweep's title and what is wrong: an index
// out of range, no runs, a NaN or infinite parameter, score or mark, a bad path or box.
//
// Introduced in notebooks/07_momentum.ipynb.
func (s *PathSweep) Frame(i int) (*Figure, error) {
	what := fmt.Sprintf("path sweep %q", s.Title)
	if len(s.params) == 0 {
		return nil, fmt.Errorf("plotting: %s has no runs: call Add first", what)
	}
	if i < 0 || i >= len(s.params) {
		return nil, fmt.Errorf("plotting: %s: run %d, want 0…%d", what, i, len(s.params)-1)
	}
	if err := checkFinite("parameters of", s.Title, "param", s.params); err != nil {
		return nil, fmt.Errorf("plotting: %w", err)
	}
	if err := checkFinite("scores of", s.Title, "score", s.scores); err != nil {
		return nil, fmt.Errorf("plotting: %w", err)
	}
	paths := []Trajectory{s.paths[i]}
	if len(s.Reference.X) > 0 && s.Reference.Name != s.paths[i].Name {
		paths = []Trajectory{s.Reference, s.paths[i]}
	}
	valley, err := Contour(s.F, s.XMin, s.XMax, s.YMin, s.YMax, s.Levels, paths...)
	if err != nil {
		return nil, fmt.Errorf("%s, run %d: %w", what, i, err) // err already says "plotting: contour"
	}
	valley.Title.Text = fmt.Sprintf("%s — %s = %.3g, %s: %.4g", s.Title, s.ParamLabel, s.params[i], s.ScoreLabel, s.scores[i])

	curves := append([]Series{{Name: s.ScoreLabel, X: s.params, Y: s.scores}}, s.Extra...)
	lo, hi := 0.0, 0.0 // the marks span the scores' range, from 0 at least
	for _, c := range curves {
		for _, y := range c.Y {
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
	}
	for _, m := range s.Marks {
		if math.IsNaN(m.At) || math.IsInf(m.At, 0) {
			return nil, fmt.Errorf("plotting: %s: mark %q at %v, want a finite value", what, m.Name, m.At)
		}
		curves = append(curves, Series{Name: m.Name, X: []float64{m.At, m.At}, Y: []float64{lo, hi}})
	}
	here := fmt.Sprintf("%s = %.3g", s.ParamLabel, s.params[i])
	curves = append(curves, Series{Name: here, X: []float64{s.params[i]}, Y: []float64{s.scores[i]}})
	scores, err := LineChart(fmt.Sprintf("%s against %s", s.ScoreLabel, s.ParamLabel),
		s.ParamLabel, s.ScoreLabel, curves...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err) // err already says "plotting: line chart"
	}
	fig, err := NewFigure(1, 2, valley, scores)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	fig.WidthPx, fig.HeightPx = 1040, 420
	return fig, nil
}
