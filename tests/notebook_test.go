package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbscan"
)

// TestNotebooks executes every notebooks/*.ipynb, in name order and one at a time
// (training notebooks need both cores), as subtests named after the file:
//
//	go test -count=1 -timeout 60m -run 'TestNotebooks/01_' ./tests
//
// Executed copies, per-notebook logs and claims.json go to build/executed.
func TestNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("executes every notebook; skipped with -short")
	}
	root, r := newTestRunner(t, filepath.Join("build", "executed"))
	notebooks, err := filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if len(notebooks) == 0 {
		t.Fatalf("no notebooks in %s", filepath.Join(root, "notebooks"))
	}
	// Glob returns names in lexical order already.
	deadline, hasDeadline := t.Deadline()
	var ran []string
	var records []nbscan.ClaimRecord
	for _, nb := range notebooks {
		name := strings.TrimSuffix(filepath.Base(nb), ".ipynb")
		t.Run(name, func(t *testing.T) {
			rr := r
			if hasDeadline {
				// Past go test's -timeout the binary dies without cleaning up:
				// stop this run first, leaving time to kill and report.
				left := time.Until(deadline) - 30*time.Second
				if left < time.Minute {
					t.Fatalf("not run: only %v left before go test's -timeout; use -timeout 60m (make test-notebooks)", time.Until(deadline).Round(time.Second))
				}
				if left < rr.Timeout {
					t.Logf("timeout lowered from %v to %v to fit go test's -timeout", rr.Timeout, left.Round(time.Second))
					rr.Timeout = left
				}
			}
			o, err := rr.Run(nb)
			if err != nil {
				dieIfInterrupted(err)
				t.Fatal(err)
			}
			ran = append(ran, name)
			records = append(records, nbscan.ClaimRecords(name, o.Report.Claims)...)
			t.Logf("%s: %.1fs, %d/%d code cells run, %d claims; log %s", name, o.Wall.Seconds(),
				o.Report.ExecutedCells, o.Report.CodeCells, len(o.Report.Claims), o.Log)
			for _, f := range o.Failures() {
				t.Error(f)
			}
		})
	}
	if len(ran) == 0 {
		return
	}
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(root, "notebooks", name+".ipynb"))
		return err == nil
	}
	path := filepath.Join(r.OutDir, "claims.json")
	if err := nbscan.MergeClaimsFile(path, ran, records, exists); err != nil {
		t.Error(err)
	} else {
		t.Logf("claims: %s (%d from this run)", path, len(records))
	}
}
