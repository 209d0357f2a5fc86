// Command nbrun runs one notebook with other settings, as papermill does for Python, and keeps
// the record (`make run NOTEBOOK=01 SET="Epochs=3 BatchSize=64"` runs it):
//
//	go run ./cmd/nbrun -notebook 01 -set "Epochs=3 BatchSize=64"
//
// The notebook's code cell tagged "parameters" declares its settings as Go constants; nbrun
// checks every NAME=VALUE against it (the name must be declared there, the value must have its
// type) and refuses, with one line and before anything runs, an unknown name, a wrong type or a
// notebook without such a cell. It then writes a copy with a cell tagged "injected-parameters"
// right after the parameters cell, and executes the copy with the notebook harness (package
// tests). Into runs/<notebook>-<UTC time>/ go:
//
//	input/<notebook>.ipynb   the copy that was run (its module pin points at this repository)
//	<notebook>.ipynb, .log   the executed copy and the harness's log
//	record.json              the run record (gomlx_ext/runrecord): every parameter, backend,
//	                         commit, wall time, verdict, each claim's value
//	results.md, results.json the results table, as make reproduce writes it, with the parameters
//
// It exits 1 when the notebook fails or a claim does not hold, 2 on bad input.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/deepnb/deepnb/gomlx_ext/runrecord"
	"github.com/deepnb/deepnb/internal/nbexec"
	"github.com/deepnb/deepnb/internal/nbparams"
	"github.com/deepnb/deepnb/internal/results"
)

func main() {
	code, err := run(os.Args[1:], os.Stdout, os.Stderr, time.Now())
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "nbrun: "+err.Error())
	}
	var interrupted *nbexec.Interrupted
	if errors.As(err, &interrupted) {
		if s, ok := interrupted.Signal.(syscall.Signal); ok {
			os.Exit(128 + int(s))
		}
	}
	os.Exit(code)
}

type options struct {
	root, notebook, set, runsDir string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("nbrun", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.notebook, "notebook", "", "the notebook: a file, or the start of a name in notebooks/ (01, 01_mnist)")
	fs.StringVar(&o.set, "set", "", `parameters to change, NAME=VALUE separated by spaces ("Epochs=3 BatchSize=64")`)
	fs.StringVar(&o.runsDir, "runs", "runs", "directory that receives one directory per run")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.notebook == "" {
		return o, errors.New("-notebook is required (e.g. -notebook 01)")
	}
	root, err := nbexec.FindRoot(".")
	if err != nil {
		return o, err
	}
	o.root = root
	return o, nil
}

// resolve finds the notebook: a path to an .ipynb, or the one notebooks/*.ipynb whose name
// starts with name.
func resolve(root, name string) (string, error) {
	if strings.HasSuffix(name, ".ipynb") {
		if _, err := os.Stat(name); err != nil {
			return "", fmt.Errorf("notebook %s: %w", name, err)
		}
		return filepath.Abs(name)
	}
	paths, err := filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
	if err != nil {
		return "", err
	}
	var matches []string
	for _, p := range paths {
		if strings.HasPrefix(filepath.Base(p), name) {
			matches = append(matches, p)
		}
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("no notebook in notebooks/ starts with %q", name)
	case 1:
		return matches[0], nil
	}
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = filepath.Base(m)
	}
	return "", fmt.Errorf("%q names %d notebooks (%s); give more of the name", name, len(matches), strings.Join(names, ", "))
}

// prepared is a run that passed every check, ready to execute.
type prepared struct {
	name, source string
	params       *nbparams.Params
	set          map[string]string
	copy         []byte
}

// prepare does every check and builds the copy; it runs nothing and writes nothing.
func prepare(o options) (prepared, error) {
	path, err := resolve(o.root, o.notebook)
	if err != nil {
		return prepared{}, err
	}
	rel, _ := filepath.Rel(o.root, path)
	p := prepared{name: strings.TrimSuffix(filepath.Base(path), ".ipynb"), source: rel}
	data, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	if p.params, err = nbparams.Find(data); err != nil {
		return p, fmt.Errorf("%s: %w", rel, err)
	}
	if p.set, err = p.params.Parse(o.set); err != nil {
		return p, fmt.Errorf("%s: %w", rel, err)
	}
	src := p.params.Source(p.set, fmt.Sprintf("Injected by cmd/nbrun (make run SET=%q): the parameters cell above, with these values.", o.set))
	if p.copy, err = nbparams.Inject(data, p.params, src); err != nil {
		return p, fmt.Errorf("%s: %w", rel, err)
	}
	// The copy runs from the run directory: its module pin must name this repository itself.
	if p.copy, err = nbparams.ReplaceInCode(p.copy, "${GONB_DIR}/..", o.root); err != nil {
		return p, fmt.Errorf("%s: %w", rel, err)
	}
	return p, nil
}

func run(args []string, stdout, stderr io.Writer, now time.Time) (int, error) {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return 2, err
	}
	p, err := prepare(o)
	if err != nil {
		return 2, err
	}
	runner, err := nbexec.NewRunner(o.root, "")
	if err != nil {
		return 2, err
	}
	dir, err := runDir(o.runsDir, p.name, now)
	if err != nil {
		return 1, err
	}
	runner.OutDir = dir
	input := filepath.Join(dir, "input", p.name+".ipynb")
	if err := os.MkdirAll(filepath.Dir(input), 0o755); err != nil {
		return 1, err
	}
	if err := os.WriteFile(input, p.copy, 0o644); err != nil {
		return 1, err
	}
	fmt.Fprintf(stdout, "nbrun: running %s with %s (copy: %s)\n", p.source, describeSet(p.set), input)

	record := runrecord.New(p.source, p.params.Values(p.set), o.root)
	outcome, err := runner.Run(input)
	if err != nil {
		return 1, err
	}
	env := os.Getenv("GOMLX_BACKEND")
	nbs, err := results.Collect(results.Options{ExecutedDir: dir, Notebooks: []string{p.name}, EnvBackend: env})
	if err != nil {
		return 1, err
	}
	nbs[0].Parameters = p.set
	if env == "" {
		env = "go (unset; the harness's default)"
	}
	report := results.NewReport(results.Meta{Generated: now, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		CPUs: runtime.NumCPU(), EnvBackend: env}, nbs)
	md, _, err := report.Write(dir)
	if err != nil {
		return 1, err
	}

	record.WallSeconds = outcome.Wall.Seconds()
	record.Backend = nbs[0].Backend
	record.Verdict, record.Problems = nbs[0].Verdict, nbs[0].Problems
	for _, c := range nbs[0].Claims {
		if c.Value != nil {
			record.Final["claim: "+c.Claim] = *c.Value
		}
	}
	if err := record.Save(dir); err != nil {
		return 1, err
	}
	s := report.Summary
	fmt.Fprintf(stdout, "nbrun: %s %s in %.0f s; claims: %d of %d hold; wrote %s, %s and %s\n", p.name, nbs[0].Verdict,
		outcome.Wall.Seconds(), s.ClaimsHeld, s.Claims, filepath.Join(dir, p.name+".ipynb"), filepath.Join(dir, runrecord.FileName), md)
	if !report.OK() || s.ClaimsHeld != s.Claims {
		for _, problem := range nbs[0].Problems {
			fmt.Fprintln(stderr, "nbrun: "+problem)
		}
		return 1, fmt.Errorf("%s did not pass (see %s)", p.name, md)
	}
	return 0, nil
}

// runDir creates runs/<name>-<UTC time>, with a suffix if that exists already.
func runDir(runs, name string, now time.Time) (string, error) {
	base := filepath.Join(runs, name+"-"+now.UTC().Format("20060102-150405"))
	dir := base
	for i := 2; ; i++ {
		err := os.MkdirAll(filepath.Dir(dir), 0o755)
		if err == nil {
			err = os.Mkdir(dir, 0o755)
		}
		if err == nil {
			return filepath.Abs(dir)
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("run directory: %w", err)
		}
		dir = fmt.Sprintf("%s-%d", base, i)
	}
}

func describeSet(set map[string]string) string {
	if len(set) == 0 {
		return "its own parameters"
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		keys[i] = k + "=" + set[k]
	}
	return strings.Join(keys, " ")
}
