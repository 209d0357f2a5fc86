package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
)

// MaxSamples bounds the number of samples FunctionPlot takes per function.
const MaxSamples = 100_000

// NamedFunc is a function of one variable with the name shown in the legend,
// e.g. {"ReLU", relu} or {"σ'(x)", sigmoidDerivative}.
type NamedFunc struct {
	// Name is the legend entry.
	Name string
	// F is sampled on the plot's range; it must return finite values there.
	F func(float64) float64
}

// FunctionPlot samples each function at n evenly spaced points of
// [xmin, xmax] (both ends included) and draws them as lines, one colour and
// dash pattern each, with a legend — the way activations and their
// derivatives are compared. It returns an error if a function is nil or
// returns NaN or ±Inf anywhere on the grid, naming the function and x.
func FunctionPlot(title string, xmin, xmax float64, n int, fns ...NamedFunc) (*plot.Plot, error) {
	if math.IsNaN(xmin) || math.IsNaN(xmax) || math.IsInf(xmin, 0) || math.IsInf(xmax, 0) || !(xmin < xmax) {
		return nil, fmt.Errorf("plotting: function plot %q: range [%v, %v], want finite xmin < xmax", title, xmin, xmax)
	}
	if n < 2 || n > MaxSamples {
		return nil, fmt.Errorf("plotting: function plot %q: %d samples, want 2..%d", title, n, MaxSamples)
	}
	if len(fns) == 0 {
		return nil, fmt.Errorf("plotting: function plot %q needs at least one function", title)
	}
	xs := make([]float64, n)
	step := (xmax - xmin) / float64(n-1)
	for i := range xs {
		xs[i] = xmin + float64(i)*step
	}
	xs[n-1] = xmax // avoid rounding past the requested end
	series := make([]Series, len(fns))
	for k, fn := range fns {
		if fn.F == nil {
			return nil, fmt.Errorf("plotting: function plot %q: function %q is nil", title, fn.Name)
		}
		ys := make([]float64, n)
		for i, x := range xs {
			y := fn.F(x)
			if math.IsNaN(y) || math.IsInf(y, 0) {
				return nil, fmt.Errorf("plotting: function plot %q: %s(%g) = %v, want a finite value on [%g, %g]",
					title, fn.Name, x, y, xmin, xmax)
			}
			ys[i] = y
		}
		series[k] = Series{Name: fn.Name, X: xs, Y: ys}
	}
	return LineChart(title, "x", "y", series...)
}
