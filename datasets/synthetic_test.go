package datasets

import (
	"math"
	"reflect"
	"testing"
)

// Least squares on NoisyLinear's data recovers w and b: the data carry the
// relation they claim to.
func TestNoisyLinearRecoversWeights(t *testing.T) {
	w, b := []float64{2, -3}, 0.5
	X, y, err := NoisyLinear(2000, w, b, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Normal equations for [w0 w1 b] with features (x0, x1, 1).
	var a [3][4]float64
	for i, x := range X {
		row := [3]float64{x[0], x[1], 1}
		for r := range 3 {
			for c := range 3 {
				a[r][c] += row[r] * row[c]
			}
			a[r][3] += row[r] * y[i]
		}
	}
	sol := solve3(a)
	for j, want := range []float64{2, -3, 0.5} {
		if math.Abs(sol[j]-want) > 0.02 {
			t.Errorf("fitted parameter %d = %v, want %v ± 0.02", j, sol[j], want)
		}
	}
	for _, x := range X {
		for _, v := range x {
			if v < -1 || v > 1 {
				t.Fatalf("feature %v outside [-1, 1]", v)
			}
		}
	}
}

// solve3 solves a 3×3 system given as an augmented matrix (Gaussian
// elimination; the test's systems are well conditioned).
func solve3(a [3][4]float64) [3]float64 {
	for p := range 3 {
		for r := p + 1; r < 3; r++ {
			f := a[r][p] / a[p][p]
			for c := p; c < 4; c++ {
				a[r][c] -= f * a[p][c]
			}
		}
	}
	var x [3]float64
	for r := 2; r >= 0; r-- {
		s := a[r][3]
		for c := r + 1; c < 3; c++ {
			s -= a[r][c] * x[c]
		}
		x[r] = s / a[r][r]
	}
	return x
}

func TestSyntheticDeterministic(t *testing.T) {
	gens := map[string]func(seed uint64) any{
		"NoisyLinear": func(s uint64) any { X, y, _ := NoisyLinear(50, []float64{1, 2}, 0, 0.3, s); return [2]any{X, y} },
		"Blobs":       func(s uint64) any { X, y, _ := Blobs(50, 3, s); return [2]any{X, y} },
		"Spirals":     func(s uint64) any { X, y, _ := Spirals(50, 3, 0.2, s); return [2]any{X, y} },
	}
	for name, gen := range gens {
		if !reflect.DeepEqual(gen(1), gen(1)) {
			t.Errorf("%s: same seed, different data", name)
		}
		if reflect.DeepEqual(gen(1), gen(2)) {
			t.Errorf("%s: seeds 1 and 2 gave the same data", name)
		}
	}
}

func TestBlobsAndSpirals(t *testing.T) {
	X, y, err := Blobs(300, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	// Each class's mean lies near its centre, 4 units from the origin, and
	// classes are balanced.
	var sum [3][2]float64
	var count [3]int
	for i, p := range X {
		sum[y[i]][0] += p[0]
		sum[y[i]][1] += p[1]
		count[y[i]]++
	}
	for k := range 3 {
		if count[k] != 100 {
			t.Errorf("class %d has %d points, want 100", k, count[k])
		}
		mx, my := sum[k][0]/100, sum[k][1]/100
		angle := 2 * math.Pi * float64(k) / 3
		if d := math.Hypot(mx-4*math.Cos(angle), my-4*math.Sin(angle)); d > 0.4 {
			t.Errorf("class %d mean (%.2f, %.2f) is %.2f from its centre", k, mx, my, d)
		}
	}

	X, y, err = Spirals(200, 2, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Without noise the two arms are point reflections of each other, and
	// radii run from 0 to 1.
	for i := 0; i < 200; i += 2 {
		a, b := X[i], X[i+1]
		if y[i] != 0 || y[i+1] != 1 || math.Abs(a[0]+b[0]) > 1e-12 || math.Abs(a[1]+b[1]) > 1e-12 {
			t.Fatalf("points %d and %d: %v (%d) and %v (%d) are not mirror images", i, i+1, a, y[i], b, y[i+1])
		}
	}
	if r := math.Hypot(X[198][0], X[198][1]); math.Abs(r-1) > 1e-12 {
		t.Errorf("outermost radius %v, want 1", r)
	}
}

func TestSyntheticErrors(t *testing.T) {
	check := func(name string, err error, want string) {
		t.Helper()
		t.Run(name, func(t *testing.T) { wantErrContains(t, err, want) })
	}
	_, _, err := NoisyLinear(0, []float64{1}, 0, 0, 1)
	check("linear n=0", err, "n=0")
	_, _, err = NoisyLinear(5, nil, 0, 0, 1)
	check("linear no w", err, "empty weight vector")
	_, _, err = NoisyLinear(5, []float64{math.NaN()}, 0, 0, 1)
	check("linear NaN w", err, "w[0]=NaN")
	_, _, err = NoisyLinear(5, []float64{1}, 0, -1, 1)
	check("linear negative noise", err, "noise=-1")
	_, _, err = Blobs(10, 1, 1)
	check("blobs one class", err, "1 classes, want at least 2")
	_, _, err = Blobs(2, 3, 1)
	check("blobs too few", err, "n=2 points for 3 classes")
	_, _, err = Spirals(10, 2, math.Inf(1), 1)
	check("spirals inf noise", err, "noise=+Inf")
}
