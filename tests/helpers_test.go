package tests

import (
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbexec"
)

// newTestRunner finds the repository and a Runner writing to root/outDir, or
// fails the test saying how to set up.
func newTestRunner(t *testing.T, outDir string) (string, nbexec.Runner) {
	t.Helper()
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	r, err := nbexec.NewRunner(root, filepath.Join(root, outDir))
	if err != nil {
		t.Fatal(err)
	}
	return root, r
}

// assertNoLeftovers checks, with /proc and independently with pgrep where
// available, that no process of the run is alive.
func assertNoLeftovers(t *testing.T, o nbexec.Outcome, patterns ...string) {
	t.Helper()
	if len(o.Leftover) > 0 {
		t.Errorf("runner reports surviving processes %v", o.Leftover)
	}
	patterns = append(patterns, o.Scratch)
	for _, p := range patterns {
		if pids := nbexec.PIDsWithCmdline(p); len(pids) > 0 {
			t.Errorf("processes matching %q still alive: %v", p, pids)
		}
		if _, err := exec.LookPath("pgrep"); err != nil {
			continue
		}
		out, err := exec.Command("pgrep", "-af", "--", p).Output()
		if err == nil || strings.TrimSpace(string(out)) != "" {
			t.Errorf("pgrep -f %q found: %s", p, out)
		}
	}
}

// dieIfInterrupted ends the test binary the way the signal Run caught would have, so that a
// Ctrl-C during `make test-notebooks` stops everything (Run has already cleaned up the run).
func dieIfInterrupted(err error) {
	var stopped *nbexec.Interrupted
	if !errors.As(err, &stopped) {
		return
	}
	signal.Reset(stopped.Signal)
	_ = syscall.Kill(os.Getpid(), stopped.Signal.(syscall.Signal))
	time.Sleep(time.Second) // the signal's default action ends the process
	os.Exit(1)
}
