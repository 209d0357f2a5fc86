package tests

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbexec"
	"github.com/deepnb/deepnb/internal/nbscan"
)

// TestHarnessSelfTest runs the tiny notebooks in testdata/ through the real
// Jupyter + GoNB set-up and checks that the harness passes the good one and
// flags every bad one: the proof that a broken notebook cannot pass silently.
func TestHarnessSelfTest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Jupyter; skipped with -short")
	}
	root, r := newTestRunner(t, filepath.Join("build", "executed", "selftest"))
	tests := []struct {
		notebook   string
		timeout    time.Duration
		want       nbscan.Kind // "" means: must pass
		wantClaims int
		leftovers  []string // extra command-line patterns that must be gone
		wantText   string   // a failure must contain this too
	}{
		// ok runs first and warms the build cache for the others.
		{notebook: "ok", wantClaims: 1},
		{notebook: "fail_shell", want: nbscan.KindExitStatus},
		{notebook: "unknown_magic", want: nbscan.KindUnknownMagic},
		{notebook: "panic", want: nbscan.KindPanic},
		{notebook: "claim_fail", want: nbscan.KindClaimFail, wantClaims: 1},
		{notebook: "timeout", timeout: 20 * time.Second, want: nbscan.KindTimeout, leftovers: []string{"deepnb-selftest-sleeper"}},
		// Knob cells that end right after their bounded wait must not kill the kernel.
		{notebook: "knobs_headless"},
		{notebook: "kernel_death", want: nbscan.KindKernelDied,
			wantText: `kernel_death.ipynb: cell 2 ("import ("): kernel died: the kernel was killed by SIGKILL`},
	}
	for _, tc := range tests {
		t.Run(tc.notebook, func(t *testing.T) {
			rr := r
			rr.Timeout, rr.CellTimeout = 5*time.Minute, 0 // generous: a cold CI build cache
			if tc.timeout > 0 {
				rr.Timeout = tc.timeout
			}
			// Watch for the extra processes while the notebook runs: checking
			// that they are gone afterwards proves nothing unless they existed.
			seen := make(chan bool, 1)
			stop := make(chan struct{})
			go watchFor(tc.leftovers, stop, seen)
			o, err := rr.Run(filepath.Join(root, "tests", "testdata", tc.notebook+".ipynb"))
			close(stop)
			if !<-seen {
				t.Errorf("processes %q never appeared during the run", tc.leftovers)
			}
			if err != nil {
				dieIfInterrupted(err)
				t.Fatal(err)
			}
			failures := o.Failures()
			t.Logf("%s: %.1fs; harness says: %q", tc.notebook, o.Wall.Seconds(), failures)
			if tc.want == "" {
				for _, f := range failures {
					t.Errorf("clean notebook flagged: %s", f)
				}
				if o.Report.CodeCells == 0 || o.Report.ExecutedCells != o.Report.CodeCells {
					t.Errorf("executed %d of %d code cells", o.Report.ExecutedCells, o.Report.CodeCells)
				}
			} else if !anyContains(failures, string(tc.want)) {
				t.Errorf("harness did not flag %q; failures: %q", tc.want, failures)
			}
			if tc.wantText != "" && !anyContains(failures, tc.wantText) {
				t.Errorf("no failure says %q: %q", tc.wantText, failures)
			}
			if len(o.Report.Claims) != tc.wantClaims {
				t.Errorf("%d claims collected, want %d", len(o.Report.Claims), tc.wantClaims)
			}
			assertNoLeftovers(t, o, tc.leftovers...)
		})
	}
}

// watchFor polls until stop for a process matching every pattern (each may be
// seen at a different time) and sends whether all were seen.
func watchFor(patterns []string, stop <-chan struct{}, seen chan<- bool) {
	found := make(map[string]bool)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		for _, p := range patterns {
			if !found[p] && len(nbexec.PIDsWithCmdline(p)) > 0 {
				found[p] = true
			}
		}
		select {
		case <-stop:
			seen <- len(found) == len(patterns)
			return
		case <-tick.C:
		}
	}
}

func anyContains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
