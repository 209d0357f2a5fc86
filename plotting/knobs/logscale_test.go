package knobs

import (
	"math"
	"strings"
	"testing"
)

func TestLogScaleEndsAndRatio(t *testing.T) {
	s, err := NewLogScale(1e-3, 1, 30)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Value(0); got != 1e-3 {
		t.Errorf("Value(0) = %g, want 1e-3", got)
	}
	if got := s.Value(30); got != 1 {
		t.Errorf("Value(30) = %g, want 1", got)
	}
	// Ten positions per decade: every step multiplies by 10^(1/10).
	want := math.Pow(10, 0.1)
	for i := 0; i < 30; i++ {
		if r := s.Value(i+1) / s.Value(i); math.Abs(r-want) > 1e-12 {
			t.Fatalf("Value(%d)/Value(%d) = %.15g, want %.15g", i+1, i, r, want)
		}
	}
	if got := s.Value(10); math.Abs(got-0.01) > 1e-15 {
		t.Errorf("Value(10) = %g, want 0.01", got)
	}
	if s.Value(-4) != s.Min || s.Value(99) != s.Max {
		t.Errorf("positions outside 0…Steps are not clamped: %g, %g", s.Value(-4), s.Value(99))
	}
	if n := len(s.Values()); n != 31 {
		t.Errorf("len(Values()) = %d, want 31", n)
	}
}

func TestLogScalePositionInvertsValue(t *testing.T) {
	s := LogScale{Min: 0.002, Max: 3, Steps: 24}
	for i := 0; i <= s.Steps; i++ {
		if got := s.Position(s.Value(i)); got != i {
			t.Errorf("Position(Value(%d)) = %d", i, got)
		}
	}
	// Halfway between two positions on the log scale rounds to the nearer one.
	between := math.Sqrt(s.Value(5) * s.Value(6))
	if got := s.Position(between * 0.99); got != 5 {
		t.Errorf("Position just below the geometric midpoint = %d, want 5", got)
	}
	if got := s.Position(between * 1.01); got != 6 {
		t.Errorf("Position just above the geometric midpoint = %d, want 6", got)
	}
	for _, v := range []float64{0, -1, math.NaN(), 1e-9} {
		if got := s.Position(v); got != 0 {
			t.Errorf("Position(%g) = %d, want 0", v, got)
		}
	}
	if got := s.Position(1e9); got != s.Steps {
		t.Errorf("Position(1e9) = %d, want %d", got, s.Steps)
	}
}

func TestNewLogScaleRejectsBadSettings(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		steps    int
		want     string
	}{
		{0, 1, 10, "Min = 0"},
		{-1, 1, 10, "Min = -1"},
		{math.NaN(), 1, 10, "Min = NaN"},
		{1, 1, 10, "Max = 1"},
		{1, math.Inf(1), 10, "Max = +Inf"},
		{0.1, 1, 0, "Steps = 0"},
	} {
		_, err := NewLogScale(c.min, c.max, c.steps)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewLogScale(%g, %g, %d) error = %v, want one naming %q", c.min, c.max, c.steps, err, c.want)
		}
	}
}
