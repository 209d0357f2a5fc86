package tests

import (
	"bytes"
	"cmp"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
)

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMakeLab starts `make lab` as a user would, checks that its kernel list has the Go kernel,
// opens notebooks/01_mnist_cnn.ipynb in a session and runs the notebook's first cell and a cell
// that uses DeepNB's packages (backend, bundled MNIST) in that kernel.
func TestMakeLab(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Jupyter")
	}
	lab := startLab(t)
	var specs struct {
		Kernelspecs map[string]any `json:"kernelspecs"`
	}
	lab.api(t, "GET", "/api/kernelspecs", "", &specs)
	if _, ok := specs.Kernelspecs["gonb"]; !ok {
		t.Fatalf("kernel list %v has no gonb", specs.Kernelspecs)
	}
	connection := lab.startKernel(t, "01_mnist_cnn.ipynb")

	dir := t.TempDir()
	firstCell := filepath.Join(dir, "first.go")
	checkCell := filepath.Join(dir, "check.go")
	writeFile(t, firstCell, "!*go mod edit -require=github.com/deepnb/deepnb@v0.0.0 -replace=github.com/deepnb/deepnb=${GONB_DIR}/..\n")
	writeFile(t, checkCell, `import (
	"fmt"
	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/backend"
)
%%
b, choice, err := backend.New()
if err != nil {
	panic(err)
}
fmt.Println(backend.Describe(b, choice))
train, test, err := datasets.LoadMNISTDefault()
if err != nil {
	panic(err)
}
fmt.Println("MNIST", train.N, test.N)
`)
	run := exec.Command("/usr/bin/python3", filepath.Join(lab.root, "tests", "testdata", "exec_in_kernel.py"), connection, firstCell, checkCell)
	run.Env = append(os.Environ(), lab.envToken)
	got, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("running cells in the lab's kernel: %v\n%s\nlab output:\n%s", err, got, lab.out.String())
	}
	// The lab's kernel inherits $GOMLX_BACKEND (make test sets it), else picks the fast pure-Go backend.
	wantBackend := cmp.Or(strings.TrimSpace(os.Getenv(backend.EnvVar)), backend.FastPureGo)
	for _, want := range []string{"backend: " + wantBackend + " = ", "MNIST 60000 10000"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("cell output lacks %q:\n%s", want, got)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
