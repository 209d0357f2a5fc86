package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/internal/nbexec"
)

// TestNotebookSourcesCompile turns every notebooks/src/*.nb.txt into one Go program, the way
// GoNB assembles cells (declarations at the top level, a later declaration of a name replacing an
// earlier one, each %% cell a function body, shell and magic lines dropped), and vets it against
// the packages as they are now. It runs nothing, so it is fast; it fails when a package API a
// notebook calls is renamed or removed without the notebook following (the full run in
// TestNotebooks would find the same, minutes later).
func TestNotebookSourcesCompile(t *testing.T) {
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	tools := os.Getenv("DEEPNB_TOOLS_DIR")
	if tools == "" {
		tools = filepath.Join(root, ".tools")
	}
	goimports := filepath.Join(tools, "bin", "goimports")
	if _, err := os.Stat(goimports); err != nil {
		t.Skipf("goimports not set up (%v): run make setup", err)
	}
	sources, err := filepath.Glob(filepath.Join(root, "notebooks", "src", "*.nb.txt"))
	if err != nil || len(sources) == 0 {
		t.Fatalf("no notebook sources: %v", err)
	}
	// "_" keeps ./... patterns from ever picking the generated programs up.
	work := filepath.Join(root, "build", "_nbcompile")
	t.Cleanup(func() { _ = os.RemoveAll(work) })
	for _, src := range sources {
		name := strings.TrimSuffix(filepath.Base(src), ".nb.txt")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(work, name)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "main.go")
			if err := os.WriteFile(file, []byte(notebookProgram(string(text))), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(goimports, "-w", file).CombinedOutput(); err != nil {
				t.Fatalf("goimports: %v\n%s", err, out)
			}
			vet := exec.Command("go", "vet", "./build/_nbcompile/"+name)
			vet.Dir = root
			if out, err := vet.CombinedOutput(); err != nil {
				t.Errorf("%s does not compile against the packages (cells assembled in %s):\n%s", src, file, out)
			}
		})
	}
}

var (
	cellHeader = regexp.MustCompile(`^## (code|markdown)\b`)
	declStart  = regexp.MustCompile(`\n(?:func|type|var|const|import)\b`)
	importList = regexp.MustCompile(`(?s)^import\s*\((.*?)\)`)
	importOne  = regexp.MustCompile(`^import\s+(.*)`)
	methodDecl = regexp.MustCompile(`^func\s+\(\w+\s+\*?(\w+)(?:\[[^\]]*\])?\)\s*(\w+)`)
	funcDecl   = regexp.MustCompile(`^func\s+(\w+)`)
	namedDecl  = regexp.MustCompile(`^(type|var|const)\s+(\w+)`)
	blockDecl  = regexp.MustCompile(`^(type|var|const)\s*\(`)
	blockNames = regexp.MustCompile(`(?m)^\t(\w+)`)
)

// notebookProgram assembles a notebook source's code cells into one Go program.
func notebookProgram(src string) string {
	var cells [][]string
	var code bool
	for _, line := range strings.Split(src, "\n") {
		if m := cellHeader.FindStringSubmatch(line); m != nil {
			code = m[1] == "code"
			if code {
				cells = append(cells, nil)
			}
			continue
		}
		if code {
			cells[len(cells)-1] = append(cells[len(cells)-1], line)
		}
	}
	imports := map[string]bool{}
	decls := map[string]string{}
	var order, bodies []string
	add := func(key, text string) {
		if _, ok := decls[key]; !ok {
			order = append(order, key)
		}
		decls[key] = text
	}
	for i, cell := range cells {
		// As in GoNB, a line "%%" starts the cell's body: what comes before it (often nothing)
		// is declarations, what comes after runs as main.
		var kept, body []string
		inBody := false
		for _, line := range cell {
			switch {
			case strings.HasPrefix(line, "%%"):
				inBody = true
			case strings.HasPrefix(line, "!") || strings.HasPrefix(line, "%"):
			case inBody:
				body = append(body, line)
			default:
				kept = append(kept, line)
			}
		}
		if inBody {
			bodies = append(bodies, fmt.Sprintf("func cell%d() {\n%s\n}\n", i, strings.Join(body, "\n")))
		}
		text := "\n" + strings.Join(kept, "\n")
		starts := declStart.FindAllStringIndex(text, -1)
		for k, s := range starts {
			end := len(text)
			if k+1 < len(starts) {
				end = starts[k+1][0]
			}
			part := strings.Trim(text[s[0]:end], "\n")
			switch {
			case importList.MatchString(part):
				for _, l := range strings.Split(importList.FindStringSubmatch(part)[1], "\n") {
					if l = strings.TrimSpace(l); l != "" {
						imports[l] = true
					}
				}
			case importOne.MatchString(part):
				imports[strings.TrimSpace(importOne.FindStringSubmatch(part)[1])] = true
			case methodDecl.MatchString(part):
				m := methodDecl.FindStringSubmatch(part)
				add("method "+m[1]+"."+m[2], part)
			case funcDecl.MatchString(part):
				add("func "+funcDecl.FindStringSubmatch(part)[1], part)
			case namedDecl.MatchString(part):
				m := namedDecl.FindStringSubmatch(part)
				add(m[1]+" "+m[2], part)
			case blockDecl.MatchString(part):
				var names []string
				for _, n := range blockNames.FindAllStringSubmatch(part, -1) {
					names = append(names, n[1])
				}
				add(blockDecl.FindStringSubmatch(part)[1]+" ("+strings.Join(names, ",")+")", part)
			}
		}
	}
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	var imps []string
	for imp := range imports {
		imps = append(imps, imp)
	}
	sort.Strings(imps)
	for _, imp := range imps {
		b.WriteString("\t" + imp + "\n")
	}
	b.WriteString(")\n\n")
	for _, key := range order {
		b.WriteString(decls[key] + "\n\n")
	}
	b.WriteString(strings.Join(bodies, "\n"))
	if _, ok := decls["func main"]; !ok {
		b.WriteString("\nfunc main() {}\n")
	}
	return b.String()
}
