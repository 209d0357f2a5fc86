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

// knobsNotebook is the notebook TestBrowserKnobs turns the knobs of; it has a slider and a select.
const knobsNotebook = "08_initialisation.ipynb"

// TestBrowserKnobs opens a notebook with knobs (plotting/knobs) in `make lab` with a real browser,
// runs it with Restart & Run All, moves every slider and picks another option in every select of
// its panels through the page, and requires that each move redrew the figure under its panel, that
// at least one slider and one select were turned, that every cell then finished without an error,
// and that no process is left (startLab's clean-up). Screenshots: build/browser/knobs/.
//
// DEEPNB_KNOBS_NOTEBOOK picks another notebook (a name in notebooks/).
func TestBrowserKnobs(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Jupyter and Chromium")
	}
	notebook := knobsNotebook
	if v := os.Getenv("DEEPNB_KNOBS_NOTEBOOK"); v != "" {
		notebook = v
	}
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	browserDir, chromium := browserTools(t, root)
	if _, err := os.Stat(filepath.Join(root, "notebooks", notebook)); err != nil {
		t.Fatal(err)
	}
	// The cells stop listening 5 s after the last move, so the notebook finishes; the browser
	// answers within FirstContact even on a loaded machine.
	t.Setenv("DEEPNB_KNOBS_IDLE", "5s")
	t.Setenv("DEEPNB_KNOBS_FIRST_CONTACT", "20s")
	lab := startLab(t)
	outDir := filepath.Join(root, "build", "browser", "knobs")
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
	// The default notebook has a slider and a select; another one (DEEPNB_KNOBS_NOTEBOOK) must
	// have redrawn for at least one control.
	if notebook == knobsNotebook && (turned["slider"] == 0 || turned["select"] == 0) {
		t.Errorf("%s: %d sliders and %d selects redrew their figure; want at least one of each", notebook, turned["slider"], turned["select"])
	}
	if len(turned) == 0 {
		t.Errorf("%s: no control redrew its figure", notebook)
	}
	for _, s := range page.Status {
		t.Logf("panel status: %s", s)
	}
	pageChecks(t, notebook, outDir, page.ConsoleErrors, page.KernelConnected, page.KernelDead)
}
