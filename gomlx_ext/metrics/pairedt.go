package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// TTest is a paired comparison of two recipes over the same seeds: the per-seed differences
// dᵢ = aᵢ − bᵢ, their mean and standard deviation, and Student's t interval for the mean
// difference.
type TTest struct {
	// N is the number of pairs; DF = N − 1 the degrees of freedom.
	N, DF int
	// Mean and SD are the mean and the sample standard deviation (divisor N − 1) of the differences.
	Mean, SD float64
	// Level is the confidence level of [Low, High], e.g. 0.95.
	Level float64
	// Low and High bound the two-sided interval Mean ± t·SD/√N, t the (1+Level)/2 quantile of
	// Student's t with DF degrees of freedom.
	Low, High float64
	// T is Mean/(SD/√N); PValue its two-sided p-value under "the mean difference is 0".
	T, PValue float64
}

// String formats the test as "+0.0065 [+0.0021, +0.0109] (t = 4.12, 4 df, p = 0.015)".
func (t TTest) String() string {
	return fmt.Sprintf("%+.4f [%+.4f, %+.4f] (t = %.2f, %d df, p = %.3g)", t.Mean, t.Low, t.High, t.T, t.DF, t.PValue)
}

// PairedTTest compares a and b pair by pair (aᵢ and bᵢ measured with the same seed: the same
// initial weights and batch order), at the confidence level given (0.95 for 95 %). Pairing
// removes what the two runs of a seed share from the noise; the test still treats the seeds'
// differences as independent draws from a normal distribution, which with a handful of seeds
// cannot be checked, and its interval is wide: with 5 seeds, t = 2.78 standard errors.
//
// The pairs may be test images instead of seeds (aᵢ, bᵢ: the share of a recipe's runs that get
// image i right): with thousands of images the t interval is the normal one, and it measures the
// test set's sampling noise for those runs. Each image must be one pair: pooling several seeds'
// predictions on the same images as separate pairs counts each image several times, and the
// interval comes out too narrow.
//
// Introduced in notebooks/11_fashion_regularization.ipynb.
func PairedTTest(a, b []float64, level float64) (TTest, error) {
	if len(a) != len(b) {
		return TTest{}, fmt.Errorf("metrics: paired t-test of %d values against %d", len(a), len(b))
	}
	if len(a) < 2 {
		return TTest{}, fmt.Errorf("metrics: paired t-test needs at least 2 pairs, got %d", len(a))
	}
	if !(level > 0 && level < 1) {
		return TTest{}, fmt.Errorf("metrics: paired t-test at level %v, want 0 < level < 1", level)
	}
	n := len(a)
	d := make([]float64, n)
	mean := 0.0
	for i := range a {
		d[i] = a[i] - b[i]
		if math.IsNaN(d[i]) || math.IsInf(d[i], 0) {
			return TTest{}, fmt.Errorf("metrics: paired t-test: pair %d is (%v, %v), want finite values", i, a[i], b[i])
		}
		mean += d[i] / float64(n)
	}
	ss := 0.0
	for _, v := range d {
		ss += (v - mean) * (v - mean)
	}
	r := TTest{N: n, DF: n - 1, Mean: mean, SD: math.Sqrt(ss / float64(n-1)), Level: level}
	q, err := StudentTQuantile((1+level)/2, r.DF)
	if err != nil {
		return TTest{}, err
	}
	se := r.SD / math.Sqrt(float64(n))
	r.Low, r.High = mean-q*se, mean+q*se
	switch {
	case se > 0:
		r.T = mean / se
		r.PValue = 2 * (1 - StudentTCDF(math.Abs(r.T), r.DF))
	case mean == 0: // every difference 0: no evidence either way
		r.T, r.PValue = 0, 1
	default: // every difference the same non-zero value
		r.T, r.PValue = math.Copysign(math.Inf(1), mean), 0
	}
	return r, nil
}

// StudentTCDF is P(T ≤ t) for Student's t with df ≥ 1 degrees of freedom (gonum's
// distuv.StudentsT, through the regularised incomplete beta function). It returns NaN for df < 1
// or a NaN t.
//
// Introduced in notebooks/11_fashion_regularization.ipynb.
func StudentTCDF(t float64, df int) float64 {
	if df < 1 || math.IsNaN(t) {
		return math.NaN()
	}
	return studentT(df).CDF(t)
}

// StudentTQuantile is the t with StudentTCDF(t, df) = p, for 0 < p < 1 and df ≥ 1.
//
// Introduced in notebooks/11_fashion_regularization.ipynb.
func StudentTQuantile(p float64, df int) (float64, error) {
	if !(p > 0 && p < 1) || df < 1 {
		return 0, fmt.Errorf("metrics: Student t quantile at p = %v with %d degrees of freedom, want 0 < p < 1 and df ≥ 1", p, df)
	}
	return studentT(df).Quantile(p), nil
}

// studentT is the standard Student's t distribution with df degrees of freedom.
func studentT(df int) distuv.StudentsT {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
}
