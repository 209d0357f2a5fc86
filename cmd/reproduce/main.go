// Command reproduce writes DeepNB's reproduction table from the artifacts of a notebook run:
//
//	make reproduce                      # runs the notebooks, then this command
//	go run ./cmd/reproduce -executed build/executed -out build/reproduce
//
// For every notebooks/*.ipynb whose name matches -run (a regular expression, as for
// `make test-notebooks NOTEBOOK=...`), it reads build/executed/NAME.log and NAME.ipynb, which
// the notebook harness (package tests) wrote, and writes results.md and results.json
// (notebook | claim | value | target | verdict | backend | wall time) into -out. With -since,
// artifacts older than that time are from an earlier run and count as not run.
//
// It exits 1 when a notebook failed or was not run (after writing the table), 2 on bad flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/deepnb/deepnb/internal/results"
)

func main() {
	code, err := run(os.Args[1:], os.Stdout, os.Stderr, time.Now())
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "reproduce: "+err.Error())
	}
	os.Exit(code)
}

type options struct {
	notebooksDir, executedDir, outDir string
	run                               *regexp.Regexp
	since                             time.Time
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	var pattern, since string
	fs := flag.NewFlagSet("reproduce", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.notebooksDir, "notebooks", "notebooks", "directory with the notebooks (*.ipynb) to report")
	fs.StringVar(&o.executedDir, "executed", filepath.Join("build", "executed"), "the harness's output: NAME.log and NAME.ipynb")
	fs.StringVar(&o.outDir, "out", filepath.Join("build", "reproduce"), "where to write results.md and results.json")
	fs.StringVar(&pattern, "run", "", "report only notebooks whose name matches this regular expression (empty: all)")
	fs.StringVar(&since, "since", "", "start of this reproduction (RFC 3339, e.g. 2026-11-28T15:04:05Z): older artifacts count as not run")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if o.run, err = regexp.Compile(pattern); err != nil {
		return o, fmt.Errorf("-run %q: %w", pattern, err)
	}
	if since != "" {
		if o.since, err = time.Parse(time.RFC3339, since); err != nil {
			return o, fmt.Errorf("-since %q: want RFC 3339 such as 2026-11-28T15:04:05Z: %w", since, err)
		}
	}
	return o, nil
}

// run returns the exit code and, for codes other than 0, why.
func run(args []string, stdout, stderr io.Writer, now time.Time) (int, error) {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return 2, err
	}
	names, err := notebookNames(o.notebooksDir, o.run)
	if err != nil {
		return 1, err
	}
	env := os.Getenv("GOMLX_BACKEND")
	nbs, err := results.Collect(results.Options{ExecutedDir: o.executedDir, Notebooks: names, Since: o.since, EnvBackend: env})
	if err != nil {
		return 1, err
	}
	if env == "" {
		env = "go (unset; the harness's default)"
	}
	report := results.NewReport(results.Meta{
		Generated: now, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		CPUs: runtime.NumCPU(), EnvBackend: env,
	}, nbs)
	md, js, err := report.Write(o.outDir)
	if err != nil {
		return 1, err
	}
	s := report.Summary
	fmt.Fprintf(stdout, "reproduce: notebooks: %d passed, %d failed, %d not run; claims: %d of %d hold\n",
		s.Passed, s.Failed, s.NotRun, s.ClaimsHeld, s.Claims)
	fmt.Fprintf(stdout, "reproduce: wrote %s and %s\n", md, js)
	if !report.OK() {
		return 1, fmt.Errorf("%d of %d notebooks did not pass (see %s)", s.Notebooks-s.Passed, s.Notebooks, md)
	}
	return 0, nil
}

// notebookNames lists dir/*.ipynb whose name (without ".ipynb") matches re, in name order.
func notebookNames(dir string, re *regexp.Regexp) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	if err != nil {
		return nil, fmt.Errorf("listing notebooks in %s: %w", dir, err)
	}
	var names []string
	for _, p := range paths {
		if name := strings.TrimSuffix(filepath.Base(p), ".ipynb"); re.MatchString(name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no notebooks in %s match %q", dir, re)
	}
	return names, nil
}
