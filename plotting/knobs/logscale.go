package knobs

import (
	"fmt"
	"math"
)

// LogScale maps the integer positions 0…Steps of a slider onto Min…Max on a logarithmic scale:
// position i is Min·(Max/Min)^(i/Steps), so every step multiplies the value by the same factor.
// A learning rate or a weight scale is explored this way because what matters is its order of
// magnitude: on a linear slider from 0.001 to 1, nine tenths of the positions would lie above 0.1.
type LogScale struct {
	Min, Max float64 // the values at positions 0 and Steps; 0 < Min < Max
	Steps    int     // the number of steps between them (a slider then has Steps+1 positions)
}

// NewLogScale returns the scale from min to max in steps steps, or an error naming the bad setting.
func NewLogScale(min, max float64, steps int) (LogScale, error) {
	s := LogScale{Min: min, Max: max, Steps: steps}
	return s, s.validate()
}

func (s LogScale) validate() error {
	switch {
	case !(s.Min > 0) || math.IsInf(s.Min, 0):
		return fmt.Errorf("knobs: LogScale: Min = %g, want a finite value > 0", s.Min)
	case !(s.Max > s.Min) || math.IsInf(s.Max, 0):
		return fmt.Errorf("knobs: LogScale: Max = %g, want a finite value > Min = %g", s.Max, s.Min)
	case s.Steps < 1:
		return fmt.Errorf("knobs: LogScale: Steps = %d, want ≥ 1", s.Steps)
	}
	return nil
}

// Value is the value at slider position pos; positions outside 0…Steps are clamped to the ends.
func (s LogScale) Value(pos int) float64 {
	switch {
	case pos <= 0:
		return s.Min
	case pos >= s.Steps:
		return s.Max
	}
	return s.Min * math.Pow(s.Max/s.Min, float64(pos)/float64(s.Steps))
}

// Position is the slider position whose value is nearest to v on the log scale (clamped to
// 0…Steps), e.g. to start a learning-rate slider at the rate the still figure used, or to mark
// a threshold such as 2/λmax.
func (s LogScale) Position(v float64) int {
	if !(v > 0) {
		return 0
	}
	pos := math.Round(float64(s.Steps) * math.Log(v/s.Min) / math.Log(s.Max/s.Min))
	return int(math.Max(0, math.Min(float64(s.Steps), pos)))
}

// Values lists the value at every position, 0…Steps, e.g. to precompute every picture a slider
// can ask for.
func (s LogScale) Values() []float64 {
	v := make([]float64, s.Steps+1)
	for i := range v {
		v[i] = s.Value(i)
	}
	return v
}
