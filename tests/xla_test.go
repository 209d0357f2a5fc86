package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/deepnb/deepnb/internal/nbexec"
)

// makeFailureNote matches make's own line about a failed recipe: "make: ***" at the top level,
// "make[2]: ***" when the test itself runs under make (make test).
var makeFailureNote = regexp.MustCompile(`^make(\[\d+\])?: \*\*\*`)

// TestMakeXLAOffline runs `make xla` as on a machine without internet and checks that it fails at
// once, saying so in one line, and installs nothing. The proxy is a closed local port, so the test
// never downloads, whether or not this machine is online. (That a plugin in the place `make xla`
// installs to is picked up is gomlx_ext/backend's TestChoosePicksInstalledPlugin.)
func TestMakeXLAOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs make")
	}
	root, err := nbexec.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	lib := t.TempDir()
	cmd := exec.Command("make", "--no-print-directory", "xla", "XLA_LIB="+lib)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "HTTPS_PROXY=http://127.0.0.1:1", "https_proxy=http://127.0.0.1:1", "NO_PROXY=", "no_proxy=")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err == nil {
		t.Fatalf("make xla succeeded without a network:\n%s", out)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !makeFailureNote.MatchString(l) { // make's own note that the recipe failed
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], "no network") || !strings.Contains(lines[0], "cpu plugin") {
		t.Errorf("make xla said %q; want one line saying there is no network for the cpu plugin", lines)
	}
	if took > time.Minute {
		t.Errorf("make xla took %s to fail offline; want it at once", took)
	}
	if _, err := os.Stat(filepath.Join(lib, "go-xla", "pjrt_c_api_cpu_plugin.so")); err == nil {
		t.Errorf("make xla left a plugin in %s", lib)
	}
}
