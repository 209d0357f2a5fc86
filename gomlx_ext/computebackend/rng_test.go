package computebackend

import (
	"math"
	"strconv"
	"testing"

	dnblayers "github.com/deepnb/deepnb/gomlx_ext/layers"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// The adapter's random numbers: RNGBitGenerator (Philox, builder.go) is the source of weight
// initialisation and of Dropout's masks. Its stream differs from simplego's, so there is nothing
// to compare it with value by value; these tests check the distribution and the seeding instead.
//
// Statistical margins are zSigma standard errors: with fixed seeds the tests are deterministic,
// and a correct generator lands outside 5σ with probability ~6e-7 per check, so a failure means
// a broken stream (a constant, a repeated block, a wrong scale, lanes reused) rather than luck.
const (
	rngSamples = 100_000
	zSigma     = 5
)

// randomDraws runs steps executions of gen on the adapter with a context seeded with seed (the
// RNG state is a context variable, so each execution continues the stream) and returns the
// values of each as float64.
func randomDraws(t *testing.T, seed int64, steps int, gen func(ctx *context.Context, g *Graph) *Node) [][]float64 {
	t.Helper()
	ctx := context.New()
	ctx.SetParam(context.ParamInitialSeed, seed)
	exec, err := context.NewExec(testAdapter(t), ctx, gen)
	if err != nil {
		t.Fatalf("building the random graph: %v", err)
	}
	defer exec.Finalize()
	draws := make([][]float64, steps)
	for i := range draws {
		out, err := exec.Exec()
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		draws[i] = asFloat64(t, out[0])
	}
	return draws
}

func uniformGen(dtype dtypes.DType, n int) func(ctx *context.Context, g *Graph) *Node {
	return func(ctx *context.Context, g *Graph) *Node { return ctx.RandomUniform(g, shapes.Make(dtype, n)) }
}

// moments returns the mean, the (population) variance and the correlation of consecutive values.
func moments(v []float64) (mean, variance, lag1 float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	var cov float64
	for i, x := range v {
		d := x - mean
		variance += d * d
		if i > 0 {
			cov += d * (v[i-1] - mean)
		}
	}
	return mean, variance / float64(len(v)), cov / variance
}

// within fails t unless |got − want| ≤ zSigma·se.
func within(t *testing.T, what string, got, want, se float64) {
	t.Helper()
	if !(math.Abs(got-want) <= zSigma*se) {
		t.Errorf("%s = %.6g, want %.6g ± %.3g (%d standard errors of %.3g)", what, got, want, zSigma*se, zSigma, se)
	}
}

// TestRandomUniformDistribution: U[0, 1) has mean 1/2, variance 1/12 (standard errors
// √(1/12n) and √((1/80 − 1/144)/n), the latter from the fourth central moment 1/80), equal
// counts in ten bins (binomial standard error √(n·0.1·0.9)) and no correlation between
// neighbours (standard error 1/√n).
func TestRandomUniformDistribution(t *testing.T) {
	const n = rngSamples
	for _, dtype := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
		t.Run(dtype.String(), func(t *testing.T) {
			v := randomDraws(t, 42, 1, uniformGen(dtype, n))[0]
			var bins [10]int
			for i, x := range v {
				if !(x >= 0 && x < 1) {
					t.Fatalf("value %d = %g, outside [0, 1)", i, x)
				}
				bins[int(x*10)]++
			}
			mean, variance, lag1 := moments(v)
			within(t, "mean", mean, 0.5, math.Sqrt(1.0/12/n))
			within(t, "variance", variance, 1.0/12, math.Sqrt((1.0/80-1.0/144)/n))
			within(t, "lag-1 correlation", lag1, 0, 1/math.Sqrt(n))
			for i, c := range bins {
				within(t, "count in bin "+strconv.Itoa(i), float64(c), n/10, math.Sqrt(n*0.1*0.9))
			}
		})
	}
}

// TestRandomNormalDistribution: GoMLX's RandomNormal (Box-Muller on two uniform draws) has mean 0
// and variance 1 (standard errors 1/√n and √(2/n)).
func TestRandomNormalDistribution(t *testing.T) {
	const n = rngSamples
	v := randomDraws(t, 42, 1, func(ctx *context.Context, g *Graph) *Node {
		return ctx.RandomNormal(g, shapes.Make(dtypes.Float32, n))
	})[0]
	mean, variance, lag1 := moments(v)
	within(t, "mean", mean, 0, 1/math.Sqrt(n))
	within(t, "variance", variance, 1, math.Sqrt(2.0/n))
	within(t, "lag-1 correlation", lag1, 0, 1/math.Sqrt(n))
}

// fractionEqual returns the fraction of positions where a and b hold the same value.
func fractionEqual(a, b []float64) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// TestRandomSeeding: a seed gives the same stream on every run (ParamInitialSeed makes training
// reproducible), another seed another stream, and each execution of a graph moves the stream on
// (else every training step would drop the same units).
func TestRandomSeeding(t *testing.T) {
	const n = 10_000
	// Two float32 uniforms agree by chance with probability ~2^-24 per element.
	const chance = 0.01
	first := randomDraws(t, 7, 2, uniformGen(dtypes.Float32, n))
	again := randomDraws(t, 7, 2, uniformGen(dtypes.Float32, n))
	other := randomDraws(t, 8, 1, uniformGen(dtypes.Float32, n))
	for step := range first {
		if f := fractionEqual(first[step], again[step]); f != 1 {
			t.Errorf("seed 7, step %d: two runs agree on %.4f of the values, want all", step, f)
		}
	}
	if f := fractionEqual(first[0], other[0]); f > chance {
		t.Errorf("seeds 7 and 8 agree on %.4f of the values: the seed does not reach the stream", f)
	}
	if f := fractionEqual(first[0], first[1]); f > chance {
		t.Errorf("two executions with one context agree on %.4f of the values: the RNG state does not advance", f)
	}
}

// TestDropoutOnAdapter: DeepNB's Dropout in training mode keeps a fraction 1 − p of the units
// (binomial standard error √(p(1−p)/n)), scales the kept ones by exactly 1/(1−p) and zeroes the
// rest, and draws a new mask at every step.
func TestDropoutOnAdapter(t *testing.T) {
	const n, p = rngSamples, 0.3
	masks := randomDraws(t, 11, 2, func(ctx *context.Context, g *Graph) *Node {
		ctx.SetTraining(g, true)
		return dnblayers.Dropout(ctx, Ones(g, shapes.Make(dtypes.Float32, n/10, 10)), p)
	})
	scale := float64(float32(1) / float32(1-p)) // the layer computes 1/(1−p) in the input's float32
	for step, m := range masks {
		kept := 0
		for i, v := range m {
			switch {
			case v == 0:
			case math.Abs(v-scale) <= 1e-6*scale:
				kept++
			default:
				t.Fatalf("step %d, element %d = %g: want 0 or 1/(1−p) = %g", step, i, v, scale)
			}
		}
		within(t, "kept fraction", float64(kept)/n, 1-p, math.Sqrt(p*(1-p)/n))
	}
	// Two independent masks agree where both keep or both drop: p² + (1−p)² of the units.
	agree := fractionEqual(masks[0], masks[1])
	within(t, "fraction of units with the same fate in two steps", agree, p*p+(1-p)*(1-p), math.Sqrt(0.58*0.42/n))
}
