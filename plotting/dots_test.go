package plotting_test

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

func TestDotPlotErrors(t *testing.T) {
	ok := plotting.DotGroup{Name: "baseline", Values: []float64{0.80, 0.81}}
	for _, tc := range []struct {
		name   string
		groups []plotting.DotGroup
		refs   []float64
		want   string
	}{
		{"no groups", nil, nil, "at least one group"},
		{"empty group", []plotting.DotGroup{ok, {Name: "dropout"}}, nil, `group "dropout" is empty`},
		{"NaN", []plotting.DotGroup{{Name: "L1", Values: []float64{0.8, math.NaN()}}}, nil, `"L1" has Values[1]=NaN`},
		{"Inf reference", []plotting.DotGroup{ok}, []float64{math.Inf(1)}, "refs[0]=+Inf"},
	} {
		_, err := plotting.DotPlot("d", "accuracy", tc.groups, tc.refs...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestDotPlotAxes(t *testing.T) {
	p, err := plotting.DotPlot("d", "Δ accuracy", []plotting.DotGroup{
		{Name: "a", Values: []float64{-0.01, 0.02}}, {Name: "b", Values: []float64{0.03}},
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min != -0.5 || p.X.Max != 1.5 {
		t.Errorf("x range [%g, %g], want [-0.5, 1.5]: one unit per group", p.X.Min, p.X.Max)
	}
	if p.Y.Min > -0.01 || p.Y.Max < 0.03 {
		t.Errorf("y range [%g, %g] does not hold every dot", p.Y.Min, p.Y.Max)
	}
	ticks := p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max)
	if len(ticks) != 2 || ticks[0].Label != "a" || ticks[1].Label != "b" {
		t.Errorf("ticks %v, want the group names", ticks)
	}
}

func TestDotPlotGolden(t *testing.T) {
	p, err := plotting.DotPlot("Test accuracy minus the baseline's, per seed", "Δ accuracy", []plotting.DotGroup{
		{Name: "L2", Values: []float64{0.002, -0.004, 0.001, 0.003, -0.001}},
		{Name: "AdamW", Values: []float64{0.004, 0.001, 0.006, 0.002, 0.005}},
		{Name: "L1", Values: []float64{-0.003, 0.000, 0.002, -0.002, 0.001}},
		{Name: "dropout", Values: []float64{0.007, 0.009, 0.004, 0.008, 0.010}},
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := plotting.FigureOf(p).PNG(640, 420)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "dot_plot", got)
}
