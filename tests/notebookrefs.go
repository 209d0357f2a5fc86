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

// StaleNotebookRefs parses every .go file under root (skipping build outputs, tools and hidden
// folders) and returns one line per comment that names a notebook which does not exist in
// root/notebooks: "path:line: notebooks/NAME.ipynb does not exist". Doc comments say where a
// helper is introduced ("Introduced in notebooks/NN_name.ipynb."), so a renamed notebook must
// not leave them pointing nowhere.
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
