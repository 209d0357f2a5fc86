package claims_test

import (
	"fmt"

	"github.com/deepnb/deepnb/tests/claims"
)

// In a notebook cell: prints the line and, if the claim failed, exits with status 1.
func ExampleAtLeast() {
	testAccuracy := 0.9853
	claims.AtLeast("test accuracy", testAccuracy, 0.98)
	// Output: CLAIM PASS | test accuracy | 0.9853 | >= | 0.98
}

func ExampleEqual() {
	claims.Equal("gradient vs finite differences", 0.50004, 0.5, 1e-3)
	// Output: CLAIM PASS | gradient vs finite differences | 0.50004 | ~= | 0.5 +/- 0.001
}

// In a Go test: no output, an error on failure.
func ExampleCheckAtMost() {
	err := claims.CheckAtMost("train loss", 0.41, 0.3)
	fmt.Println(err)
	// Output: claim failed: CLAIM FAIL | train loss | 0.41 | <= | 0.3
}

// The harness reads the lines back with ParseLine and re-checks the verdict.
func ExampleParseLine() {
	r, ok, err := claims.ParseLine("CLAIM PASS | test accuracy | 0.9853 | >= | 0.98")
	fmt.Println(ok, err, r.Name, r.Value, r.Op, r.Threshold, r.Pass, r.Holds())
	// Output: true <nil> test accuracy 0.9853 >= 0.98 true true
}
