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
)

// knobsNotebooks are the notebooks TestBrowserKnobs turns the knobs of: 08 has a slider and a
// select, 04 a slider and a button that animates.
var knobsNotebooks = []string{"08_initialisation.ipynb", "04_gradient_descent.ipynb"}

// TestBrowserKnobs opens notebooks with knobs (plotting/knobs) in `make lab` with a real browser,
// runs each with Restart & Run All, moves every slider, picks another option in every select and
// clicks every button of its panels through the page, and requires that each of these redrew the
// figure under its panel, that the notebooks together turned at least one slider, one select and
// one button, that every cell then finished without an error, and that no process is left
// (startLab's clean-up). Screenshots: build/browser/knobs/NOTEBOOK/.
//
// DEEPNB_KNOBS_NOTEBOOK picks other notebooks (names in notebooks/, separated by commas); each must
// then redraw for at least one control.
func TestBrowserKnobs(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Jupyter and Chromium")
	}
	notebooks, defaults := knobsNotebooks, true
	if v := os.Getenv("DEEPNB_KNOBS_NOTEBOOK"); v != "" {
		notebooks, defaults = strings.Split(v, ","), false
	}
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	browserDir, chromium := browserTools(t, root)
	for _, nb := range notebooks {
		if _, err := os.Stat(filepath.Join(root, "notebooks", nb)); err != nil {
			t.Fatal(err)
		}
	}
	// The cells stop listening 5 s after the last move, so the notebook finishes; the browser
	// answers within FirstContact even on a loaded machine.
	t.Setenv("DEEPNB_KNOBS_IDLE", "5s")
	t.Setenv("DEEPNB_KNOBS_FIRST_CONTACT", "20s")
	lab := startLab(t)
	turned := map[string]int{}
	for _, notebook := range notebooks {
		t.Run(strings.TrimSuffix(notebook, ".ipynb"), func(t *testing.T) {
			kinds := turnKnobs(t, root, browserDir, chromium, lab, notebook)
			if len(kinds) == 0 {
				t.Errorf("%s: no control redrew its figure", notebook)
			}
			for k, n := range kinds {
				turned[k] += n
			}
		})
	}
	if defaults && (turned["slider"] == 0 || turned["select"] == 0 || turned["button"] == 0) {
		t.Errorf("%v turned %d sliders, %d selects and %d buttons that redrew their figure; want at least one of each",
			notebooks, turned["slider"], turned["select"], turned["button"])
	}
}

// turnKnobs runs knobs.js on one notebook in lab and checks what it saw; it returns how many
// controls of each kind redrew their figure.
func turnKnobs(t *testing.T, root, browserDir, chromium string, lab *labServer, notebook string) map[string]int {
	outDir := filepath.Join(root, "build", "browser", "knobs", strings.TrimSuffix(notebook, ".ipynb"))
	if err := os.RemoveAll(outDir); err != nil {
		t.Fatal(err)
	}
	timeout := 10 * time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	node := exec.CommandContext(ctx, "node", "knobs.js", lab.url("/notebooks/"+notebook), outDir, strconv.Itoa(int(timeout.Seconds())))
	node.Dir = browserDir
	node.Env = append(os.Environ(), lab.envToken, "CHROMIUM="+chromium)
	node.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	node.Cancel = func() error { return syscall.Kill(-node.Process.Pid, syscall.SIGKILL) }
	var stderr strings.Builder
	node.Stderr = &stderr
	out, err := node.Output()
	if err != nil {
		t.Fatalf("browser run of %s: %v\n%s\nlab output:\n%s", notebook, err, stderr.String(), lab.out.String())
	}
	var page struct {
		Moves []struct {
			Panel    int    `json:"panel"`
			Kind     string `json:"kind"`
			Label    string `json:"label"`
			From     int    `json:"from"`
			To       int    `json:"to"`
			Changed  bool   `json:"changed"`
			RedrawMs int    `json:"redraw_ms"`
		} `json:"moves"`
		Status          []string `json:"status"`
		KernelConnected bool     `json:"kernel_connected"`
		KernelDead      bool     `json:"kernel_dead"`
		Seconds         float64  `json:"seconds"`
		ConsoleErrors   []string `json:"console_errors"`
	}
	if err := json.Unmarshal(out, &page); err != nil {
		t.Fatalf("knobs.js printed %q: %v", out, err)
	}
	t.Logf("%s: run and knobs took %.1f s; screenshots in %s", notebook, page.Seconds, outDir)
	turned := map[string]int{}
	for _, m := range page.Moves {
		t.Logf("panel %d: %s %q %d → %d: redrawn=%v in %d ms (page to page)", m.Panel, m.Kind, m.Label, m.From, m.To, m.Changed, m.RedrawMs)
		if !m.Changed {
			t.Errorf("panel %d: moving %s %q from %d to %d did not redraw its figure within 30 s", m.Panel, m.Kind, m.Label, m.From, m.To)
		} else {
			turned[m.Kind]++
		}
	}
	for _, s := range page.Status {
		t.Logf("panel status: %s", s)
	}
	pageChecks(t, notebook, outDir, page.ConsoleErrors, page.KernelConnected, page.KernelDead)
	return turned
}
