package tests

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbexec"

	"github.com/deepnb/deepnb/internal/nbscan"
)

// TestBrowserRestartRunAll opens a notebook in `make lab` with a real browser (Debian's Chromium,
// driven by playwright-core from tests/browser), clicks Kernel › Restart & Run All, waits until
// no cell is busy, and fails on any error output, a cell left unrun, a dead kernel, or fewer
// rendered images than the kernel sent. The screenshot goes to build/browser/NAME/.
//
// It also fails when an image is wider than the output area that shows it (its right side would
// be cut off); widest_image.png shows the output with the widest one. By default it runs
// 02_forward_pass.ipynb (seconds) and 06_autodiff.ipynb, whose Graphviz graphs are 1,500 px wide
// drawings; DEEPNB_BROWSER_NOTEBOOK=06 picks one.
func TestBrowserRestartRunAll(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Jupyter and Chromium")
	}
	notebooks := []string{"02_forward_pass.ipynb", "06_autodiff.ipynb"}
	if v := os.Getenv("DEEPNB_BROWSER_NOTEBOOK"); v != "" {
		notebooks = []string{v}
	}
	timeout := 10 * time.Minute
	if v := os.Getenv("DEEPNB_BROWSER_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("DEEPNB_BROWSER_TIMEOUT=%q: %v", v, err)
		}
		timeout = d
	}
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	browserDir, chromium := browserTools(t, root)
	lab := startLab(t)
	for _, notebook := range notebooks {
		t.Run(strings.TrimSuffix(notebook, ".ipynb"), func(t *testing.T) {
			restartRunAll(t, lab, root, browserDir, chromium, notebook, timeout)
		})
	}
}

// restartRunAll is TestBrowserRestartRunAll for one notebook, in lab.
func restartRunAll(t *testing.T, lab *labServer, root, browserDir, chromium, notebook string, timeout time.Duration) {
	if !strings.HasSuffix(notebook, ".ipynb") { // a prefix, as make test-browser NOTEBOOK=01 gives
		matches, _ := filepath.Glob(filepath.Join(root, "notebooks", notebook+"*.ipynb"))
		if len(matches) != 1 {
			t.Fatalf("DEEPNB_BROWSER_NOTEBOOK=%s names %d notebooks in notebooks/, want one", notebook, len(matches))
		}
		notebook = filepath.Base(matches[0])
	}
	if _, err := os.Stat(filepath.Join(root, "notebooks", notebook)); err != nil {
		t.Fatal(err)
	}

	outDir := filepath.Join(root, "build", "browser", strings.TrimSuffix(notebook, ".ipynb"))
	if err := os.RemoveAll(outDir); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	node := exec.CommandContext(ctx, "node", "run_all.js", lab.url("/notebooks/"+notebook), outDir, strconv.Itoa(int(timeout.Seconds())))
	node.Dir = browserDir
	// The lab's token marks node and Chromium too, so the lab's clean-up finds them all.
	node.Env = append(os.Environ(), lab.envToken, "CHROMIUM="+chromium)
	node.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	node.Cancel = func() error { return syscall.Kill(-node.Process.Pid, syscall.SIGKILL) }
	var stderr strings.Builder
	node.Stderr = &stderr
	start := time.Now()
	out, err := node.Output()
	if err != nil {
		t.Fatalf("browser run of %s: %v\n%s\nlab output:\n%s", notebook, err, stderr.String(), lab.out.String())
	}
	var page struct {
		Images          int  `json:"images"`
		KernelConnected bool `json:"kernel_connected"`
		KernelDead      bool `json:"kernel_dead"`
		Overflowing     []struct {
			Cell  int `json:"cell"`
			Width int `json:"width"`
			Area  int `json:"area"`
		} `json:"overflowing"`
		Seconds       float64  `json:"seconds"`
		ConsoleErrors []string `json:"console_errors"`
	}
	if err := json.Unmarshal(out, &page); err != nil {
		t.Fatalf("run_all.js printed %q: %v", out, err)
	}
	for _, o := range page.Overflowing {
		t.Errorf("%s: cell %d shows an image %d px wide in an output area %d px wide: its right side is cut off", notebook, o.Cell, o.Width, o.Area)
	}
	t.Logf("%s: Restart & Run All took %.1f s (%.1f s with the browser's start); %d images rendered; screenshots %s, %s",
		notebook, page.Seconds, time.Since(start).Seconds(), page.Images, filepath.Join(outDir, "screenshot.png"), filepath.Join(outDir, "widest_image.png"))
	if _, err := os.Stat(filepath.Join(outDir, "widest_image.png")); page.Images > 0 && err != nil {
		t.Errorf("%s: no screenshot of the widest image: %v", notebook, err)
	}
	data := pageChecks(t, notebook, outDir, page.ConsoleErrors, page.KernelConnected, page.KernelDead)
	sent := imageOutputs(t, data)
	if sent == 0 || page.Images < sent {
		t.Errorf("%s: the kernel sent %d image outputs and the page rendered %d images; want at least one, all rendered", notebook, sent, page.Images)
	}
}

// imageOutputs counts the outputs of a notebook that carry an image: PNG, JPEG or SVG data, or
// HTML holding an <img> or <svg>.
func imageOutputs(t *testing.T, ipynb []byte) int {
	t.Helper()
	var nb struct {
		Cells []struct {
			Outputs []struct {
				Data map[string]json.RawMessage `json:"data"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(ipynb, &nb); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			_, png := o.Data["image/png"]
			_, jpeg := o.Data["image/jpeg"]
			_, svg := o.Data["image/svg+xml"]
			var html nbscan.Multiline
			if raw, ok := o.Data["text/html"]; ok {
				_ = json.Unmarshal(raw, &html) // not text: no image in it
			}
			if png || jpeg || svg || strings.Contains(string(html), "<img") || strings.Contains(string(html), "<svg") {
				n++
			}
		}
	}
	return n
}

// pageChecks are the checks every browser run makes once its script has written
// OUT_DIR/notebook.json: console errors logged, the kernel connected and alive, and the notebook as
// the page holds it free of error outputs and fully run. It returns that notebook.
func pageChecks(t *testing.T, notebook, outDir string, consoleErrors []string, connected, dead bool) []byte {
	t.Helper()
	for _, e := range consoleErrors {
		t.Logf("browser console: %s", e)
	}
	if !connected || dead {
		t.Errorf("kernel connected=%v dead=%v after the run", connected, dead)
	}
	data, err := os.ReadFile(filepath.Join(outDir, "notebook.json"))
	if err != nil {
		t.Fatal(err)
	}
	report, err := nbscan.Scan(data)
	if err != nil {
		t.Fatalf("the notebook the page holds: %v", err)
	}
	for _, p := range report.Problems {
		t.Errorf("%s in the browser: %s", notebook, p)
	}
	if report.ExecutedCells != report.CodeCells {
		t.Errorf("%s: %d of %d code cells ran", notebook, report.ExecutedCells, report.CodeCells)
	}
	return data
}

// browserTools returns tests/browser and the Chromium to drive, or stops the test saying what to
// install.
func browserTools(t *testing.T, root string) (browserDir, chromium string) {
	t.Helper()
	browserDir = filepath.Join(root, "tests", "browser")
	chromium = os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	for _, need := range []string{chromium, filepath.Join(browserDir, "node_modules", "playwright-core", "package.json")} {
		if _, err := os.Stat(need); err != nil {
			t.Fatalf("%v: run `make setup` (it installs Debian's chromium and tests/browser's pinned playwright-core)", err)
		}
	}
	return browserDir, chromium
}
