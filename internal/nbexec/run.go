package nbexec

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/deepnb/deepnb/internal/nbscan"
)

// Runner executes notebooks headless with nbconvert and the GoNB kernel.
type Runner struct {
	// Jupyter is the jupyter command ("jupyter" or a path).
	Jupyter string
	// DataDir is the private JUPYTER_DATA_DIR holding kernels/<KernelName>.
	DataDir string
	// KernelName is the kernel spec to run the notebooks with ("gonb").
	KernelName string
	// BinDir (the tools' bin dir, holding gonb and goimports) goes first on PATH.
	BinDir string
	// Timeout bounds a whole notebook run; CellTimeout (0: Timeout) each cell.
	Timeout, CellTimeout time.Duration
	// OutDir receives NAME.ipynb (executed copy) and NAME.log.
	OutDir string
	// ScratchDir holds a per-run directory (TMPDIR and Jupyter runtime files of
	// the kernel), deleted after the run.
	ScratchDir string
	// Env is added to the environment of the run (KEY=VALUE), after the defaults.
	Env []string
}

// Outcome is the result of running one notebook.
type Outcome struct {
	// Name is the notebook's file name without ".ipynb".
	Name           string
	Input, Output  string
	Log            string
	Wall           time.Duration
	TimedOut       bool
	RunErr         error  // nbconvert did not exit cleanly, or its output is unusable
	NBConvertTail  string // last lines of nbconvert's own output
	Report         nbscan.Report
	Scratch        string // the per-run scratch directory (deleted by now)
	Leftover       []int  // processes of this run still alive after clean-up (must be none)
	LeftoverBefore []int  // processes that outlived a normal end and had to be killed
	// KernelDeath is set when the kernel died during the run: the cell and the cause.
	KernelDeath *nbscan.Problem
}

// Failures lists everything wrong with the run, one message per problem; empty
// means the notebook passed.
func (o Outcome) Failures() []string {
	var out []string
	if o.TimedOut {
		out = append(out, nbscan.Problem{Cell: -1, Kind: nbscan.KindTimeout, Text: fmt.Sprintf("still running after %v; killed nbconvert, the kernel and all their processes", o.Wall.Round(time.Second))}.String())
	}
	if o.KernelDeath != nil {
		out = append(out, o.KernelDeath.String())
	} else if o.RunErr != nil && !o.TimedOut {
		out = append(out, nbscan.Problem{Cell: -1, Kind: nbscan.KindRunFailed, Text: o.RunErr.Error() + "\n" + o.NBConvertTail}.String())
	}
	for _, p := range o.Report.Problems {
		out = append(out, p.String())
	}
	if len(o.Leftover) > 0 {
		out = append(out, fmt.Sprintf("processes of this run survived SIGKILL: pids %v", o.Leftover))
	}
	for i, msg := range out {
		out[i] = filepath.Base(o.Input) + ": " + msg
	}
	return out
}

// Interrupted is the error Run returns when the process got SIGINT or SIGTERM during a run:
// everything the run started has been killed and its scratch directory removed. The caller
// (main or test code) should end the process, e.g. by raising Signal again.
type Interrupted struct {
	Notebook string
	Signal   os.Signal
}

func (e *Interrupted) Error() string {
	return fmt.Sprintf("running %s: interrupted by %v", e.Notebook, e.Signal)
}

// Run executes one notebook and scans the executed copy. The returned error is
// for a run that could not be attempted at all (bad configuration) or was interrupted
// (*Interrupted); everything that went wrong with the notebook itself is in
// Outcome.Failures.
func (r Runner) Run(input string) (Outcome, error) {
	o, err := r.prepare(input)
	if err != nil {
		return o, fmt.Errorf("running %s: %w", input, err)
	}
	defer func() { _ = os.RemoveAll(o.Scratch) }()
	if err := r.watchKernel(o); err != nil {
		return o, fmt.Errorf("running %s: %w", input, err)
	}
	token, err := NewToken()
	if err != nil {
		return o, fmt.Errorf("running %s: %w", input, err)
	}
	logPath := filepath.Join(o.Scratch, "nbconvert.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return o, fmt.Errorf("running %s: %w", input, err)
	}
	defer func() { _ = logFile.Close() }()
	cmd := r.command(o, token, logFile)

	waitErr, caught, err := r.execute(cmd, &o)
	if err != nil {
		return o, fmt.Errorf("running %s: starting %q: %w", input, r.Jupyter, err)
	}
	o.Leftover = cleanUp(&o, token, o.TimedOut || caught != nil)
	if caught != nil {
		return o, &Interrupted{Notebook: input, Signal: caught}
	}
	_ = logFile.Sync()
	o.NBConvertTail = tailFile(logPath, 30)
	o.Report, o.RunErr = readOutput(o, waitErr)
	if o.RunErr != nil {
		o.KernelDeath = kernelDeath(o, logPath)
	}
	if err := writeRunLog(o, logPath); err != nil {
		return o, err
	}
	return o, nil
}

// prepare checks the settings, removes a stale executed copy (it must never be scanned in
// place of this run's) and creates the run's scratch directory with its tmp, runtime and
// config folders.
func (r Runner) prepare(input string) (Outcome, error) {
	name := strings.TrimSuffix(filepath.Base(input), ".ipynb")
	o := Outcome{Name: name, Input: input, Output: filepath.Join(r.OutDir, name+".ipynb"), Log: filepath.Join(r.OutDir, name+".log")}
	if r.Timeout <= 0 {
		return o, fmt.Errorf("timeout must be positive, got %v", r.Timeout)
	}
	if err := os.MkdirAll(r.OutDir, 0o755); err != nil {
		return o, err
	}
	if err := os.Remove(o.Output); err != nil && !errors.Is(err, os.ErrNotExist) {
		return o, fmt.Errorf("removing old output: %w", err)
	}
	if err := os.MkdirAll(r.ScratchDir, 0o755); err != nil {
		return o, err
	}
	scratch, err := os.MkdirTemp(r.ScratchDir, name+"-")
	if err != nil {
		return o, fmt.Errorf("scratch dir: %w", err)
	}
	o.Scratch = scratch
	for _, d := range []string{"tmp", "runtime", "config"} {
		if err := os.Mkdir(filepath.Join(scratch, d), 0o700); err != nil {
			return o, err
		}
	}
	return o, nil
}

// command is the nbconvert invocation for one run, in its own process group, writing to log.
func (r Runner) command(o Outcome, token string, log *os.File) *exec.Cmd {
	cellTimeout := r.CellTimeout
	if cellTimeout <= 0 {
		cellTimeout = r.Timeout
	}
	cmd := exec.Command(r.Jupyter, "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.timeout="+strconv.Itoa(int(cellTimeout.Seconds()+0.5)),
		"--ExecutePreprocessor.kernel_name="+r.KernelName,
		"--output-dir", r.OutDir, "--output", o.Name, o.Input)
	cmd.Dir = filepath.Dir(o.Input)
	cmd.Env = r.env(o.Scratch, token)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout, cmd.Stderr = log, log
	return cmd
}

// execute starts cmd and waits for the first of: its end, the timeout, SIGINT or SIGTERM.
// nbconvert runs in its own process group, so a Ctrl-C at the terminal does not reach it:
// the signal is caught here, so that the run is cleaned up before the caller ends the process.
// A cut-short run is killed (its group) before execute returns. waitErr is nbconvert's exit
// error; err says it could not be started.
func (r Runner) execute(cmd *exec.Cmd, o *Outcome) (waitErr error, caught os.Signal, err error) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timer := time.NewTimer(r.Timeout)
	defer timer.Stop()
	select {
	case waitErr = <-done:
	case <-timer.C:
		o.TimedOut = true
	case caught = <-sigs:
	}
	o.Wall = time.Since(start)
	if o.TimedOut || caught != nil {
		// The group: nbconvert and anything left in it.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		waitErr = <-done
	}
	return waitErr, caught, nil
}

// cleanUp makes sure nothing of the run survives it, and returns what did: after a cut-short
// run it kills the kernel's session (found by the run's token); after a normal end it gives the
// kernel time to shut down by itself first (noting in o.LeftoverBefore what had to be killed).
// Independent of the token, anything whose command line names the scratch dir (the kernel's
// connection file, the cell binary) must be gone too.
func cleanUp(o *Outcome, token string, cutShort bool) []int {
	var left []int
	if cutShort {
		left = KillEnvTree(token, 10*time.Second)
	} else if o.LeftoverBefore = waitEnvTreeGone(token, 5*time.Second); len(o.LeftoverBefore) > 0 {
		left = KillEnvTree(token, 10*time.Second)
	}
	return append(left, PIDsWithCmdline(o.Scratch)...)
}

// readOutput scans the executed copy of a run that ended by itself; the error says why there
// is nothing to scan (nbconvert failed, the copy is missing or not a notebook).
func readOutput(o Outcome, waitErr error) (nbscan.Report, error) {
	switch {
	case o.TimedOut:
		return nbscan.Report{}, nil
	case waitErr != nil:
		return nbscan.Report{}, fmt.Errorf("nbconvert: %w", waitErr)
	}
	data, err := os.ReadFile(o.Output)
	if err != nil {
		return nbscan.Report{}, fmt.Errorf("nbconvert exited 0 but its output is missing: %w", err)
	}
	report, err := nbscan.Scan(data)
	if err != nil {
		return report, fmt.Errorf("%s: %w", o.Output, err)
	}
	return report, nil
}

// env builds the run's environment: the caller's, with a private Jupyter set-up,
// a private TMPDIR (GoNB's work dir and the cell binaries live there), the tools
// first on PATH, GOMLX_BACKEND=go unless set, and the run's token.
func (r Runner) env(scratch, token string) []string {
	set := map[string]string{
		"JUPYTER_DATA_DIR":    r.DataDir,
		"JUPYTER_RUNTIME_DIR": filepath.Join(scratch, "runtime"),
		"JUPYTER_CONFIG_DIR":  filepath.Join(scratch, "config"),
		"TMPDIR":              filepath.Join(scratch, "tmp"),
		// The run's wrapped kernel spec (see watchKernel) is found first, under the same name.
		"JUPYTER_PATH": strings.TrimSuffix(filepath.Join(scratch, "jupyter")+string(os.PathListSeparator)+os.Getenv("JUPYTER_PATH"), string(os.PathListSeparator)),
		"PATH":         r.BinDir + string(os.PathListSeparator) + os.Getenv("PATH"),
	}
	if os.Getenv("GOMLX_BACKEND") == "" {
		set["GOMLX_BACKEND"] = "go"
	}
	var env []string
	for _, kv := range os.Environ() {
		key, _, _ := strings.Cut(kv, "=")
		if _, overridden := set[key]; !overridden && key != tokenKey {
			env = append(env, kv)
		}
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	env = append(env, token)
	return append(env, r.Env...)
}

const tokenKey = "DEEPNB_RUN_TOKEN"

func NewToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("run token: %w", err)
	}
	return tokenKey + "=" + hex.EncodeToString(b), nil
}

// tailFile returns the last n lines of a file (empty when unreadable).
func tailFile(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// writeRunLog writes OutDir/NAME.log: verdict, wall time, problems, then
// nbconvert's own output.
func writeRunLog(o Outcome, nbconvertLog string) error {
	var b strings.Builder
	failures := o.Failures()
	verdict := "PASS"
	if len(failures) > 0 {
		verdict = "FAIL"
	}
	fmt.Fprintf(&b, "notebook: %s\nexecuted: %s\nverdict:  %s\nwall:     %.1fs\n", o.Input, o.Output, verdict, o.Wall.Seconds())
	fmt.Fprintf(&b, "cells:    %d code cells, %d executed\nclaims:   %d\n", o.Report.CodeCells, o.Report.ExecutedCells, len(o.Report.Claims))
	if len(o.LeftoverBefore) > 0 {
		fmt.Fprintf(&b, "note:     processes outlived the run and were killed: %v\n", o.LeftoverBefore)
	}
	for _, f := range failures {
		fmt.Fprintf(&b, "problem:  %s\n", f)
	}
	for _, c := range o.Report.Claims {
		fmt.Fprintf(&b, "claim:    cell %d: %s\n", c.Cell, c.Line)
	}
	b.WriteString("--- nbconvert output ---\n")
	if data, err := os.ReadFile(nbconvertLog); err == nil {
		b.Write(data)
	}
	if err := atomicfile.WriteFile(o.Log, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing run log for %s: %w", o.Input, err)
	}
	return nil
}
