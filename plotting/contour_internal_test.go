package plotting

import (
	"math"
	"testing"

	"gonum.org/v1/plot"
)

func TestClipSegment(t *testing.T) {
	b := box{xmin: -1, xmax: 1, ymin: -1, ymax: 1}
	big := math.MaxFloat64
	tests := []struct {
		name           string
		x0, y0, x1, y1 float64
		want           [4]float64
		ok             bool
	}{
		{"inside", -0.5, 0, 0.5, 0.25, [4]float64{-0.5, 0, 0.5, 0.25}, true},
		{"leaves right", 0, 0, 3, 0, [4]float64{0, 0, 1, 0}, true},
		{"crosses both sides", -3, 0.5, 3, 0.5, [4]float64{-1, 0.5, 1, 0.5}, true},
		// y = x/2 from (-4,-2) to (4,2): enters at x=-1 and leaves at x=1.
		{"diagonal through", -4, -2, 4, 2, [4]float64{-1, -0.5, 1, 0.5}, true},
		{"outside above", -3, 2, 3, 2, [4]float64{}, false},
		{"misses corner", 0.5, 3, 3, 0.5, [4]float64{}, false},
		{"vertical outside", 2, -3, 2, 3, [4]float64{}, false},
		{"huge end from inside", 0, 0, 1e300, 0, [4]float64{0, 0, 1, 0}, true},
		// Coming back from far away: must enter at the edge, not collapse
		// onto the inside endpoint.
		{"huge start to inside", -1e300, 0.5, 0, 0.5, [4]float64{-1, 0.5, 0, 0.5}, true},
		{"huge start to inside, sloped", -1e12, -1e12, 0.5, 0.5, [4]float64{-1, -1, 0.5, 0.5}, true},
		{"oscillation through", 1e10, 0.25, -1e11, 0.25, [4]float64{1, 0.25, -1, 0.25}, true},
	}
	// Endpoints near ±MaxFloat64: x1-x0 overflows without the halving. At
	// this magnitude float64 cannot place the crossing within the box (its
	// spacing is ~1e292), so only ask for a finite piece inside the box.
	ax, ay, bx, by, ok := clipSegment(-big, big, big, -big, b)
	for _, v := range []float64{ax, ay, bx, by} {
		if !ok || math.IsNaN(v) || v < -1 || v > 1 {
			t.Errorf("overflowing ends: clipped to %v, %v, %v, %v (ok=%v), want finite values in the box", ax, ay, bx, by, ok)
			break
		}
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ax, ay, bx, by, ok := clipSegment(tt.x0, tt.y0, tt.x1, tt.y1, b)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			got := [4]float64{ax, ay, bx, by}
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-12 || math.IsNaN(got[i]) {
					t.Fatalf("clipped to %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestGeometricLevels(t *testing.T) {
	lv, err := geometricLevels(2, 12, 4)
	if err != nil {
		t.Fatal(err)
	}
	// span 10; fractions 1e-3 · 900^(k/3) = 0.001, 0.00965, 0.0932, 0.9.
	want := []float64{2.01, 2 + 10*0.001*math.Cbrt(900), 2 + 10*0.001*math.Cbrt(900*900), 11}
	for i := range want {
		if math.Abs(lv[i]-want[i]) > 1e-9 {
			t.Errorf("level %d = %v, want %v", i, lv[i], want[i])
		}
	}
	// Consecutive offsets above the minimum have a constant ratio.
	r1, r2 := (lv[1]-2)/(lv[0]-2), (lv[3]-2)/(lv[2]-2)
	if math.Abs(r1-r2) > 1e-9 {
		t.Errorf("ratios %v and %v, want equal", r1, r2)
	}
	if one, err := geometricLevels(0, 1, 1); err != nil || len(one) != 1 || one[0] <= 0 || one[0] >= 1 {
		t.Errorf("one level: %v, %v; want a single level inside (0, 1)", one, err)
	}
	if _, err := geometricLevels(3, 3, 5); err == nil {
		t.Error("constant function: got no error")
	}
	if _, err := geometricLevels(-math.MaxFloat64, math.MaxFloat64, 5); err == nil {
		t.Error("overflowing range: got no error")
	}
}

func TestPlaceLegendPicksEmptiestCorner(t *testing.T) {
	tests := []struct {
		name      string
		x, y      []float64
		top, left bool
	}{
		// A falling curve leaves the top right free (the first choice).
		{"falling", []float64{0, 1, 2, 3, 4}, []float64{4, 1, 0.5, 0.3, 0.2}, true, false},
		// A rising-then-flat curve fills the top: bottom right is free.
		{"rising", []float64{0, 1, 2, 3, 4}, []float64{0, 3, 3.8, 3.9, 4}, false, false},
		// A curve along the right edge leaves only the left corners free.
		{"right edge", []float64{4, 4}, []float64{0, 4}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plot.New()
			p.X.Min, p.X.Max = 0, 4
			p.Y.Min, p.Y.Max = 0, 4
			placeLegend(p, [][]float64{tt.x}, [][]float64{tt.y}, 2)
			if p.Legend.Top != tt.top || p.Legend.Left != tt.left {
				t.Errorf("legend top=%v left=%v, want top=%v left=%v", p.Legend.Top, p.Legend.Left, tt.top, tt.left)
			}
		})
	}
}
