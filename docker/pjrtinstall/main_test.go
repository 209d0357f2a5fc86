package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestParsePlan(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantFile   string // PluginFile
		wantVer    string
		wantDryRun bool
		wantErr    string
	}{
		{name: "cpu default", args: nil, wantFile: "/usr/local/lib/go-xla/pjrt_c_api_cpu_plugin.so", wantVer: CPUPluginVersion},
		{name: "cuda", args: []string{"-plugin", "cuda", "-path", "/opt/lib/", "-dry-run"},
			wantFile: "/opt/lib/go-xla/nvidia/pjrt_c_api_cuda_plugin.so", wantVer: CUDAPluginVersion, wantDryRun: true},
		{name: "explicit version", args: []string{"-version", "v0.83.1"}, wantFile: "/usr/local/lib/go-xla/pjrt_c_api_cpu_plugin.so", wantVer: "v0.83.1"},
		{name: "latest refused", args: []string{"-version", "latest"}, wantErr: "not latest"},
		{name: "unknown plugin", args: []string{"-plugin", "tpu"}, wantErr: "want cpu or cuda"},
		{name: "relative path", args: []string{"-path", "lib"}, wantErr: "absolute"},
		{name: "stray argument", args: []string{"cpu"}, wantErr: "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, dryRun, err := parsePlan(tc.args, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.PluginFile != tc.wantFile || p.Version != tc.wantVer || dryRun != tc.wantDryRun {
				t.Errorf("got %s %s dry-run %v, want %s %s %v", p.PluginFile, p.Version, dryRun, tc.wantFile, tc.wantVer, tc.wantDryRun)
			}
		})
	}
}

// TestPinsAreExact: the images must never install a moving target.
func TestPinsAreExact(t *testing.T) {
	exact := map[string]*regexp.Regexp{
		CPUPluginVersion:  regexp.MustCompile(`^v\d+\.\d+\.\d+$`),
		CUDAPluginVersion: regexp.MustCompile(`^\d+\.\d+\.\d+(\.\d+)?$`),
	}
	for v, re := range exact {
		if !re.MatchString(v) {
			t.Errorf("pinned version %q is not an exact release (%s)", v, re)
		}
	}
}

func TestDryRunInstallsNothing(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run([]string{"-plugin", "cuda", "-path", dir, "-dry-run"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{CUDAPluginVersion, "jax-" + CUDAPlugin + "-pjrt", filepath.Join(dir, "go-xla", "nvidia"), "go-xla v"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run said %q; want it to mention %q", out.String(), want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("dry run created %d entries in %s", len(entries), dir)
	}
}

func TestOfflineIsOneNamedLine(t *testing.T) {
	dns := &net.DNSError{Err: "no such host", Name: "downloads.example", IsNotFound: true}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, err := range []error{dns, refused, fmt.Errorf("fetching release data: %w", &url.Error{Op: "Get", URL: "x", Err: dns})} {
		if !offline(err) {
			t.Errorf("offline(%v) = false, want true", err)
		}
	}
	if offline(errors.New("version v0.0.0 not found")) {
		t.Error("offline(a bad version) = true, want false")
	}
}
