package plotting_test

import (
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

// TestDecisionBoundaryShadesBySide draws a classifier that says class 1 right of x = 0 and
// checks the background left of the line is bluish and right of it reddish.
func TestDecisionBoundaryShadesBySide(t *testing.T) {
	X := [][]float64{{-1, -1}, {-1, 1}, {1, -1}, {1, 1}}
	labels := []int{0, 0, 1, 1}
	p, err := plotting.DecisionBoundary("step", X, labels, func(pts [][]float64) []float64 {
		out := make([]float64, len(pts))
		for i, pt := range pts {
			if pt[0] > 0 {
				out[i] = 1
			}
		}
		return out
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := plotting.FigureOf(p).Image(400, 300)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	rgb := func(fx float64) (r, g, bl float64) {
		c := color.RGBAModel.Convert(img.At(b.Min.X+int(fx*float64(b.Dx())), b.Min.Y+b.Dy()/2)).(color.RGBA)
		return float64(c.R), float64(c.G), float64(c.B)
	}
	lr, _, lb := rgb(0.3)
	rr, _, rb := rgb(0.75)
	if !(lb > lr+20) || !(rr > rb+20) {
		t.Errorf("left of the boundary RGB red %v blue %v, right red %v blue %v: want blue left, red right", lr, lb, rr, rb)
	}
}

func TestDecisionBoundaryErrors(t *testing.T) {
	half := func(pts [][]float64) []float64 {
		out := make([]float64, len(pts))
		for i := range out {
			out[i] = 0.5
		}
		return out
	}
	X := [][]float64{{0, 0}, {1, 1}}
	for _, tc := range []struct {
		name   string
		X      [][]float64
		labels []int
		prob   func([][]float64) []float64
		want   string
	}{
		{"nil prob", X, []int{0, 1}, nil, "prob is nil"},
		{"no examples", nil, nil, half, "no examples"},
		{"label count", X, []int{0}, half, "1 labels for 2 examples"},
		{"three coordinates", [][]float64{{0, 0, 0}}, []int{0}, half, "example 0 is [0 0 0]"},
		{"NaN coordinate", [][]float64{{math.NaN(), 0}}, []int{0}, half, "two finite coordinates"},
		{"label 2", X, []int{0, 2}, half, "label 2 of example 1, want 0 or 1"},
		{"short prob", X, []int{0, 1}, func(p [][]float64) []float64 { return half(p)[1:] }, "prob returned 6560 values for 6561 points"},
		{"prob above 1", X, []int{0, 1}, func(p [][]float64) []float64 { o := half(p); o[7] = 1.5; return o }, "= 1.5, want a probability"},
		{"NaN prob", X, []int{0, 1}, func(p [][]float64) []float64 { o := half(p); o[0] = math.NaN(); return o }, "= NaN"},
	} {
		_, err := plotting.DecisionBoundary("t", tc.X, tc.labels, tc.prob)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
