package datasets

import (
	"fmt"
	"math"
)

// Small, seeded, synthetic data sets for the math notebooks, as plain float64
// slices (X[i] is example i's features) and int labels, so that they feed
// hand-written gradient descent and plotting without any GoMLX types. The same
// arguments always give the same data.

// NoisyLinear returns n examples of a noisy linear relation: each X[i] has
// len(w) features drawn uniformly from [-1, 1], and
// y[i] = w·X[i] + b + noise·ε with ε drawn from a standard normal. Fitting it
// should recover w and b to within about noise/√n.
func NoisyLinear(n int, w []float64, b, noise float64, seed uint64) (X [][]float64, y []float64, err error) {
	if n <= 0 {
		return nil, nil, fmt.Errorf("NoisyLinear: n=%d examples, want > 0", n)
	}
	if len(w) == 0 {
		return nil, nil, fmt.Errorf("NoisyLinear: empty weight vector w, want at least one feature")
	}
	if !isFinite(b) || !isFinite(noise) || noise < 0 {
		return nil, nil, fmt.Errorf("NoisyLinear: b=%v, noise=%v: want finite values and noise ≥ 0", b, noise)
	}
	for j, wj := range w {
		if !isFinite(wj) {
			return nil, nil, fmt.Errorf("NoisyLinear: w[%d]=%v is not finite", j, wj)
		}
	}
	rng := newRand(seed, streamSynthetic)
	X = make([][]float64, n)
	y = make([]float64, n)
	for i := range X {
		X[i] = make([]float64, len(w))
		yi := b
		for j, wj := range w {
			X[i][j] = 2*rng.Float64() - 1
			yi += wj * X[i][j]
		}
		y[i] = yi + noise*rng.NormFloat64()
	}
	return X, y, nil
}

// Blobs returns n points in the plane in classes Gaussian clusters (standard
// deviation 1) whose centres sit evenly on a circle of radius 4: easy to
// separate with straight lines, with a little overlap. Example i has label
// i mod classes, so the classes are balanced.
func Blobs(n, classes int, seed uint64) (X [][]float64, y []int, err error) {
	if err := checkClassification("Blobs", n, classes, 0); err != nil {
		return nil, nil, err
	}
	const radius, spread = 4.0, 1.0
	rng := newRand(seed, streamSynthetic)
	X = make([][]float64, n)
	y = make([]int, n)
	for i := range X {
		k := i % classes
		angle := 2 * math.Pi * float64(k) / float64(classes)
		X[i] = []float64{
			radius*math.Cos(angle) + spread*rng.NormFloat64(),
			radius*math.Sin(angle) + spread*rng.NormFloat64(),
		}
		y[i] = k
	}
	return X, y, nil
}

// Spirals returns n points in the plane on classes interleaved spiral arms
// (the classic example a linear model cannot separate and a small MLP can).
// Along each arm the radius grows from 0 to 1 while the angle turns by 4
// radians; noise is the standard deviation of Gaussian noise added to the angle
// (0.2 gives the usual picture). Example i has label i mod classes.
func Spirals(n, classes int, noise float64, seed uint64) (X [][]float64, y []int, err error) {
	if err := checkClassification("Spirals", n, classes, noise); err != nil {
		return nil, nil, err
	}
	const turn = 4.0
	perClass := (n + classes - 1) / classes
	rng := newRand(seed, streamSynthetic)
	X = make([][]float64, n)
	y = make([]int, n)
	for i := range X {
		k, pos := i%classes, i/classes
		t := 0.0
		if perClass > 1 {
			t = float64(pos) / float64(perClass-1)
		}
		angle := 2*math.Pi*float64(k)/float64(classes) + turn*t + noise*rng.NormFloat64()
		X[i] = []float64{t * math.Cos(angle), t * math.Sin(angle)}
		y[i] = k
	}
	return X, y, nil
}

// checkClassification validates the common arguments of Blobs and Spirals.
func checkClassification(fn string, n, classes int, noise float64) error {
	if classes < 2 {
		return fmt.Errorf("%s: %d classes, want at least 2", fn, classes)
	}
	if n < classes {
		return fmt.Errorf("%s: n=%d points for %d classes, want at least one per class", fn, n, classes)
	}
	if !isFinite(noise) || noise < 0 {
		return fmt.Errorf("%s: noise=%v, want a finite value ≥ 0", fn, noise)
	}
	return nil
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
