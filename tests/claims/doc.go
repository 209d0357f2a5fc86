// Package claims lets a notebook state a checkable result — "test accuracy ≥ 0.98" —
// so that the reader and the notebook test harness (package tests) see the same
// verdict.
//
// Every notebook in notebooks/ ends its experiments with claims, e.g.
//
//	claims.AtLeast("test accuracy", acc, 0.98)
//
// Each claim prints exactly one line to standard output:
//
//	CLAIM <PASS|FAIL> | <name> | <value> | <op> | <threshold>[ | <detail>]
//
// for example
//
//	CLAIM PASS | test accuracy | 0.9853 | >= | 0.98
//	CLAIM FAIL | train loss | 0.41 | <= | 0.3
//	CLAIM PASS | final loss | 0.1234 | ~= | 0.1235 +/- 0.001
//	CLAIM FAIL | weights are finite | false | is | true | NaN in layer conv1
//
// Values are printed with full float64 precision (strconv 'g', -1), so a reader of
// the line can re-check the verdict exactly; [ParseLine] reads the same format and
// the harness uses it to re-check every PASS/FAIL it finds. Fields are separated by
// " | "; a "|" or a line break inside a name or detail is replaced by "/" or a space.
//
// When a claim fails, the exiting functions ([AtLeast], [AtMost], [Less],
// [Greater], [Equal], [True]) print the FAIL line and end the program with
// os.Exit(1): in a GoNB cell that marks the cell as failed, so the notebook stops
// being "green" in Jupyter as well as in the harness. Go tests use the Check*
// variants, which return an error instead and print nothing.
//
// Used by every notebook in notebooks/. A notebook imports it as
// github.com/deepnb/deepnb/tests/claims after its first cell has pointed GoNB at
// this repository (and pinned every dependency to the project's go.mod):
//
//	!*go mod edit -require=github.com/deepnb/deepnb@v0.0.0 -replace=github.com/deepnb/deepnb=${GONB_DIR}/..
package claims
