package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
)

// Series is one named curve: Y[i] is the value at X[i].
//
// A training curve is a Series whose X holds the step (or epoch) numbers
// and whose Y holds the metric logged at that step.
type Series struct {
	// Name is shown in the legend and in error messages.
	Name string
	// X holds the horizontal coordinates; it must be as long as Y.
	X []float64
	// Y holds the vertical coordinates; every value must be finite.
	Y []float64
}

// Validate reports whether s can be drawn: it must be non-empty, X and Y
// must have the same length and every value must be finite. The error names
// the series and the first offending index, so a NaN loss logged at step
// 1200 is easy to trace back.
func (s Series) Validate() error {
	if err := s.check(); err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	return nil
}

// check is Validate without the package prefix, so callers can add their
// own context in front.
func (s Series) check() error {
	if len(s.X) == 0 && len(s.Y) == 0 {
		return fmt.Errorf("series %q is empty", s.Name)
	}
	if len(s.X) != len(s.Y) {
		return fmt.Errorf("series %q has len(X)=%d but len(Y)=%d", s.Name, len(s.X), len(s.Y))
	}
	if err := checkFinite("series", s.Name, "X", s.X); err != nil {
		return err
	}
	return checkFinite("series", s.Name, "Y", s.Y)
}

// xys converts a validated series into gonum's point list.
func (s Series) xys() plotter.XYs {
	pts := make(plotter.XYs, len(s.X))
	for i := range s.X {
		pts[i].X, pts[i].Y = s.X[i], s.Y[i]
	}
	return pts
}

// checkFinite returns an error naming the owner (kind and name), the
// coordinate and the first index of vs that holds NaN or ±Inf.
func checkFinite(kind, name, coord string, vs []float64) error {
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s %q has %s[%d]=%v, want a finite value", kind, name, coord, i, v)
		}
	}
	return nil
}

// validateAll validates every series and also rejects an empty list and
// duplicate names (a legend with two identical entries cannot be read).
func validateAll(what string, series []Series) error {
	if len(series) == 0 {
		return fmt.Errorf("plotting: %s needs at least one series", what)
	}
	seen := make(map[string]bool, len(series))
	for _, s := range series {
		if err := s.check(); err != nil {
			return fmt.Errorf("plotting: %s: %w", what, err)
		}
		if seen[s.Name] {
			return fmt.Errorf("plotting: %s has two series named %q", what, s.Name)
		}
		seen[s.Name] = true
	}
	return nil
}
