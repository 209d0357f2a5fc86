package fromscratch

import (
	"fmt"
	"math"
)

// The input checks of this package, in one place: every exported function checks its inputs
// with these and returns an error naming the argument, never a panic or a silently wrong
// number. The GoMLX twins (package gomlx_ext/ingraph) check plain inputs with the exported ones.

// CheckMatrix reports a matrix that is empty, ragged or holds NaN or ±Inf, naming it what.
func CheckMatrix(what string, m [][]float64) error {
	if len(m) == 0 || len(m[0]) == 0 {
		return fmt.Errorf("%s is empty", what)
	}
	for i, row := range m {
		if len(row) != len(m[0]) {
			return fmt.Errorf("%s row %d has %d columns, row 0 has %d", what, i, len(row), len(m[0]))
		}
		for j, v := range row {
			if !isFinite(v) {
				return fmt.Errorf("%s[%d][%d] = %v, want a finite value", what, i, j, v)
			}
		}
	}
	return nil
}

// CheckVector reports a vector that does not have size values or holds NaN or ±Inf, naming it
// what.
func CheckVector(what string, v []float64, size int) error {
	if len(v) != size {
		return fmt.Errorf("%s has %d values, want %d", what, len(v), size)
	}
	return checkFinite(what, v)
}

// checkFinite reports the first NaN or ±Inf in values, naming it what.
func checkFinite(what string, values []float64) error {
	for i, x := range values {
		if !isFinite(x) {
			return fmt.Errorf("%s[%d] = %v, want a finite value", what, i, x)
		}
	}
	return nil
}

func checkMatrix(what string, m [][]float64) error { return CheckMatrix(what, m) }

func checkVector(what string, v []float64, size int) error { return CheckVector(what, v, size) }

// sameDims checks two valid matrices of equal shape.
func sameDims(nameA string, a [][]float64, nameB string, b [][]float64) error {
	if err := checkMatrix(nameA, a); err != nil {
		return err
	}
	if err := checkMatrix(nameB, b); err != nil {
		return err
	}
	if len(a) != len(b) || len(a[0]) != len(b[0]) {
		return fmt.Errorf("%s is [%d %d] but %s is [%d %d]", nameA, len(a), len(a[0]), nameB, len(b), len(b[0]))
	}
	return nil
}

// checkBatch checks a batch for a loss: non-empty, as many rows in x as in y, and row i of x
// has as many classes as row i of y and as row 0. Values are not checked: Inf and NaN losses
// are what the naive losses are there to show.
func checkBatch(fn, name string, x, y [][]float64) error {
	if len(x) != len(y) {
		return fmt.Errorf("%s: %s has %d examples, y has %d", fn, name, len(x), len(y))
	}
	if len(x) == 0 {
		return fmt.Errorf("%s: empty batch", fn)
	}
	classes := len(x[0])
	if classes == 0 {
		return fmt.Errorf("%s: %s[0] has no classes", fn, name)
	}
	for i := range x {
		if len(x[i]) != classes || len(y[i]) != classes {
			return fmt.Errorf("%s: example %d has %d values in %s and %d in y, want %d",
				fn, i, len(x[i]), name, len(y[i]), classes)
		}
	}
	return nil
}

// checkLabel reports a class label outside 0..classes−1.
func checkLabel(example, label, classes int) error {
	if label < 0 || label >= classes {
		return fmt.Errorf("example %d has label %d, want 0..%d", example, label, classes-1)
	}
	return nil
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
