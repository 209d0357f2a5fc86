package tests

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/internal/nbscan"
)

// Builders for synthetic executed notebooks (nbformat 4), so the scanner is
// tested without Jupyter.
type synthCell map[string]any

func code(src string, outputs ...map[string]any) synthCell {
	if outputs == nil {
		outputs = []map[string]any{}
	}
	return synthCell{"cell_type": "code", "source": src, "execution_count": 1, "outputs": outputs, "metadata": map[string]any{}}
}

func markdown(src string) synthCell {
	return synthCell{"cell_type": "markdown", "source": src, "metadata": map[string]any{}}
}

func stream(name string, text ...string) map[string]any {
	return map[string]any{"output_type": "stream", "name": name, "text": text}
}

func errorOut(ename, evalue string, tb ...string) map[string]any {
	return map[string]any{"output_type": "error", "ename": ename, "evalue": evalue, "traceback": tb}
}

func synthNotebook(t *testing.T, cells ...synthCell) []byte {
	t.Helper()
	data, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{}, "cells": cells})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func kinds(rep nbscan.Report) []nbscan.Kind {
	var ks []nbscan.Kind
	for _, p := range rep.Problems {
		ks = append(ks, p.Kind)
	}
	return ks
}

func TestScan(t *testing.T) {
	tests := []struct {
		name       string
		cells      []synthCell
		wantKinds  []nbscan.Kind // exactly these, in order
		wantCell   int           // cell of the first problem
		wantText   string        // substring of the first problem's text
		wantClaims int
	}{
		{
			name: "clean notebook",
			cells: []synthCell{
				markdown("# Title\npanic: in markdown is not output\nexit status 1"),
				code("!*go mod edit -require=github.com/deepnb/deepnb@v0.0.0", stream("stdout", "")),
				code("%%\nfmt.Println(acc)\nclaims.AtLeast(\"acc\", acc, 0.98)",
					stream("stdout", "0.99\n", "CLAIM PASS | acc | 0.99 | >= | 0.98\n"),
					map[string]any{"output_type": "display_data", "data": map[string]any{"text/plain": "panic: only a picture"}}),
				code("%%\nfmt.Println(\"no panic: here, not at line start\")", stream("stdout", "no panic: here\n")),
			},
			wantClaims: 1,
		},
		{
			name: "failing shell line",
			cells: []synthCell{
				markdown("intro"),
				code("!ls /nonexistent", stream("stderr", "ls: cannot access '/nonexistent': No such file or directory\n", "exit status 2\n")),
			},
			wantKinds: []nbscan.Kind{nbscan.KindExitStatus}, wantCell: 1, wantText: "cannot access",
		},
		{
			name:      "failing %%bash cell",
			cells:     []synthCell{code("%%bash\nexit 3", stream("stderr", "exit status 3\n"))},
			wantKinds: []nbscan.Kind{nbscan.KindExitStatus}, wantCell: 0, wantText: "exit status 3",
		},
		{
			name:      "unknown magic",
			cells:     []synthCell{code("%%test\nfunc TestX(t *testing.T) {}", stream("stderr", `"%%test" unknown or not implemented yet.`))},
			wantKinds: []nbscan.Kind{nbscan.KindUnknownMagic}, wantCell: 0, wantText: `"%%test" unknown`,
		},
		{
			name: "compile error output",
			cells: []synthCell{
				code("x := 1"),
				code("%%\nfmt.Println(undefinedVar)", errorOut("ERROR", "# gonb_0cf3e914\n./main.go:14:13: undefined: undefinedVar\n", "# gonb_0cf3e914", "undefined: undefinedVar")),
			},
			wantKinds: []nbscan.Kind{nbscan.KindError}, wantCell: 1, wantText: "undefined: undefinedVar",
		},
		{
			name: "panic in stderr with error output",
			cells: []synthCell{code("%%\npanic(\"boom\")",
				stream("stderr", "panic: boom\n", "\n", "goroutine 1 [running]:\n", "main.main()\n", "\t \x1b[7m[[ Cell [6] Line 2 ]]\x1b[0m /tmp/gonb_0cf3e914/main.go:13 +0x65\n", "exit status 2\n"),
				errorOut("ERROR", "exit status 2", "exit status 2"))},
			// "exit status" is not repeated: the error output already reports the failed program.
			wantKinds: []nbscan.Kind{nbscan.KindError, nbscan.KindPanic}, wantCell: 0, wantText: "exit status 2",
		},
		{
			name:      "panic on stdout only",
			cells:     []synthCell{code("go func(){ panic(1) }()", stream("stdout", "working\npanic: 1\n"))},
			wantKinds: []nbscan.Kind{nbscan.KindPanic}, wantText: "panic: 1",
		},
		{
			name: "claim fail",
			cells: []synthCell{code("%%\nclaims.AtLeast(\"acc\", 0.5, 0.9)",
				stream("stdout", "CLAIM FAIL | acc | 0.5 | >= | 0.9\n"),
				stream("stderr", "exit status 1\n"),
				errorOut("ERROR", "exit status 1", "exit status 1"))},
			wantKinds: []nbscan.Kind{nbscan.KindError, nbscan.KindClaimFail}, wantText: "exit status 1", wantClaims: 1,
		},
		{
			name:      "claim line split across stream outputs",
			cells:     []synthCell{code("%%", stream("stdout", "CLAIM FA", "IL | acc | 0.5 | >= | 0.9\n"))},
			wantKinds: []nbscan.Kind{nbscan.KindClaimFail}, wantText: "CLAIM FAIL | acc", wantClaims: 1,
		},
		{
			name:      "claim verdict contradicts numbers",
			cells:     []synthCell{code("%%", stream("stdout", "CLAIM PASS | acc | 0.5 | >= | 0.9\n"))},
			wantKinds: []nbscan.Kind{nbscan.KindClaimMismatch}, wantText: "0.5 | >= | 0.9", wantClaims: 1,
		},
		{
			name:      "malformed claim line",
			cells:     []synthCell{code("%%", stream("stdout", "CLAIM PASS | acc | ninety | >= | 0.9\n"))},
			wantKinds: []nbscan.Kind{nbscan.KindClaimMalformed}, wantText: "value",
		},
		{
			name: "several problems in order",
			cells: []synthCell{
				code("!false", stream("stderr", "exit status 1\n")),
				markdown("text"),
				code("%nope", stream("stderr", `"%nope" unknown or not implemented yet.`)),
			},
			wantKinds: []nbscan.Kind{nbscan.KindExitStatus, nbscan.KindUnknownMagic}, wantCell: 0, wantText: "exit status 1",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := nbscan.Scan(synthNotebook(t, tc.cells...))
			if err != nil {
				t.Fatalf("nbscan.Scan: %v", err)
			}
			if got := kinds(rep); !slices.Equal(got, tc.wantKinds) {
				t.Fatalf("kinds %q, want %q; problems: %v", got, tc.wantKinds, rep.Problems)
			}
			if len(rep.Claims) != tc.wantClaims {
				t.Errorf("%d claims, want %d", len(rep.Claims), tc.wantClaims)
			}
			if len(tc.wantKinds) == 0 {
				return
			}
			p := rep.Problems[0]
			if p.Cell != tc.wantCell || !strings.Contains(p.Text, tc.wantText) {
				t.Errorf("first problem %v; want cell %d and text containing %q", p, tc.wantCell, tc.wantText)
			}
			if strings.Contains(p.String(), "\x1b[") {
				t.Errorf("problem text keeps ANSI escapes: %q", p.String())
			}
		})
	}
}

func TestScanReportsCellSourceAndCounts(t *testing.T) {
	nb := synthNotebook(t,
		markdown("x"),
		code("\n\n  !ls /nope  \nsecond line", stream("stderr", "exit status 2\n")),
		synthCell{"cell_type": "code", "source": []string{"%%\n", "never ran"}, "execution_count": nil, "outputs": []any{}, "metadata": map[string]any{}},
		synthCell{"cell_type": "code", "source": " \n", "execution_count": nil, "outputs": []any{}, "metadata": map[string]any{}},
	)
	rep, err := nbscan.Scan(nb)
	if err != nil {
		t.Fatal(err)
	}
	if rep.CodeCells != 2 || rep.ExecutedCells != 1 {
		t.Errorf("code cells %d executed %d, want 2 and 1", rep.CodeCells, rep.ExecutedCells)
	}
	want := []string{
		`cell 1 ("!ls /nope"): non-zero exit status: exit status 2`,
		`cell 2 ("%%"): code cell never ran: 1 of 2 non-empty code cells have no execution count`,
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
}

func TestScanRejectsNonNotebooks(t *testing.T) {
	for _, data := range []string{"", "not json", `{"nbformat": 4}`, `{"cells": [{"cell_type": "code", "source": 3}]}`} {
		if _, err := nbscan.Scan([]byte(data)); err == nil {
			t.Errorf("nbscan.Scan(%q): want an error", data)
		}
	}
}

func FuzzScan(f *testing.F) {
	f.Add(`{"cells":[{"cell_type":"code","source":"x","outputs":[{"output_type":"stream","name":"stderr","text":"exit status 1"}]}]}`)
	f.Add(`{"cells":[{"cell_type":"code","source":["a"],"outputs":[{"output_type":"stream","name":"stdout","text":["CLAIM PASS | a | 1 | >= | 0"]}]}]}`)
	f.Fuzz(func(t *testing.T, data string) {
		rep, err := nbscan.Scan([]byte(data))
		if err != nil {
			return
		}
		for _, p := range rep.Problems {
			if p.Kind == "" || p.Cell < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}
