package tests

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/internal/nbexec"
)

// TestImportDirection checks the layering docs/ARCHITECTURE.md describes: the trainer neither
// draws nor reads data sets, the layers do not choose the backend, the from-scratch math and the
// scalar autodiff do not use GoMLX, and no command imports the notebook harness.
func TestImportDirection(t *testing.T) {
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	const mod = "github.com/deepnb/deepnb/"
	for _, tc := range []struct {
		pkg       string
		forbidden []string
	}{
		{"./gomlx_ext/trainer", []string{mod + "plotting", mod + "datasets"}},
		{"./gomlx_ext/layers", []string{mod + "gomlx_ext/backend"}},
		{"./gomlx_ext/fromscratch", []string{"github.com/gomlx/gomlx/"}},
		{"./gomlx_ext/autodiff", []string{"github.com/gomlx/gomlx/", mod + "gomlx_ext/fromscratch"}},
		// Every command, cmd/nbrun (make run) included: it runs notebooks with internal/nbexec.
		{"./cmd/...", []string{mod + "tests"}},
	} {
		cmd := exec.Command("go", "list", "-deps", tc.pkg)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", tc.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range tc.forbidden {
				if dep == f || (strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f)) {
					t.Errorf("%s imports %s (docs/ARCHITECTURE.md: imports point one way)", tc.pkg, dep)
				}
			}
		}
	}
}
