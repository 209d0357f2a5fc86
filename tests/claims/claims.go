package claims

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// output and exit are variables so the package's own tests can observe a failing
// claim without ending the test binary. A nil output means os.Stdout as it is at
// the time of the claim (Example tests and GoNB both replace os.Stdout).
var (
	output io.Writer
	exit   = os.Exit
)

// AtLeast claims value >= threshold. It prints the claim line and, if the claim
// fails, ends the program with exit status 1.
func AtLeast(name string, value, threshold float64) {
	state(compare(name, value, OpAtLeast, threshold))
}

// AtMost claims value <= threshold; see [AtLeast].
func AtMost(name string, value, threshold float64) {
	state(compare(name, value, OpAtMost, threshold))
}

// Less claims value < threshold; see [AtLeast].
func Less(name string, value, threshold float64) {
	state(compare(name, value, OpLess, threshold))
}

// Greater claims value > threshold; see [AtLeast].
func Greater(name string, value, threshold float64) {
	state(compare(name, value, OpGreater, threshold))
}

// Equal claims |value - want| <= tol; see [AtLeast]. A negative or NaN tol fails.
func Equal(name string, value, want, tol float64) {
	state(equal(name, value, want, tol))
}

// True claims that cond holds; detail (may be empty) says what was checked or what
// went wrong, and is printed as the line's last field. See [AtLeast].
func True(name string, cond bool, detail string) {
	state(truth(name, cond, detail))
}

// CheckAtLeast is the non-exiting form of [AtLeast] for Go tests: it prints nothing
// and returns an error holding the FAIL line when the claim fails.
func CheckAtLeast(name string, value, threshold float64) error {
	return check(compare(name, value, OpAtLeast, threshold))
}

// CheckAtMost is the non-exiting form of [AtMost]; see [CheckAtLeast].
func CheckAtMost(name string, value, threshold float64) error {
	return check(compare(name, value, OpAtMost, threshold))
}

// CheckLess is the non-exiting form of [Less]; see [CheckAtLeast].
func CheckLess(name string, value, threshold float64) error {
	return check(compare(name, value, OpLess, threshold))
}

// CheckGreater is the non-exiting form of [Greater]; see [CheckAtLeast].
func CheckGreater(name string, value, threshold float64) error {
	return check(compare(name, value, OpGreater, threshold))
}

// CheckEqual is the non-exiting form of [Equal]; see [CheckAtLeast].
func CheckEqual(name string, value, want, tol float64) error {
	return check(equal(name, value, want, tol))
}

// CheckTrue is the non-exiting form of [True]; see [CheckAtLeast].
func CheckTrue(name string, cond bool, detail string) error {
	return check(truth(name, cond, detail))
}

// ErrFailed is wrapped by every error the Check* functions return.
var ErrFailed = errors.New("claim failed")

func compare(name string, value float64, op Op, threshold float64) Result {
	r := Result{Name: named(name), Value: value, Op: op, Threshold: threshold}
	r.Pass = r.Holds()
	return r
}

func equal(name string, value, want, tol float64) Result {
	r := Result{Name: named(name), Value: value, Op: OpEqual, Threshold: want, Tolerance: tol}
	r.Pass = r.Holds()
	return r
}

func truth(name string, cond bool, detail string) Result {
	return Result{Name: named(name), Value: boolFloat(cond), Op: OpTrue, Threshold: 1, Pass: cond, Detail: detail}
}

// named keeps the name field non-empty, so every line has something to report.
func named(name string) string {
	if clean(name) == "" {
		return "unnamed claim"
	}
	return name
}

func state(r Result) {
	// Ignoring a write error is deliberate: the exit status below still reports
	// a failed claim even if stdout is gone.
	w := output
	if w == nil {
		w = os.Stdout
	}
	_, _ = fmt.Fprintln(w, r.String())
	if !r.Pass {
		exit(1)
	}
}

func check(r Result) error {
	if r.Pass {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrFailed, r.String())
}
