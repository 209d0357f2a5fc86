package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// setup lays out notebooks/ and build/executed/ from the results package's fixtures, all dated
// at `at`, and returns the two directories.
func setup(t *testing.T, at time.Time) (notebooks, executed string) {
	t.Helper()
	root := t.TempDir()
	notebooks, executed = filepath.Join(root, "notebooks"), filepath.Join(root, "executed")
	for _, d := range []string{notebooks, executed} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join("..", "..", "internal", "results", "testdata", "executed")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(executed, e.Name())
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(strings.TrimSuffix(e.Name(), ".log"), ".ipynb")
		if err := os.WriteFile(filepath.Join(notebooks, name+".ipynb"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A notebook that has no artifacts at all: never run.
	if err := os.WriteFile(filepath.Join(notebooks, "05_missing.ipynb"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	return notebooks, executed
}

func TestRun(t *testing.T) {
	t.Setenv("GOMLX_BACKEND", "xla:cpu")
	at := time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)
	notebooks, executed := setup(t, at)
	tests := []struct {
		name      string
		args      []string
		wantCode  int
		wantNBs   int    // notebooks in results.json; -1: no output expected
		wantError string // substring of the returned error
	}{
		{name: "one passing notebook", args: []string{"-run", "^01_"}, wantCode: 0, wantNBs: 1},
		{name: "all, some failing", args: nil, wantCode: 1, wantNBs: 6, wantError: "did not pass"},
		{name: "since after the artifacts", args: []string{"-run", "01", "-since", at.Add(time.Hour).Format(time.RFC3339)}, wantCode: 1, wantNBs: 1, wantError: "did not pass"},
		{name: "since before the artifacts", args: []string{"-run", "01", "-since", at.Add(-time.Hour).Format(time.RFC3339)}, wantCode: 0, wantNBs: 1},
		{name: "no match", args: []string{"-run", "^99_"}, wantCode: 1, wantNBs: -1, wantError: "no notebooks"},
		{name: "bad pattern", args: []string{"-run", "("}, wantCode: 2, wantNBs: -1, wantError: "-run"},
		{name: "bad since", args: []string{"-since", "yesterday"}, wantCode: 2, wantNBs: -1, wantError: "RFC 3339"},
		{name: "stray argument", args: []string{"extra"}, wantCode: 2, wantNBs: -1, wantError: "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "reproduce")
			args := append([]string{"-notebooks", notebooks, "-executed", executed, "-out", out}, tc.args...)
			var stdout, stderr bytes.Buffer
			code, err := run(args, &stdout, &stderr, at.Add(2*time.Hour))
			if code != tc.wantCode {
				t.Fatalf("exit code %d, want %d (err %v; stdout %q)", code, tc.wantCode, err, stdout.String())
			}
			if tc.wantError != "" && (err == nil || !strings.Contains(err.Error(), tc.wantError)) {
				t.Errorf("error %v, want one containing %q", err, tc.wantError)
			}
			if tc.wantError == "" && err != nil {
				t.Errorf("unexpected error %v", err)
			}
			data, readErr := os.ReadFile(filepath.Join(out, "results.json"))
			if tc.wantNBs < 0 {
				if readErr == nil {
					t.Error("results.json written although the run was refused")
				}
				return
			}
			if readErr != nil {
				t.Fatal(readErr)
			}
			var got struct {
				EnvBackend string            `json:"gomlx_backend_env"`
				Notebooks  []json.RawMessage `json:"notebooks"`
			}
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Notebooks) != tc.wantNBs || got.EnvBackend != "xla:cpu" {
				t.Errorf("%d notebooks on %q, want %d on xla:cpu", len(got.Notebooks), got.EnvBackend, tc.wantNBs)
			}
			if _, err := os.Stat(filepath.Join(out, "results.md")); err != nil {
				t.Error(err)
			}
			if !strings.Contains(stdout.String(), "wrote ") {
				t.Errorf("stdout %q does not say where the table went", stdout.String())
			}
		})
	}
}
