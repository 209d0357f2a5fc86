package metrics

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// Weighted averages of the running example (supports 4, 3, 3 of 10):
//
//	P  = (4·2/3 + 3·2/3 + 3·3/4)/10 = (8/3 + 2 + 9/4)/10 = (83/12)/10 = 83/120
//	R  = (4·1/2 + 3·2/3 + 3·1)/10   = (2 + 2 + 3)/10     = 7/10 (the accuracy)
//	F1 = (4·4/7 + 3·2/3 + 3·6/7)/10 = (16/7 + 2 + 18/7)/10 = (48/7)/10 = 24/35
func TestWeightedAverage(t *testing.T) {
	classes, err := PerClass(exTrue, exPred, 3)
	if err != nil {
		t.Fatal(err)
	}
	got := WeightedAverage(classes)
	if !near(got.Precision, 83.0/120) || !near(got.Recall, 0.7) || !near(got.F1, 24.0/35) || got.Classes != 3 {
		t.Errorf("WeightedAverage = %+v, want P 83/120, R 7/10, F1 24/35 over 3 classes", got)
	}

	// A class that is predicted but never occurs has weight 0, unlike in the
	// macro average, where it counts with precision 0.
	withAbsent := append(classes, ClassMetrics{Class: 3, Predicted: 5})
	if w := WeightedAverage(withAbsent); !near(w.Precision, got.Precision) || w.Classes != 3 {
		t.Errorf("absent class changed the weighted average: %+v", w)
	}
	if m := MacroAverage(withAbsent); m.Classes != 4 {
		t.Errorf("macro average over %d classes, want 4", m.Classes)
	}
	if z := WeightedAverage(nil); z != (Averages{}) {
		t.Errorf("WeightedAverage(nil) = %+v, want zeros", z)
	}
}

// Hand computation for 90 correct of 100 at z = 1.96 (z² = 3.8415):
//
//	z²/n = 0.038415, denominator 1.038415
//	center = (0.9 + 0.0192073)/1.038415 = 0.885202
//	half = 1.959964/1.038415 · √(0.09/100 + 3.8415/40000)
//	     = 1.887455 · √0.000996036 = 1.887455 · 0.0315600 = 0.059568
//	interval [0.825634, 0.944770]
func TestWilsonByHand(t *testing.T) {
	cases := []struct {
		k, n      int
		low, high float64
	}{
		{90, 100, 0.825634, 0.944770},
		{7, 10, 0.396778, 0.892209}, // the running example: center 0.644494, half 0.247716
		{0, 10, 0, 0.277533},        // center = half = (z²/20)/(1 + z²/10) = 0.192073/1.384146 = 0.138766
		{10, 10, 0.722467, 1},
	}
	for _, c := range cases {
		iv, err := Wilson(c.k, c.n, Z95)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(iv.Low-c.low) > 2e-6 || math.Abs(iv.High-c.high) > 2e-6 {
			t.Errorf("Wilson(%d, %d) = %s (%.6f, %.6f), want (%.6f, %.6f)", c.k, c.n, iv, iv.Low, iv.High, c.low, c.high)
		}
		if p := float64(c.k) / float64(c.n); !iv.Contains(p) {
			t.Errorf("Wilson(%d, %d) = %s does not contain p̂ = %g", c.k, c.n, iv, p)
		}
	}
}

// For large n and p̂ away from 0 and 1 the Wilson interval approaches the
// normal approximation p̂ ± z√(p̂(1−p̂)/n): at 9900 of 10000 that is
// ±0.00195, the ≈ ±0.2 points a test accuracy of 99 % on MNIST carries.
func TestWilsonApproachesNormal(t *testing.T) {
	iv, err := Wilson(9900, 10000, Z95)
	if err != nil {
		t.Fatal(err)
	}
	normal := Z95 * math.Sqrt(0.99*0.01/10000)
	if math.Abs(iv.HalfWidth()-normal) > 0.02*normal {
		t.Errorf("half width %.6f, normal approximation %.6f", iv.HalfWidth(), normal)
	}
}

func TestWilsonErrors(t *testing.T) {
	for _, c := range []struct {
		k, n int
		z    float64
		want string
	}{
		{1, 0, Z95, "0 trials"},
		{-1, 10, Z95, "-1 successes in 10 trials"},
		{11, 10, Z95, "11 successes in 10 trials"},
		{5, 10, 0, "z=0"},
		{5, 10, math.NaN(), "z=NaN"},
	} {
		if _, err := Wilson(c.k, c.n, c.z); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Wilson(%d, %d, %v): error %v, want one containing %q", c.k, c.n, c.z, err, c.want)
		}
	}
}

// Hand computation: 1 discordant example for A, 6 for B, n = 7.
// (And 1 vs 5, n = 6: P(X ≤ 1) = 7/64, two-sided 0.21875.)
// P(X ≤ 1) = (C(7,0) + C(7,1))/2⁷ = 8/128 = 0.0625, two-sided 0.125.
// 0 vs 10: 2·(1/1024) = 0.001953125. Equal splits give p = 1.
func TestMcNemarByHand(t *testing.T) {
	yTrue := []int32{0, 1, 2, 0, 1, 2, 0, 1, 2, 0}
	predA := []int32{0, 1, 2, 1, 1, 1, 1, 1, 1, 1} // right on 0,1,2,4; wrong elsewhere
	predB := []int32{0, 0, 2, 0, 1, 2, 0, 1, 2, 0} // wrong on 1 only: A alone right on example 1
	r, err := McNemar(yTrue, predA, predB)
	if err != nil {
		t.Fatal(err)
	}
	// B alone right on examples 3, 5, 6, 8, 9; A alone right on example 1.
	if r.OnlyA != 1 || r.OnlyB != 5 {
		t.Errorf("discordant counts %d, %d; want 1 (A right, B wrong), 5", r.OnlyA, r.OnlyB)
	}
	if !near(r.PValue, 2*7.0/64) {
		t.Errorf("p = %v, want 2·(1 + 6)/2⁶ = 0.21875", r.PValue)
	}
	for _, c := range []struct {
		a, b int
		p    float64
	}{{1, 6, 0.125}, {6, 1, 0.125}, {0, 10, 0.001953125}, {0, 0, 1}, {3, 3, 1}, {4, 5, 1}} {
		r, err := McNemarFromCounts(c.a, c.b)
		if err != nil || !near(r.PValue, c.p) {
			t.Errorf("McNemarFromCounts(%d, %d) = %v, %v; want p = %v", c.a, c.b, r.PValue, err, c.p)
		}
	}
}

// With many discordant examples the exact test agrees with the chi-square
// form with continuity correction, (|b − c| − 1)²/(b + c) on 1 degree of
// freedom: 130 vs 170 gives χ² = 39²/300 = 5.07, p ≈ 0.0243.
func TestMcNemarLargeCounts(t *testing.T) {
	r, err := McNemarFromCounts(130, 170)
	if err != nil {
		t.Fatal(err)
	}
	chi2 := 39.0 * 39 / 300
	approx := math.Erfc(math.Sqrt(chi2 / 2))
	if math.Abs(r.PValue-approx) > 0.1*approx {
		t.Errorf("exact p %.5f, chi-square approximation %.5f", r.PValue, approx)
	}
	if big, err := McNemarFromCounts(5000, 5000); err != nil || math.IsNaN(big.PValue) || big.PValue != 1 {
		t.Errorf("McNemarFromCounts(5000, 5000) = %v, %v", big.PValue, err)
	}
}

func TestMcNemarErrors(t *testing.T) {
	if _, err := McNemar(nil, nil, nil); err == nil || !strings.Contains(err.Error(), "at least one example") {
		t.Errorf("empty: %v", err)
	}
	if _, err := McNemar([]int32{0, 1}, []int32{0}, []int32{0, 1}); err == nil || !strings.Contains(err.Error(), "predA 1") {
		t.Errorf("length mismatch: %v", err)
	}
	if _, err := McNemarFromCounts(-1, 2); err == nil || !strings.Contains(err.Error(), "non-negative") {
		t.Errorf("negative count: %v", err)
	}
}

func TestReportHasWeightedAndInterval(t *testing.T) {
	r, err := NewReport(exTrue, exPred, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Weighted.Recall, r.Accuracy) || !r.AccuracyCI95.Contains(r.Accuracy) {
		t.Errorf("weighted %+v, interval %s, accuracy %v", r.Weighted, r.AccuracyCI95, r.Accuracy)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"weighted_avg":{`, `"accuracy_ci95":{"low":0.39`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("JSON %s lacks %s", data, key)
		}
	}
}
