// Package tests runs DeepNB's notebooks headless and fails loudly when one of them
// is broken. It is not used by the notebooks; it is the harness behind
// `make test` and `make test-notebooks`.
//
// The runner itself is internal/nbexec (shared with `make run`); this package holds the tests
// that drive it: every notebook in notebooks/ (TestNotebooks/NAME), the end-to-end self-test on
// tests/testdata, which checks that every broken notebook there is flagged, the lab, completion and
// browser tests against `make lab`, and the checks that notebook sources, doc comments and import
// directions stay consistent.
//
// Tests: `go test -short ./tests/...` runs only the fast unit tests (no Jupyter);
// without -short it also runs the end-to-end self-test on tests/testdata and every
// notebook in notebooks/ (subtests TestNotebooks/NAME).
package tests
