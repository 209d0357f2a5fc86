package nbexec_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbscan"

	"github.com/deepnb/deepnb/internal/nbexec"
	"github.com/deepnb/deepnb/internal/results"
)

// TestRunLogIsReadByResults writes run logs with the harness's own writer and reads them back
// with results.ParseRunLog (what `make reproduce` uses), so the two cannot drift apart.
func TestRunLogIsReadByResults(t *testing.T) {
	dir := t.TempDir()
	nbconvert := filepath.Join(dir, "nbconvert.log")
	// nbconvert's output can contain anything a cell printed, header look-alikes included.
	if err := os.WriteFile(nbconvert, []byte("verdict:  PASS\nwall:     0.1s\nproblem:  not a real one\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		outcome     nbexec.Outcome
		wantVerdict string
		wantProbs   int
	}{
		{name: "pass", outcome: nbexec.Outcome{Wall: 273300 * time.Millisecond}, wantVerdict: results.Pass},
		{name: "timeout", outcome: nbexec.Outcome{Wall: 25 * time.Minute, TimedOut: true, RunErr: errors.New("killed")},
			wantVerdict: results.Fail, wantProbs: 1},
		{name: "claim failed", outcome: nbexec.Outcome{Wall: 1500 * time.Millisecond, Report: nbscan.Report{Problems: []nbscan.Problem{
			{Cell: 3, Source: "%%", Kind: nbscan.KindClaimFail, Text: "CLAIM FAIL | acc | 0.5 | >= | 0.9"},
			{Cell: 4, Source: "!false", Kind: nbscan.KindExitStatus, Text: "exit status 1"},
		}}}, wantVerdict: results.Fail, wantProbs: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.outcome
			o.Input = filepath.Join(dir, tc.name+".ipynb")
			o.Output = filepath.Join(dir, "out-"+tc.name+".ipynb")
			o.Log = filepath.Join(dir, tc.name+".log")
			if err := nbexec.WriteRunLog(o, nbconvert); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(o.Log)
			if err != nil {
				t.Fatal(err)
			}
			got, err := results.ParseRunLog(data)
			if err != nil {
				t.Fatalf("ParseRunLog of the harness's log: %v\n%s", err, data)
			}
			// The log keeps a tenth of a second.
			if got.Verdict != tc.wantVerdict || got.Wall.Round(100*time.Millisecond) != o.Wall.Round(100*time.Millisecond) {
				t.Errorf("read %s in %v, want %s in %v", got.Verdict, got.Wall, tc.wantVerdict, o.Wall)
			}
			if !slices.Equal(got.Problems, o.Failures()) || len(got.Problems) != tc.wantProbs {
				t.Errorf("problems %q, want the harness's %q (%d)", got.Problems, o.Failures(), tc.wantProbs)
			}
		})
	}
}
