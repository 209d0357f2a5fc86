package tests

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// notebookRef matches a notebook named in a comment: "notebooks/05_backprop.ipynb", or the bare
// "05_backprop.ipynb" of a list that named the folder once.
var notebookRef = regexp.MustCompile(`(?:notebooks/)?\b(\d\d_[A-Za-z0-9_]+)\.ipynb\b`)

// textNotebookRef matches, in Markdown and notebook sources, a notebook named as a file or in code
// quotes: "notebooks/07_momentum.ipynb", "07_momentum.ipynb" or "`07_momentum`".
var textNotebookRef = regexp.MustCompile(`(?:notebooks/)?\b(\d\d_[A-Za-z0-9_]+)\.ipynb\b|` + "`" + `(\d\d_[a-z0-9_]+)` + "`")

// StaleNotebookRefs parses every .go file under root (skipping build outputs, tools and hidden
// folders) and returns one line per comment that names a notebook which does not exist in
// root/notebooks: "path:line: notebooks/NAME.ipynb does not exist". Doc comments say where a
// helper is introduced ("Introduced in notebooks/NN_name.ipynb."), so a renamed notebook must
// not leave them pointing nowhere. Markdown files and notebook sources (*.nb.txt) are checked
// the same way over their whole text, except CHANGELOG.md, which keeps the names of its day.
func StaleNotebookRefs(root string) ([]string, error) {
	var stale []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "build" || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".nb.txt") {
			if d.Name() == "CHANGELOG.md" {
				return nil
			}
			found, err := staleInText(root, path)
			stale = append(stale, found...)
			return err
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("notebook references: %w", err)
		}
		for _, group := range file.Comments {
			for _, c := range group.List {
				for _, m := range notebookRef.FindAllStringSubmatch(c.Text, -1) {
					if _, err := os.Stat(filepath.Join(root, "notebooks", m[1]+".ipynb")); err != nil {
						rel, _ := filepath.Rel(root, path)
						stale = append(stale, fmt.Sprintf("%s:%d: notebooks/%s.ipynb does not exist",
							rel, fset.Position(c.Pos()).Line, m[1]))
					}
				}
			}
		}
		return nil
	})
	sort.Strings(stale)
	return stale, err
}

// staleInText returns the stale notebook references of one Markdown file or notebook source.
func staleInText(root, path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("notebook references: %w", err)
	}
	rel, _ := filepath.Rel(root, path)
	var stale []string
	for i, line := range strings.Split(string(data), "\n") {
		for _, m := range textNotebookRef.FindAllStringSubmatch(line, -1) {
			name := m[1] + m[2]
			if _, err := os.Stat(filepath.Join(root, "notebooks", name+".ipynb")); err != nil {
				stale = append(stale, fmt.Sprintf("%s:%d: notebooks/%s.ipynb does not exist", rel, i+1, name))
			}
		}
	}
	return stale, nil
}
