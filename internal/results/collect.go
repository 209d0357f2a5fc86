package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/deepnb/deepnb/internal/nbscan"
)

// Verdicts of a notebook in the table.
const (
	Pass   = "PASS"
	Fail   = "FAIL"
	NotRun = "NOT RUN"
)

// Backend sources: where Notebook.Backend came from.
const (
	SourcePrinted = "printed" // the notebook's own "backend: ..." line
	SourceEnv     = "env"     // $GOMLX_BACKEND of the run (the notebook printed none)
)

// Notebook is one notebook's row in the summary, with its claims.
type Notebook struct {
	Name    string `json:"notebook"`
	Verdict string `json:"verdict"`
	// WallSeconds is the harness's wall time for the whole notebook (0 when not run).
	WallSeconds float64 `json:"wall_seconds"`
	// Backend is the configuration the notebook ran on, e.g. "go" or "xla:cpu"; several
	// distinct ones are joined with ", ".
	Backend       string   `json:"backend"`
	BackendSource string   `json:"backend_source"`
	BackendLines  []string `json:"backend_lines,omitempty"`
	// Parameters are the values a parameterized run (make run, cmd/nbrun) set in the notebook's
	// parameters cell, as Go literals; empty for a notebook run as written.
	Parameters map[string]string `json:"parameters,omitempty"`
	// Problems are the harness's failure messages, or why the notebook counts as not run.
	Problems []string             `json:"problems,omitempty"`
	Claims   []nbscan.ClaimRecord `json:"-"`
}

// Options says where Collect looks and what it accepts.
type Options struct {
	// ExecutedDir holds the harness's NAME.log and NAME.ipynb (build/executed).
	ExecutedDir string
	// Notebooks are the names (file names without ".ipynb") to report, in order.
	Notebooks []string
	// Since, when not zero, is when this reproduction started: artifacts older than that are
	// from an earlier run and count as not run.
	Since time.Time
	// EnvBackend is $GOMLX_BACKEND as the run saw it ("" means the harness's default, "go").
	EnvBackend string
}

// Collect reads the artifacts of each notebook in opts.Notebooks. A missing, stale or
// malformed artifact is reported in that notebook's row; the error is for files that exist
// but cannot be read.
func Collect(opts Options) ([]Notebook, error) {
	env := strings.TrimSpace(opts.EnvBackend)
	if env == "" {
		env = "go" // what the harness (nbexec.Runner) sets when $GOMLX_BACKEND is empty
	}
	out := make([]Notebook, 0, len(opts.Notebooks))
	for _, name := range opts.Notebooks {
		nb, err := collectOne(opts, name, env)
		if err != nil {
			return nil, err
		}
		out = append(out, nb)
	}
	return out, nil
}

func collectOne(opts Options, name, env string) (Notebook, error) {
	nb := Notebook{Name: name, Verdict: NotRun, Backend: env, BackendSource: SourceEnv}
	logPath := filepath.Join(opts.ExecutedDir, name+".log")
	info, err := os.Stat(logPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		nb.Problems = []string{"no run log " + logPath + ": the notebook was not run"}
		return nb, nil
	case err != nil:
		return nb, fmt.Errorf("notebook %s: %w", name, err)
	case !opts.Since.IsZero() && info.ModTime().Before(opts.Since):
		nb.Problems = []string{fmt.Sprintf("run log %s is from %s, before this reproduction started (%s): the notebook was not run this time",
			logPath, info.ModTime().UTC().Format(time.RFC3339), opts.Since.UTC().Format(time.RFC3339))}
		return nb, nil
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		return nb, fmt.Errorf("notebook %s: %w", name, err)
	}
	log, err := ParseRunLog(data)
	if err != nil {
		nb.Verdict = Fail
		nb.Problems = []string{fmt.Sprintf("%s: %v", logPath, err)}
		return nb, nil
	}
	nb.Verdict, nb.WallSeconds, nb.Problems = log.Verdict, log.Wall.Seconds(), log.Problems

	// The executed copy: claims and backend. It is missing after a timeout or a failed
	// nbconvert, which the log already reports.
	ipynbPath := filepath.Join(opts.ExecutedDir, name+".ipynb")
	ipynb, err := os.ReadFile(ipynbPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if nb.Verdict == Pass {
			nb.Verdict = Fail
			nb.Problems = append(nb.Problems, "executed notebook "+ipynbPath+" is missing")
		}
		return nb, nil
	case err != nil:
		return nb, fmt.Errorf("notebook %s: %w", name, err)
	}
	report, err := nbscan.Scan(ipynb)
	if err != nil {
		nb.Verdict = Fail
		nb.Problems = append(nb.Problems, fmt.Sprintf("%s: %v", ipynbPath, err))
		return nb, nil
	}
	nb.Claims = nbscan.ClaimRecords(name, report.Claims)
	if nb.Verdict == Pass && len(report.Problems) > 0 {
		// The log and the executed copy disagree (files from different runs?): trust neither.
		nb.Verdict = Fail
		for _, p := range report.Problems {
			nb.Problems = append(nb.Problems, p.String())
		}
	}
	lines, err := BackendLines(ipynb)
	if err != nil {
		return nb, fmt.Errorf("notebook %s: %w", name, err)
	}
	var configs []string
	for _, l := range lines {
		if c := BackendConfig(l); c != "" && !slices.Contains(configs, c) {
			configs = append(configs, c)
		}
	}
	if len(configs) > 0 {
		nb.Backend, nb.BackendSource, nb.BackendLines = strings.Join(configs, ", "), SourcePrinted, lines
	}
	return nb, nil
}
