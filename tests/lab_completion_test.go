package tests

import (
	"encoding/json"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/internal/nbscan"
)

// TestLabCompletion checks autocomplete and Shift-Tab documentation in `make lab`: GoNB answers
// both through gopls, which set-up builds into .tools/bin. It runs notebook 01's first two code
// cells (the module pin and the imports) in a lab kernel, as a learner would before typing, then
// completes `datasets.LoadM` and inspects `datasets.LoadMNIST` in a cell below them.
func TestLabCompletion(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Jupyter")
	}
	lab := startLab(t)
	const notebook = "01_mnist_cnn.ipynb"
	wantDoc := docOf(t, filepath.Join(lab.root, "datasets"), "LoadMNIST")
	data, err := os.ReadFile(filepath.Join(lab.root, "notebooks", notebook))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string           `json:"cell_type"`
			Source   nbscan.Multiline `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: %v", notebook, err)
	}
	var cells []string
	dir := t.TempDir()
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		src := string(c.Source)
		// The module pin, then the cell with the imports: what completion needs in scope.
		if len(cells) == 0 || strings.HasPrefix(strings.TrimSpace(src), "import") {
			path := filepath.Join(dir, filepath.Base(notebook)+"-cell"+string(rune('0'+len(cells)))+".go")
			writeFile(t, path, src)
			cells = append(cells, path)
		}
		if len(cells) == 2 {
			break
		}
	}
	if len(cells) != 2 || !strings.Contains(readString(t, cells[1]), `"github.com/deepnb/deepnb/datasets"`) {
		t.Fatalf("%s: found no import cell that imports datasets", notebook)
	}

	connection := lab.startKernel(t, notebook)
	args := append([]string{filepath.Join(lab.root, "tests", "testdata", "complete_in_kernel.py"), connection, "%%\n_ = datasets.LoadM", "%%\n_ = datasets.LoadMNIST"}, cells...)
	run := exec.Command("/usr/bin/python3", args...)
	run.Env = append(os.Environ(), lab.envToken)
	var stderr strings.Builder
	run.Stderr = &stderr
	got, err := run.Output()
	if err != nil {
		t.Fatalf("completion in the lab's kernel: %v\n%s\nlab output:\n%s", err, stderr.String(), lab.out.String())
	}
	var reply struct {
		Matches []string `json:"matches"`
		Inspect struct {
			Status string            `json:"status"`
			Found  bool              `json:"found"`
			Data   map[string]string `json:"data"`
		} `json:"inspect"`
	}
	if err := json.Unmarshal(got, &reply); err != nil {
		t.Fatalf("reading the kernel's replies %q: %v", got, err)
	}
	if !slices.Contains(reply.Matches, "LoadMNIST") {
		t.Fatalf("complete_request for datasets.LoadM offered %q, not LoadMNIST (is gopls in .tools/bin?)", reply.Matches)
	}
	t.Logf("completions for datasets.LoadM: %q", reply.Matches)
	doc := strings.Join(strings.Fields(reply.Inspect.Data["text/plain"]+" "+reply.Inspect.Data["text/markdown"]), " ")
	if !reply.Inspect.Found || !strings.Contains(doc, wantDoc) {
		t.Fatalf("inspect_request for datasets.LoadMNIST: found=%v, documentation %q lacks its doc comment's first sentence %q",
			reply.Inspect.Found, doc, wantDoc)
	}
	t.Logf("inspect datasets.LoadMNIST: %.300q", doc)
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// docOf returns the first sentence of the doc comment of function name in the package in dir,
// with runs of white space made single spaces.
func docOf(t *testing.T, dir, name string) string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	pkg, err := doc.NewFromFiles(fset, files, "github.com/deepnb/deepnb/datasets")
	if err != nil {
		t.Fatal(err)
	}
	funcs := pkg.Funcs
	for _, typ := range pkg.Types { // go/doc files functions that return a type under that type
		funcs = append(funcs, typ.Funcs...)
	}
	for _, f := range funcs {
		if f.Name == name {
			return strings.Join(strings.Fields(pkg.Synopsis(f.Doc)), " ")
		}
	}
	t.Fatalf("%s: no function %s", dir, name)
	return ""
}
