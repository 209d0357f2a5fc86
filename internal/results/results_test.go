package results

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/results.golden.md")

// fixture copies testdata/executed to a temporary directory, with every file dated
// `modified`, so that tests can age files.
func fixture(t *testing.T, modified time.Time) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(filepath.Join("testdata", "executed"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata", "executed", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, e.Name())
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, modified, modified); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var (
	since   = time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)
	fixMeta = Meta{Generated: since.Add(30 * time.Minute), GoVersion: "go1.26.8", Platform: "linux/amd64", CPUs: 16, EnvBackend: "xla:cpu"}
	allFix  = []string{"01_mnist", "02_timeout", "03_stale", "04_nobackend", "05_missing", "06_badlog"}
)

// collectFixture collects every fixture notebook as of `since`, with 03_stale's log a day older,
// and returns them with the fixture's directory.
func collectFixture(t *testing.T) ([]Notebook, string) {
	t.Helper()
	dir := fixture(t, since.Add(time.Minute))
	old := since.Add(-24 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "03_stale.log"), old, old); err != nil {
		t.Fatal(err)
	}
	nbs, err := Collect(Options{ExecutedDir: dir, Notebooks: allFix, Since: since, EnvBackend: "xla:cpu"})
	if err != nil {
		t.Fatal(err)
	}
	return nbs, dir
}

func TestCollect(t *testing.T) {
	nbs, _ := collectFixture(t)
	tests := []struct {
		name, verdict, backend, source string
		wall                           float64
		claims                         int
		problem                        string // substring of the first problem; "" means none
	}{
		{name: "01_mnist", verdict: Pass, backend: "xla:cpu", source: SourcePrinted, wall: 273.3, claims: 4},
		{name: "02_timeout", verdict: Fail, backend: "xla:cpu", source: SourceEnv, wall: 1500, problem: "timeout"},
		{name: "03_stale", verdict: NotRun, backend: "xla:cpu", source: SourceEnv, problem: "before this reproduction started"},
		{name: "04_nobackend", verdict: Fail, backend: "xla:cpu", source: SourceEnv, wall: 12.25, claims: 1, problem: "error output"},
		{name: "05_missing", verdict: NotRun, backend: "xla:cpu", source: SourceEnv, problem: "not run"},
		{name: "06_badlog", verdict: Fail, backend: "xla:cpu", source: SourceEnv, problem: `verdict "MAYBE"`},
	}
	if len(nbs) != len(tests) {
		t.Fatalf("%d notebooks, want %d", len(nbs), len(tests))
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nb := nbs[i]
			if nb.Name != tc.name || nb.Verdict != tc.verdict || nb.Backend != tc.backend || nb.BackendSource != tc.source {
				t.Errorf("got %s %s backend %q (%s), want %s %s backend %q (%s)",
					nb.Name, nb.Verdict, nb.Backend, nb.BackendSource, tc.name, tc.verdict, tc.backend, tc.source)
			}
			if nb.WallSeconds != tc.wall {
				t.Errorf("wall %v s, want %v s", nb.WallSeconds, tc.wall)
			}
			if len(nb.Claims) != tc.claims {
				t.Errorf("%d claims, want %d", len(nb.Claims), tc.claims)
			}
			switch {
			case tc.problem == "" && len(nb.Problems) > 0:
				t.Errorf("unexpected problems %q", nb.Problems)
			case tc.problem != "" && (len(nb.Problems) == 0 || !strings.Contains(nb.Problems[0], tc.problem)):
				t.Errorf("problems %q, want the first to contain %q", nb.Problems, tc.problem)
			}
		})
	}
	if got := nbs[0].BackendLines; len(got) != 1 || !strings.HasPrefix(got[0], "backend: xla:cpu = ") {
		t.Errorf("01_mnist backend lines %q: want the one distinct line", got)
	}
}

// TestCollectDisagreement: a log that says PASS next to an executed copy with a failing claim
// (files of different runs) must not pass.
func TestCollectDisagreement(t *testing.T) {
	dir := fixture(t, since.Add(time.Minute))
	path := filepath.Join(dir, "01_mnist.ipynb")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "CLAIM PASS | test accuracy | 0.9853", "CLAIM FAIL | test accuracy | 0.9753", 1)
	if bad == string(data) {
		t.Fatal("fixture changed: claim line not found")
	}
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	nbs, err := Collect(Options{ExecutedDir: dir, Notebooks: []string{"01_mnist"}})
	if err != nil {
		t.Fatal(err)
	}
	if nbs[0].Verdict != Fail || !slices.ContainsFunc(nbs[0].Problems, func(p string) bool { return strings.Contains(p, "claim failed") }) {
		t.Errorf("verdict %s, problems %q: want FAIL with the failed claim", nbs[0].Verdict, nbs[0].Problems)
	}
}

func TestCollectMissingExecutedCopy(t *testing.T) {
	dir := fixture(t, since)
	if err := os.Remove(filepath.Join(dir, "01_mnist.ipynb")); err != nil {
		t.Fatal(err)
	}
	nbs, err := Collect(Options{ExecutedDir: dir, Notebooks: []string{"01_mnist"}, EnvBackend: ""})
	if err != nil {
		t.Fatal(err)
	}
	nb := nbs[0]
	if nb.Verdict != Fail || nb.Backend != "go" || nb.BackendSource != SourceEnv {
		t.Errorf("got %s on %q (%s); want FAIL on the harness default \"go\" from the environment", nb.Verdict, nb.Backend, nb.BackendSource)
	}
}

func TestReportMarkdownGolden(t *testing.T) {
	nbs, dir := collectFixture(t)
	// Problems name the fixture's temporary directory: keep the golden file stable.
	got := strings.ReplaceAll(NewReport(fixMeta, nbs).Markdown(), dir, "DIR")
	golden := filepath.Join("testdata", "results.golden.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update once to create it)", err)
	}
	if got != string(want) {
		t.Errorf("Markdown differs from %s (go test -update to accept):\n%s", golden, got)
	}
}

func TestReportJSON(t *testing.T) {
	nbs, _ := collectFixture(t)
	r := NewReport(fixMeta, nbs)
	data, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Summary Summary `json:"summary"`
		Rows    []struct {
			Notebook    string   `json:"notebook"`
			Claim       string   `json:"claim"`
			Value       *float64 `json:"value"`
			Backend     string   `json:"backend"`
			WallSeconds float64  `json:"wall_seconds"`
			Line        string   `json:"line"`
		} `json:"rows"`
		Notebooks []map[string]any `json:"notebooks"`
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	want := Summary{Notebooks: 6, Passed: 1, Failed: 3, NotRun: 2, Claims: 5, ClaimsHeld: 4}
	if back.Summary != want {
		t.Errorf("summary %+v, want %+v", back.Summary, want)
	}
	if len(back.Rows) != 5 || len(back.Notebooks) != 6 {
		t.Fatalf("%d rows and %d notebooks, want 5 and 6", len(back.Rows), len(back.Notebooks))
	}
	first := back.Rows[0]
	if first.Notebook != "01_mnist" || first.Claim != "test accuracy" || first.Value == nil || *first.Value != 0.9853 ||
		first.Backend != "xla:cpu" || first.WallSeconds != 273.3 || first.Line != "CLAIM PASS | test accuracy | 0.9853 | >= | 0.98" {
		t.Errorf("first row %+v", first)
	}
	// Exact values survive in JSON even where the table rounds them.
	if v := back.Rows[2].Value; v == nil || *v != 0.2874999999999999 {
		t.Errorf("third row value %v, want 0.2874999999999999 exactly", v)
	}
	if r.OK() {
		t.Error("OK() with failed notebooks")
	}
}

func TestReportWrite(t *testing.T) {
	nbs, err := Collect(Options{ExecutedDir: fixture(t, since), Notebooks: []string{"01_mnist"}})
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport(fixMeta, nbs)
	if !r.OK() {
		t.Errorf("OK() = false for one passing notebook: %+v", r.Summary)
	}
	dir := filepath.Join(t.TempDir(), "reproduce")
	md, js, err := r.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{md, js} {
		data, err := os.ReadFile(p)
		if err != nil || len(data) == 0 {
			t.Errorf("%s: %v (%d bytes)", p, err, len(data))
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d files in %s, want exactly results.md and results.json (no temporary files left)", len(entries), dir)
	}
	if _, _, err := r.Write(filepath.Join(md, "sub")); err == nil {
		t.Error("Write under a regular file: want an error")
	}
}

func TestBackendConfig(t *testing.T) {
	tests := []struct{ line, want string }{
		{"backend: go = SimpleGo (go) (Simple Go Portable Backend; chosen from $GOMLX_BACKEND) on linux/amd64, GOMAXPROCS=2", "go"},
		{"  backend: xla:/opt/jax/xla_cuda_plugin.so = xla (cuda) on linux/amd64", "xla:/opt/jax/xla_cuda_plugin.so"},
		{"backend: xla:cpu", "xla:cpu"},
		{"backend: ", ""},
		{"training on backend SimpleGo", ""},
	}
	for _, tc := range tests {
		if got := BackendConfig(tc.line); got != tc.want {
			t.Errorf("BackendConfig(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestParseRunLog(t *testing.T) {
	tests := []struct {
		name, log string
		want      RunLog
		wantErr   string
	}{
		{name: "pass", log: "verdict:  PASS\nwall:     1.5s\n--- nbconvert output ---\nverdict: FAIL\nproblem: printed by a cell\n",
			want: RunLog{Verdict: Pass, Wall: 1500 * time.Millisecond}},
		{name: "fail with problems", log: "verdict:  FAIL\nwall:     2m3s\nproblem:  a: b | c\nproblem:  d\n",
			want: RunLog{Verdict: Fail, Wall: 123 * time.Second, Problems: []string{"a: b | c", "d"}}},
		{name: "no verdict", log: "wall: 1s\n", wantErr: "no \"verdict:\""},
		{name: "no wall", log: "verdict: PASS\n", wantErr: "no \"wall:\""},
		{name: "bad wall", log: "verdict: PASS\nwall: soon\n", wantErr: "wall time"},
		{name: "negative wall", log: "verdict: PASS\nwall: -1s\n", wantErr: "wall time"},
		{name: "header after marker only", log: "--- nbconvert output ---\nverdict: PASS\nwall: 1s\n", wantErr: "no \"verdict:\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseRunLog([]byte(tc.log))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Verdict != tc.want.Verdict || got.Wall != tc.want.Wall || !slices.Equal(got.Problems, tc.want.Problems) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func FuzzParseRunLog(f *testing.F) {
	f.Add("verdict:  PASS\nwall:     273.3s\n")
	f.Add("verdict: FAIL\nwall: 1s\nproblem: x\n--- nbconvert output ---\n")
	f.Fuzz(func(t *testing.T, s string) {
		log, err := ParseRunLog([]byte(s))
		if err != nil {
			return
		}
		if (log.Verdict != Pass && log.Verdict != Fail) || log.Wall < 0 {
			t.Fatalf("accepted %+v", log)
		}
	})
}
