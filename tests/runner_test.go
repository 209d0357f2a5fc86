package tests

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbexec"
	"github.com/deepnb/deepnb/internal/nbscan"

	"github.com/deepnb/deepnb/tests/claims"
)

// fakeJupyter writes an executable script standing in for `jupyter` and returns
// a Runner that uses it; the script's body sees nbconvert's arguments as "$@".
func fakeJupyter(t *testing.T, body string) nbexec.Runner {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "jupyter")
	if err := os.WriteFile(script, []byte("#!/usr/bin/env bash\nset -eu\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return nbexec.Runner{
		Jupyter: script, DataDir: dir, KernelName: "gonb", BinDir: dir, Timeout: time.Minute,
		OutDir: filepath.Join(dir, "out"), ScratchDir: filepath.Join(dir, "scratch"),
	}
}

// The fake nbconvert copies $FIXTURE to --output-dir/--output.ipynb, as the real
// one writes the executed notebook there.
const copyFixture = `
while (($#)); do
  case "$1" in
    --output-dir) dir="$2"; shift ;;
    --output) name="$2"; shift ;;
  esac
  shift
done
cp "$FIXTURE" "$dir/$name.ipynb"`

func TestRunnerScansOutput(t *testing.T) {
	r := fakeJupyter(t, copyFixture)
	fixture := filepath.Join(t.TempDir(), "fixture.ipynb")
	if err := os.WriteFile(fixture, synthNotebook(t, code("!false", stream("stderr", "exit status 1\n"))), 0o644); err != nil {
		t.Fatal(err)
	}
	r.Env = []string{"FIXTURE=" + fixture}
	o, err := r.Run(filepath.Join(t.TempDir(), "03_demo.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	f := o.Failures()
	if len(f) != 1 || !strings.Contains(f[0], "03_demo.ipynb: cell 0") || !strings.Contains(f[0], string(nbscan.KindExitStatus)) {
		t.Errorf("failures %q, want one exit-status problem in cell 0 of 03_demo.ipynb", f)
	}
	if _, err := os.Stat(o.Log); err != nil {
		t.Errorf("run log: %v", err)
	}
	if _, err := os.Stat(o.Scratch); !os.IsNotExist(err) {
		t.Errorf("scratch dir %s not removed: %v", o.Scratch, err)
	}
}

func TestRunnerFailsWithoutFreshOutput(t *testing.T) {
	r := fakeJupyter(t, "exit 0") // claims success, writes nothing
	if err := os.MkdirAll(r.OutDir, 0o755); err != nil {
		t.Fatal(err)
	}
	// A passing copy from an earlier run must not be taken for this run's output.
	stale := filepath.Join(r.OutDir, "nb.ipynb")
	if err := os.WriteFile(stale, synthNotebook(t, code("x")), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := r.Run(filepath.Join(t.TempDir(), "nb.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if f := o.Failures(); len(f) != 1 || !strings.Contains(f[0], "output is missing") {
		t.Errorf("failures %q, want a missing-output failure", f)
	}
}

func TestRunnerReportsNBConvertFailure(t *testing.T) {
	r := fakeJupyter(t, `echo "RuntimeError: Kernel didn't respond in 60 seconds" >&2; exit 1`)
	o, err := r.Run(filepath.Join(t.TempDir(), "nb.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if f := o.Failures(); len(f) != 1 || !strings.Contains(f[0], string(nbscan.KindRunFailed)) || !strings.Contains(f[0], "didn't respond") {
		t.Errorf("failures %q, want nbconvert's failure with its output", f)
	}
}

// TestRunnerReportsDeadKernel: nbconvert's DeadKernelError becomes one kernel-died failure with
// the cell its hook logged last (testdata/kernel_death.ipynb does it for real).
func TestRunnerReportsDeadKernel(t *testing.T) {
	r := fakeJupyter(t, `echo "deepnb-harness: executing cell 1" >&2; echo "deepnb-harness: executing cell 3" >&2; echo "nbclient.exceptions.DeadKernelError: Kernel died" >&2; exit 1`)
	o, err := r.Run(filepath.Join(t.TempDir(), "nb.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if f := o.Failures(); len(f) != 1 || !strings.Contains(f[0], "nb.ipynb: cell 3") || !strings.Contains(f[0], string(nbscan.KindKernelDied)) {
		t.Errorf("failures %q, want one kernel-died failure in cell 3", f)
	}
}

// jupyter_client starts kernels in a new session: killing nbconvert's process
// group is not enough. The fake starts a process in a new session (as the kernel
// is) which starts a grandchild, and then hangs.
func TestRunnerTimeoutKillsEscapedProcesses(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("setsid not found")
	}
	marker := "deepnb-runner-test-" + filepath.Base(t.TempDir())
	r := fakeJupyter(t, `setsid bash -c 'exec -a `+marker+`-kernel bash -c "(exec -a `+marker+`-cell sleep 300) & wait"' &
sleep 300`)
	r.Timeout = 2 * time.Second
	start := time.Now()
	o, err := r.Run(filepath.Join(t.TempDir(), "hang.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if !o.TimedOut || time.Since(start) > 20*time.Second {
		t.Fatalf("TimedOut=%v after %v; want a timeout after about 2s", o.TimedOut, time.Since(start))
	}
	if f := o.Failures(); len(f) != 1 || !strings.Contains(f[0], string(nbscan.KindTimeout)) {
		t.Errorf("failures %q, want one timeout", f)
	}
	if left := nbexec.PIDsWithCmdline(marker); len(left) > 0 {
		t.Errorf("processes left after the timeout: %v", left)
	}
}

func TestMergeClaimsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "claims.json")
	rec := func(nb string, cell int, pass bool) nbscan.ClaimRecord {
		r := claims.Result{Name: nb + " acc", Value: 0.99, Op: claims.OpAtLeast, Threshold: 0.98, Pass: pass}
		return nbscan.ClaimRecords(nb, []nbscan.CellClaim{{Cell: cell, Line: r.String(), Result: r}})[0]
	}
	exists := func(nb string) bool { return nb != "gone" }
	if err := nbscan.MergeClaimsFile(path, []string{"a", "b", "gone"}, []nbscan.ClaimRecord{rec("b", 2, true), rec("a", 5, true), rec("gone", 1, true)}, exists); err != nil {
		t.Fatal(err)
	}
	// Rerun only "b": a's claims stay, b's are replaced, the deleted notebook's go.
	if err := nbscan.MergeClaimsFile(path, []string{"b"}, []nbscan.ClaimRecord{rec("b", 3, false)}, exists); err != nil {
		t.Fatal(err)
	}
	var got []nbscan.ClaimRecord
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Notebook != "a" || got[1].Notebook != "b" || got[1].Cell != 3 || got[1].Pass {
		t.Errorf("merged records %+v", got)
	}
	if *got[0].Value != 0.99 || got[0].Op != ">=" || *got[0].Threshold != 0.98 || got[0].Tolerance != nil {
		t.Errorf("record fields %+v", got[0])
	}
}

func TestClaimRecordsNonFinite(t *testing.T) {
	r := claims.Result{Name: "loss", Value: math.NaN(), Op: claims.OpEqual, Threshold: 1, Tolerance: math.Inf(1)}
	recs := nbscan.ClaimRecords("nb", []nbscan.CellClaim{{Line: r.String(), Result: r}})
	if _, err := json.Marshal(recs); err != nil {
		t.Fatalf("NaN/Inf claims must still encode: %v", err)
	}
	if recs[0].Value != nil || recs[0].Tolerance != nil || recs[0].Threshold == nil {
		t.Errorf("record %+v: want null value and tolerance, a threshold", recs[0])
	}
}

func TestFindRoot(t *testing.T) {
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "tests", "claims")); err != nil {
		t.Errorf("FindRoot = %s, which has no tests/claims: %v", root, err)
	}
	if _, err := nbexec.FindRoot(t.TempDir()); err == nil {
		t.Error("FindRoot outside the repository: want an error")
	}
}
