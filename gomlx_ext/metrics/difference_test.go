package metrics

import (
	"math"
	"strings"
	"testing"
)

// Newcombe (1998), Table II, method 10, for six of his examples (two at the boundaries 0 and 1).
func TestNewcombeDifferencePublished(t *testing.T) {
	for _, c := range []struct {
		kA, nA, kB, nB int
		low, high      float64
	}{
		{56, 70, 48, 80, 0.0524, 0.3339},
		{9, 10, 3, 10, 0.1705, 0.8090},
		{6, 7, 2, 7, 0.0582, 0.8062},
		{5, 56, 0, 29, -0.0381, 0.1926},
		{0, 10, 0, 20, -0.1611, 0.2775},
		{10, 10, 0, 20, 0.6791, 1},
	} {
		d, err := NewcombeDifference(c.kA, c.nA, c.kB, c.nB, Z95)
		if err != nil {
			t.Fatal(err)
		}
		want := float64(c.kA)/float64(c.nA) - float64(c.kB)/float64(c.nB)
		if math.Abs(d.Estimate-want) > 1e-12 || math.Abs(d.Low-c.low) > 5e-5 || math.Abs(d.High-c.high) > 5e-5 {
			t.Errorf("%d/%d − %d/%d = %s, want %.4f [%.4f, %.4f]", c.kA, c.nA, c.kB, c.nB, d, want, c.low, c.high)
		}
	}
}

func TestNewcombeDifferenceWiderThanEither(t *testing.T) {
	// Two sets of the same size and accuracy: the difference's half-width is about √2 times each one's.
	a, _ := Wilson(9776, 10000, Z95)
	d, err := NewcombeDifference(9776, 10000, 9776, 10000, Z95)
	if err != nil {
		t.Fatal(err)
	}
	if r := d.HalfWidth() / a.HalfWidth(); math.Abs(r-math.Sqrt2) > 0.01 {
		t.Errorf("half-width ratio %.4f, want ≈ √2", r)
	}
	if !d.Contains(0) {
		t.Errorf("equal accuracies: %s does not contain 0", d)
	}
	if _, err := NewcombeDifference(3, 2, 1, 2, Z95); err == nil || !strings.Contains(err.Error(), "A:") {
		t.Errorf("3 of 2: error %v, want one naming A", err)
	}
}

// The running example of the hand computation: 100 examples, 15 only A gets right, 5 only B.
//
//	Δ = 10/100 = 0.1, Var = (20 − 100·0.01)/100² = 0.0019, half = 1.959964·0.0435890 = 0.0854332
func TestPairedDifferenceByHand(t *testing.T) {
	yTrue := make([]int32, 100)
	predA, predB := make([]int32, 100), make([]int32, 100)
	for i := range 100 {
		switch {
		case i < 15: // only A right
			predB[i] = 1
		case i < 20: // only B right
			predA[i] = 1
		case i < 30: // both wrong
			predA[i], predB[i] = 1, 2
		}
	}
	d, err := PairedDifference(yTrue, predA, predB, Z95)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d.Estimate-0.1) > 1e-12 || math.Abs(d.Low-0.0145668) > 1e-6 || math.Abs(d.High-0.1854332) > 1e-6 {
		t.Errorf("paired difference %s, want +0.1000 [+0.0146, +0.1854]", d)
	}
	// The same variance as the per-example differences' (1, −1 or 0) sample variance over n.
	mean, sq := 0.0, 0.0
	for i := range yTrue {
		v := b2f(predA[i] == yTrue[i]) - b2f(predB[i] == yTrue[i])
		mean += v / 100
		sq += v * v / 100
	}
	if half := Z95 * math.Sqrt((sq-mean*mean)/100); math.Abs(half-d.HalfWidth()) > 1e-12 {
		t.Errorf("half-width %.7f, per-example variance gives %.7f", d.HalfWidth(), half)
	}
}

func TestPairedDifferenceEdges(t *testing.T) {
	y := []int32{0, 1, 2, 0}
	// All discordant examples favour A: the interval is narrow but not negative-variance NaN.
	d, err := PairedDifference(y, y, []int32{1, 1, 2, 0}, Z95)
	if err != nil || math.IsNaN(d.Low) || d.Estimate != 0.25 {
		t.Errorf("one-sided: %v, %v", d, err)
	}
	if d, _ := PairedDifference(y, y, y, Z95); d.Low != 0 || d.High != 0 {
		t.Errorf("identical predictions: %s, want the point 0", d)
	}
	if _, err := PairedDifference(y, y, y[:3], Z95); err == nil {
		t.Error("unequal lengths: no error")
	}
	if _, err := PairedDifference(y, y, y, math.NaN()); err == nil {
		t.Error("z = NaN: no error")
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
