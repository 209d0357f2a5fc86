// Package nbscan reads an executed notebook (nbformat 4) and reports, per cell, every sign of
// failure that Jupyter itself does not treat as one: error outputs, "exit status N" on stderr,
// unknown magics, Go panics, and failing, malformed or self-contradicting claim lines (package
// github.com/deepnb/deepnb/tests/claims). It also writes and merges build/executed/claims.json.
//
// It runs nothing. The notebook harness (package tests) scans each run with it, and
// cmd/reproduce (through internal/results) re-reads the executed copies with it, so that the
// harness and the reproduction table cannot disagree about what a notebook printed.
package nbscan
