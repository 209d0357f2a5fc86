package nbexec

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ModulePath is the module whose root FindRoot looks for.
const ModulePath = "github.com/deepnb/deepnb"

// DefaultNotebookTimeout bounds one notebook run unless DEEPNB_NOTEBOOK_TIMEOUT
// says otherwise: generous, because training notebooks share 2 cores.
const DefaultNotebookTimeout = 25 * time.Minute

// FindRoot walks up from dir to the directory whose go.mod declares ModulePath.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding the %s root: %w", ModulePath, err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if modulePathOf(filepath.Join(d, "go.mod")) == ModulePath {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod for module %s in %s or above", ModulePath, dir)
		}
	}
}

func modulePathOf(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer func() { _ = f.Close() }()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// NewRunner returns a Runner for the repository at root, configured from the
// environment (see the package documentation), writing to outDir. It checks that
// scripts/setup.sh has been run and says so when it has not.
func NewRunner(root, outDir string) (Runner, error) {
	tools := os.Getenv("DEEPNB_TOOLS_DIR")
	if tools == "" {
		tools = filepath.Join(root, ".tools")
	}
	r := Runner{
		Jupyter:    os.Getenv("DEEPNB_JUPYTER"),
		DataDir:    filepath.Join(tools, "jupyter-headless"),
		KernelName: "gonb",
		BinDir:     filepath.Join(tools, "bin"),
		Timeout:    DefaultNotebookTimeout,
		OutDir:     outDir,
		ScratchDir: filepath.Join(root, "build", "tmp"),
	}
	var err error
	if r.Timeout, err = durationEnv("DEEPNB_NOTEBOOK_TIMEOUT", DefaultNotebookTimeout); err != nil {
		return r, err
	}
	if r.CellTimeout, err = durationEnv("DEEPNB_CELL_TIMEOUT", 0); err != nil {
		return r, err
	}
	if r.Jupyter == "" {
		r.Jupyter = "jupyter"
	}
	if _, err := exec.LookPath(r.Jupyter); err != nil {
		return r, fmt.Errorf("jupyter command %q not found (run `make setup`, or set DEEPNB_JUPYTER): %w", r.Jupyter, err)
	}
	spec := filepath.Join(r.DataDir, "kernels", r.KernelName, "kernel.json")
	if _, err := os.Stat(spec); err != nil {
		return r, fmt.Errorf("headless GoNB kernel spec missing (run `make setup` or `bash scripts/setup.sh`): %w", err)
	}
	for _, bin := range []string{"gonb", "goimports"} {
		if _, err := os.Stat(filepath.Join(r.BinDir, bin)); err != nil {
			return r, fmt.Errorf("%s missing from %s (run `make setup`): %w", bin, r.BinDir, err)
		}
	}
	return r, nil
}

func durationEnv(key string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: want a Go duration such as 25m or 90s: %w", key, v, err)
	}
	if d < 0 {
		return 0, fmt.Errorf("%s=%q: must not be negative", key, v)
	}
	return d, nil
}
