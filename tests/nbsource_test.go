package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/internal/nbexec"
)

// TestNotebooksMatchSources checks that every notebooks/NAME.ipynb is exactly what
// scripts/mknb.py renders from notebooks/src/NAME.nb.txt, with outputs cleared, so the text that is
// reviewed and the notebook that runs never drift apart.
func TestNotebooksMatchSources(t *testing.T) {
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	notebooks, err := filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
	if err != nil || len(notebooks) == 0 {
		t.Fatalf("no notebooks found: %v", err)
	}
	for _, path := range notebooks {
		name := strings.TrimSuffix(filepath.Base(path), ".ipynb")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(root, "notebooks", "src", name+".nb.txt"))
			if err != nil {
				t.Fatalf("%s has no source: %v (write notebooks/src/%s.nb.txt and run make notebooks)", path, err, name)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var nb struct {
				Cells []struct {
					CellType string            `json:"cell_type"`
					Source   []string          `json:"source"`
					Outputs  []json.RawMessage `json:"outputs"`
					Count    *int              `json:"execution_count"`
					Metadata struct {
						Tags []string `json:"tags"`
					} `json:"metadata"`
				} `json:"cells"`
			}
			if err := json.Unmarshal(data, &nb); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			var b strings.Builder
			for i, c := range nb.Cells {
				if len(c.Outputs) > 0 || c.Count != nil {
					t.Errorf("%s: cell %d has outputs: notebooks are committed cleared (make notebooks)", path, i)
				}
				marker := "## " + c.CellType
				if len(c.Metadata.Tags) > 0 {
					marker += " tags=" + strings.Join(c.Metadata.Tags, ",")
				}
				b.WriteString(marker + "\n" + strings.Join(c.Source, "") + "\n")
			}
			if normalize(b.String()) != normalize(string(src)) {
				t.Errorf("%s differs from notebooks/src/%s.nb.txt: run make notebooks", path, name)
			}
		})
	}
}

// normalize drops trailing blank lines inside cells and at the end, which mknb.py drops too.
func normalize(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, "## ") {
			for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
				out = out[:len(out)-1]
			}
		}
		out = append(out, strings.TrimRight(l, " \t"))
	}
	return strings.Join(out, "\n")
}

// TestNotebookTitlesMatchNumbers checks that each notebook's title, the first heading of its first
// Markdown cell, starts with the number its file name starts with ("# 06 · …" in 06_autodiff), so
// a renumbering that moves the files cannot leave a learner reading the old number.
func TestNotebookTitlesMatchNumbers(t *testing.T) {
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	sources, err := filepath.Glob(filepath.Join(root, "notebooks", "src", "*.nb.txt"))
	if err != nil || len(sources) == 0 {
		t.Fatalf("no notebook sources found: %v", err)
	}
	for _, path := range sources {
		name := filepath.Base(path)
		number, _, ok := strings.Cut(name, "_")
		if !ok {
			t.Errorf("%s: file name does not start with NN_", name)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		title := ""
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "# ") {
				title = line
				break
			}
		}
		if want := "# " + number + " · "; !strings.HasPrefix(title, want) {
			t.Errorf("%s: title %q, want it to start with %q", name, title, want)
		}
	}
}
