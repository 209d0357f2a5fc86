package metrics

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestStudentTQuantileTable checks the quantiles against printed tables of Student's t (two-sided
// 95 % and 99 % points), and the limit df → ∞ against the normal quantile (t₀.₉₇₅ with 2000 df is 1.9612).
func TestStudentTQuantileTable(t *testing.T) {
	for _, tt := range []struct {
		p    float64
		df   int
		want float64
	}{
		{0.975, 1, 12.706}, {0.975, 2, 4.303}, {0.975, 3, 3.182}, {0.975, 4, 2.776},
		{0.975, 5, 2.571}, {0.975, 10, 2.228}, {0.975, 30, 2.042},
		{0.995, 2, 9.925}, {0.995, 4, 4.604}, {0.95, 4, 2.132}, {0.025, 4, -2.776},
	} {
		got, err := StudentTQuantile(tt.p, tt.df)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-tt.want) > 0.0006 {
			t.Errorf("StudentTQuantile(%g, %d) = %.4f, want %.3f", tt.p, tt.df, got, tt.want)
		}
	}
	if got, _ := StudentTQuantile(0.975, 2000); math.Abs(got-1.96115) > 1e-4 || got <= Z95 {
		t.Errorf("df = 2000: %.5f, want about the normal %.5f", got, Z95)
	}
}

// TestStudentTCDFMonteCarlo compares the CDF with t statistics of simulated normal samples
// (T = mean/(sd/√n) with n = df + 1).
func TestStudentTCDFMonteCarlo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const draws = 200_000
	for _, df := range []int{1, 2, 3, 4, 7} {
		n := df + 1
		below := 0
		for range draws {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = rng.NormFloat64()
			}
			r, err := PairedTTest(xs, make([]float64, n), 0.95)
			if err != nil {
				t.Fatal(err)
			}
			if r.T <= 1.5 {
				below++
			}
		}
		got, want := float64(below)/draws, StudentTCDF(1.5, df)
		if math.Abs(got-want) > 4*math.Sqrt(want*(1-want)/draws) {
			t.Errorf("df %d: simulated P(T ≤ 1.5) = %.4f, CDF %.4f", df, got, want)
		}
	}
}

func TestPairedTTest(t *testing.T) {
	// Differences 1, 2, 3: mean 2, sd 1, se 1/√3, t = 2√3, interval 2 ± 4.303/√3.
	r, err := PairedTTest([]float64{11, 12, 13}, []float64{10, 10, 10}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 3 || r.DF != 2 || math.Abs(r.Mean-2) > 1e-12 || math.Abs(r.SD-1) > 1e-12 || math.Abs(r.T-2*math.Sqrt(3)) > 1e-9 {
		t.Errorf("got %+v", r)
	}
	if math.Abs(r.Low-(2-4.3027/math.Sqrt(3))) > 1e-3 || math.Abs(r.High-(2+4.3027/math.Sqrt(3))) > 1e-3 {
		t.Errorf("interval [%g, %g]", r.Low, r.High)
	}
	// Two-sided p of t = 2√3 with 2 df: 1 − t/√(t²+2) for df = 2.
	if want := 1 - r.T/math.Sqrt(r.T*r.T+2); math.Abs(r.PValue-want) > 1e-9 {
		t.Errorf("p = %g, want %g", r.PValue, want)
	}
	if !strings.Contains(r.String(), "2 df") {
		t.Errorf("String() = %q", r.String())
	}
	same, _ := PairedTTest([]float64{1, 2}, []float64{1, 2}, 0.95)
	if same.PValue != 1 || same.T != 0 {
		t.Errorf("identical values: %+v", same)
	}
	shift, _ := PairedTTest([]float64{2, 3}, []float64{1, 2}, 0.95)
	if shift.PValue != 0 || !math.IsInf(shift.T, 1) {
		t.Errorf("constant difference: %+v", shift)
	}
	for _, bad := range []struct {
		a, b  []float64
		level float64
		want  string
	}{
		{[]float64{1}, []float64{1}, 0.95, "at least 2"},
		{[]float64{1, 2}, []float64{1}, 0.95, "2 values against 1"},
		{[]float64{1, math.NaN()}, []float64{1, 2}, 0.95, "pair 1"},
		{[]float64{1, 2}, []float64{1, 2}, 1, "level"},
	} {
		if _, err := PairedTTest(bad.a, bad.b, bad.level); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("PairedTTest(%v, %v, %v): error %v, want %q", bad.a, bad.b, bad.level, err, bad.want)
		}
	}
}
