//go:build cgo && !noxla

package backend

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// childEnv marks the copy of this test binary that reports Choose() for TestChoosePicksInstalledPlugin.
// go-xla reads its plugin search path once, when the process starts, so each case needs a process.
const childEnv = "DEEPNB_BACKEND_CHOOSE_CHILD"

// TestChoosePicksInstalledPlugin checks where `make xla` installs (~/.local/lib/go-xla) is where
// Choose finds a plugin, and that a broken or absent plugin leaves the pure-Go backend. The
// plugin is a stand-in the test compiles: a shared library exporting GetPjrtApi, all go-xla looks
// for when it searches. It is never used to run anything.
func TestChoosePicksInstalledPlugin(t *testing.T) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("no gcc to build a stand-in plugin (scripts/setup.sh installs it)")
	}
	work := t.TempDir()
	src := filepath.Join(work, "stub.c")
	if err := os.WriteFile(src, []byte("static int api;\nvoid *GetPjrtApi(void) { return &api; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stub := filepath.Join(work, "stub.so")
	if out, err := exec.Command(gcc, "-shared", "-fPIC", "-o", stub, src).CombinedOutput(); err != nil {
		t.Fatalf("building the stand-in plugin: %v\n%s", err, out)
	}
	stubBytes, err := os.ReadFile(stub)
	if err != nil {
		t.Fatal(err)
	}
	put := func(dir string, contents []byte) string {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "pjrt_c_api_cpu_plugin.so"), contents, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}

	installedHome := filepath.Join(work, "installed-home")
	put(filepath.Join(installedHome, ".local", "lib", "go-xla"), stubBytes)
	broken := put(filepath.Join(work, "broken"), []byte("not a shared library"))
	empty := filepath.Join(work, "empty")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name       string
		env        []string
		wantConfig string
		wantReason string
	}{
		// As after `make xla`, with go-xla's default search path.
		{"plugin in ~/.local/lib/go-xla", []string{"HOME=" + installedHome}, "xla:cpu", "PJRT plugin cpu installed"},
		{"no plugin", []string{"HOME=" + empty, "PJRT_PLUGIN_LIBRARY_PATH=" + empty}, FastPureGo, "no PJRT plugin installed"},
		{"broken plugin", []string{"HOME=" + empty, "PJRT_PLUGIN_LIBRARY_PATH=" + broken}, FastPureGo, "no PJRT plugin installed"},
		{"GOMLX_BACKEND wins over a plugin", []string{"HOME=" + installedHome, EnvVar + "=go"}, PureGo, "$" + EnvVar},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestChooseChild$", "-test.count=1")
			cmd.Env = append(withoutBackendEnv(os.Environ()), append(tc.env, childEnv+"=1")...)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			line, _, _ := strings.Cut(string(out), "\n")
			var got Choice
			if err := json.Unmarshal([]byte(line), &got); err != nil {
				t.Fatalf("child printed %q: %v", out, err)
			}
			if got.Config != tc.wantConfig || got.Reason != tc.wantReason {
				t.Errorf("Choose() = %+v, want {%s %s}", got, tc.wantConfig, tc.wantReason)
			}
		})
	}
}

// TestChooseChild prints Choose() as JSON when run by TestChoosePicksInstalledPlugin.
func TestChooseChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("run by TestChoosePicksInstalledPlugin")
	}
	b, err := json.Marshal(Choose())
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.Write(append(b, '\n'))
}

// withoutBackendEnv drops what would choose the backend or the plugin path for the child.
func withoutBackendEnv(env []string) []string {
	var kept []string
	for _, e := range env {
		name, _, _ := strings.Cut(e, "=")
		switch name {
		case EnvVar, "PJRT_PLUGIN_LIBRARY_PATH", "DEEPNB_NO_XLA", "HOME", childEnv:
			continue
		}
		kept = append(kept, e)
	}
	return kept
}
