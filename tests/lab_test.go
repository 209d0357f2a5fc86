package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
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
	root, err := FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	token, err := newToken()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("make", "--no-print-directory", "lab", fmt.Sprintf("PORT=%d", port))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), token)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The kernel runs in a session of its own and keeps the output pipe open, so it is killed by
	// the token its environment inherited before waiting for make.
	cmd.WaitDelay = 5 * time.Second
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if left := killEnvTree(token, 10*time.Second); len(left) > 0 {
			t.Errorf("processes left behind: %v", left)
		}
		_ = cmd.Wait()
	})

	urlRE := regexp.MustCompile(fmt.Sprintf(`http://127\.0\.0\.1:%d/\S*\?token=([0-9a-f]+)`, port))
	var apiToken string
	for deadline := time.Now().Add(2 * time.Minute); apiToken == ""; time.Sleep(200 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(out.String()); m != nil {
			apiToken = m[1]
		} else if time.Now().After(deadline) || cmd.ProcessState != nil {
			t.Fatalf("make lab did not print its URL:\n%s", out.String())
		}
	}
	api := func(method, path, body string, into any) {
		t.Helper()
		req, _ := http.NewRequest(method, fmt.Sprintf("http://127.0.0.1:%d%s?token=%s", port, path, apiToken), strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}

	var specs struct {
		Kernelspecs map[string]any `json:"kernelspecs"`
	}
	api("GET", "/api/kernelspecs", "", &specs)
	if _, ok := specs.Kernelspecs["gonb"]; !ok {
		t.Fatalf("kernel list %v has no gonb", specs.Kernelspecs)
	}

	var session struct {
		Kernel struct {
			ID string `json:"id"`
		} `json:"kernel"`
	}
	api("POST", "/api/sessions", `{"path":"01_mnist_cnn.ipynb","type":"notebook","kernel":{"name":"gonb"}}`, &session)
	if session.Kernel.ID == "" {
		t.Fatal("no kernel started for the notebook session")
	}
	connection := filepath.Join(root, ".tools", "jupyter", "runtime", "kernel-"+session.Kernel.ID+".json")

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
	run := exec.Command("/usr/bin/python3", filepath.Join(root, "tests", "testdata", "exec_in_kernel.py"), connection, firstCell, checkCell)
	run.Env = append(os.Environ(), token)
	got, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("running cells in the lab's kernel: %v\n%s\nlab output:\n%s", err, got, out.String())
	}
	for _, want := range []string{"backend: go", "MNIST 60000 10000"} {
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
