package tests

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbexec"
)

// labServer is a running `make lab`, started the way a user starts it, and stopped (with every
// process it started) when the test ends.
type labServer struct {
	root     string
	port     int
	apiToken string
	// envToken is the NAME=VALUE entry every process the lab starts inherits; it finds them all
	// at clean-up, the kernels included (they run in sessions of their own).
	envToken string
	out      *syncBuffer
}

// startLab starts `make lab` on a free port of 127.0.0.1 and waits until Jupyter prints its URL.
func startLab(t *testing.T) *labServer {
	t.Helper()
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	token, err := nbexec.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("make", "--no-print-directory", "lab", fmt.Sprintf("PORT=%d", port))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), token)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The kernel runs in a session of its own and keeps the output pipe open, so it is killed by
	// the token its environment inherited before waiting for make.
	cmd.WaitDelay = 5 * time.Second
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if left := nbexec.KillEnvTree(token, 10*time.Second); len(left) > 0 {
			t.Errorf("processes left behind: %v", left)
		}
		_ = cmd.Wait()
	})

	urlRE := regexp.MustCompile(fmt.Sprintf(`http://127\.0\.0\.1:%d/\S*\?token=([0-9a-f]+)`, port))
	lab := &labServer{root: root, port: port, envToken: token, out: out}
	for deadline := time.Now().Add(2 * time.Minute); lab.apiToken == ""; time.Sleep(200 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(out.String()); m != nil {
			lab.apiToken = m[1]
		} else if time.Now().After(deadline) || cmd.ProcessState != nil {
			t.Fatalf("make lab did not print its URL:\n%s", out.String())
		}
	}
	return lab
}

// url returns the lab's address for path, with the token that logs in.
func (l *labServer) url(path string) string {
	return fmt.Sprintf("http://127.0.0.1:%d%s?token=%s", l.port, path, l.apiToken)
}

// api calls the Jupyter REST API and decodes its JSON answer into into.
func (l *labServer) api(t *testing.T, method, path, body string, into any) {
	t.Helper()
	req, err := http.NewRequest(method, l.url(path), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
}

// startKernel opens a notebook session with the Go kernel and returns the kernel's connection file.
func (l *labServer) startKernel(t *testing.T, notebook string) string {
	t.Helper()
	var session struct {
		Kernel struct {
			ID string `json:"id"`
		} `json:"kernel"`
	}
	l.api(t, "POST", "/api/sessions", fmt.Sprintf(`{"path":%q,"type":"notebook","kernel":{"name":"gonb"}}`, notebook), &session)
	if session.Kernel.ID == "" {
		t.Fatalf("no kernel started for a session on %s", notebook)
	}
	return filepath.Join(l.root, ".tools", "jupyter", "runtime", "kernel-"+session.Kernel.ID+".json")
}
