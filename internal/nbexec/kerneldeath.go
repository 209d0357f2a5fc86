package nbexec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/deepnb/deepnb/internal/nbscan"
)

// A kernel that dies (killed by a signal, by the out-of-memory killer, or exiting) makes nbconvert
// fail with a Python traceback ending in "DeadKernelError: Kernel died" and write no executed copy:
// neither which cell was running nor why the kernel died appears anywhere. Each run therefore
// gets (1) a private copy of the kernel spec that starts the kernel through a small wrapper,
// which records the kernel's exit status, and (2) an nbconvert config whose on_cell_execute hook
// logs the index of every cell as it starts.

const (
	kernelExitFile = "kernel-exit-status"
	cellStartMark  = "deepnb-harness: executing cell "
)

// kernelWrapper runs the kernel, then records its exit status (128+N when killed by signal N).
const kernelWrapper = `#!/bin/sh
# Written by the DeepNB notebook harness: runs the kernel and records how it ended.
out="$1"
shift
"$@"
status=$?
echo "$status" >"$out"
exit "$status"
`

// nbconvertHook makes nbconvert log each cell as it starts.
const nbconvertHook = `# Written by the DeepNB notebook harness: logs each cell as it starts, so that a kernel that
# dies can be traced to its cell.
import sys

def _deepnb_cell_started(cell=None, cell_index=None, **kwargs):
    print("` + cellStartMark + `%s" % cell_index, file=sys.stderr, flush=True)

c.ExecutePreprocessor.on_cell_execute = _deepnb_cell_started
`

// watchKernel prepares o's scratch directory: the wrapped kernel spec under jupyter/kernels/
// (found first through JUPYTER_PATH, under the same name) and the nbconvert config.
func (r Runner) watchKernel(o Outcome) error {
	specPath := filepath.Join(r.DataDir, "kernels", r.KernelName, "kernel.json")
	hook := filepath.Join(o.Scratch, "config", "jupyter_nbconvert_config.py")
	if err := os.WriteFile(hook, []byte(nbconvertHook), 0o600); err != nil {
		return err
	}
	data, err := os.ReadFile(specPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // nbconvert will say that there is no such kernel
	}
	if err != nil {
		return fmt.Errorf("kernel spec: %w", err)
	}
	var spec map[string]any
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("kernel spec %s: %w", specPath, err)
	}
	argv, ok := spec["argv"].([]any)
	if !ok || len(argv) == 0 {
		return fmt.Errorf("kernel spec %s: no argv list", specPath)
	}
	wrapper := filepath.Join(o.Scratch, "kernel-wrapper.sh")
	if err := os.WriteFile(wrapper, []byte(kernelWrapper), 0o700); err != nil {
		return err
	}
	spec["argv"] = append([]any{"/bin/sh", wrapper, filepath.Join(o.Scratch, kernelExitFile)}, argv...)
	wrapped, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Join(o.Scratch, "jupyter", "kernels", r.KernelName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "kernel.json"), wrapped, 0o600)
}

var cellStartRE = regexp.MustCompile(regexp.QuoteMeta(cellStartMark) + `(\d+)`)

// kernelDeath reports a kernel that died during the run, or nil: the cell that was running (the
// last one nbconvert started, as its hook logged in nbconvertLog) and the cause (the wrapper's
// record of the exit status).
func kernelDeath(o Outcome, nbconvertLog string) *nbscan.Problem {
	logData, _ := os.ReadFile(nbconvertLog)
	status, statusErr := os.ReadFile(filepath.Join(o.Scratch, kernelExitFile))
	died := strings.Contains(string(logData), "DeadKernelError")
	if !died {
		return nil
	}
	p := &nbscan.Problem{Cell: -1, Kind: nbscan.KindKernelDied}
	if starts := cellStartRE.FindAllStringSubmatch(string(logData), -1); len(starts) > 0 {
		p.Cell, _ = strconv.Atoi(starts[len(starts)-1][1])
		p.Source = cellFirstLine(o.Input, p.Cell)
	}
	p.Text = "the kernel " + exitCause(strings.TrimSpace(string(status)), statusErr)
	if p.Cell >= 0 {
		p.Text += fmt.Sprintf(" while cell %d was running; the cells after it never ran", p.Cell)
	}
	return p
}

// exitCause describes the wrapper's record of the kernel's exit status.
func exitCause(status string, readErr error) string {
	if readErr != nil {
		return "stopped answering (its exit status was not recorded: " + readErr.Error() + ")"
	}
	code, err := strconv.Atoi(status)
	switch {
	case err != nil:
		return fmt.Sprintf("ended with an unreadable status %q", status)
	case code > 128 && syscall.Signal(code-128) == syscall.SIGKILL:
		return "was killed by SIGKILL (what the out-of-memory killer sends: check the notebook's memory use; or a kill -9)"
	case code > 128:
		return fmt.Sprintf("was killed by signal %d (%v)", code-128, syscall.Signal(code-128))
	default:
		return fmt.Sprintf("exited with status %d (os.Exit or a fatal error in the kernel process)", code)
	}
}

// cellFirstLine is the first non-blank line of cell index in the notebook at path ("" if unknown).
func cellFirstLine(path string, index int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var nb struct {
		Cells []struct {
			Source nbscan.Multiline `json:"source"`
		} `json:"cells"`
	}
	if json.Unmarshal(data, &nb) != nil || index < 0 || index >= len(nb.Cells) {
		return ""
	}
	for _, line := range strings.Split(string(nb.Cells[index].Source), "\n") {
		if line = strings.TrimSpace(line); line != "" && line != "%%" {
			return line
		}
	}
	return ""
}
