package results

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/deepnb/deepnb/internal/nbscan"
)

// Report is the whole reproduction: where it ran, one entry per notebook, and the table rows.
type Report struct {
	Generated time.Time `json:"generated"`
	// GoVersion, Platform and CPUs describe the machine that ran the notebooks.
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
	CPUs      int    `json:"cpus"`
	// EnvBackend is $GOMLX_BACKEND as the run saw it.
	EnvBackend string     `json:"gomlx_backend_env"`
	Summary    Summary    `json:"summary"`
	Notebooks  []Notebook `json:"notebooks"`
	// Rows is the results table: one row per claim, with its notebook's backend and wall time.
	Rows []Row `json:"rows"`
}

// Summary counts notebooks by verdict and claims by outcome.
type Summary struct {
	Notebooks  int `json:"notebooks"`
	Passed     int `json:"passed"`
	Failed     int `json:"failed"`
	NotRun     int `json:"not_run"`
	Claims     int `json:"claims"`
	ClaimsHeld int `json:"claims_held"`
}

// Row is one claim of one notebook, as in the table.
type Row struct {
	nbscan.ClaimRecord
	Backend     string  `json:"backend"`
	WallSeconds float64 `json:"wall_seconds"`
}

// Meta describes the machine and run a report is about.
type Meta struct {
	Generated  time.Time
	GoVersion  string
	Platform   string
	CPUs       int
	EnvBackend string
}

// NewReport assembles a report from collected notebooks.
func NewReport(meta Meta, notebooks []Notebook) Report {
	r := Report{
		Generated: meta.Generated.UTC(), GoVersion: meta.GoVersion, Platform: meta.Platform, CPUs: meta.CPUs,
		EnvBackend: meta.EnvBackend, Notebooks: notebooks, Rows: []Row{},
	}
	if r.Notebooks == nil {
		r.Notebooks = []Notebook{}
	}
	for _, nb := range notebooks {
		r.Summary.Notebooks++
		switch nb.Verdict {
		case Pass:
			r.Summary.Passed++
		case NotRun:
			r.Summary.NotRun++
		default:
			r.Summary.Failed++
		}
		for _, c := range nb.Claims {
			r.Summary.Claims++
			if c.Pass {
				r.Summary.ClaimsHeld++
			}
			r.Rows = append(r.Rows, Row{ClaimRecord: c, Backend: nb.Backend, WallSeconds: nb.WallSeconds})
		}
	}
	return r
}

// OK reports whether every notebook ran and passed.
func (r Report) OK() bool {
	return r.Summary.Notebooks > 0 && r.Summary.Passed == r.Summary.Notebooks
}

// JSON encodes the report, indented, with a final newline.
func (r Report) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the results: %w", err)
	}
	return append(data, '\n'), nil
}

// Write writes dir/results.md and dir/results.json, each atomically, and returns their paths.
func (r Report) Write(dir string) (mdPath, jsonPath string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("writing the results: %w", err)
	}
	data, err := r.JSON()
	if err != nil {
		return "", "", err
	}
	mdPath, jsonPath = filepath.Join(dir, "results.md"), filepath.Join(dir, "results.json")
	if err := atomicfile.WriteFile(jsonPath, data, 0o644); err != nil {
		return "", "", err
	}
	if err := atomicfile.WriteFile(mdPath, []byte(r.Markdown()), 0o644); err != nil {
		return "", "", err
	}
	return mdPath, jsonPath, nil
}
