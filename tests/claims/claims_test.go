package claims

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

// capture swaps the package's output and exit for the duration of one test and
// returns the printed text and the exit codes requested.
func capture(t *testing.T) (*bytes.Buffer, *[]int) {
	t.Helper()
	var buf bytes.Buffer
	var codes []int
	oldOut, oldExit := output, exit
	output, exit = &buf, func(code int) { codes = append(codes, code) }
	t.Cleanup(func() { output, exit = oldOut, oldExit })
	return &buf, &codes
}

func TestStatedClaims(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		state    func()
		wantLine string
		wantExit bool
	}{
		{"at least pass", func() { AtLeast("test accuracy", 0.9853, 0.98) }, "CLAIM PASS | test accuracy | 0.9853 | >= | 0.98", false},
		{"at least equal passes", func() { AtLeast("acc", 0.98, 0.98) }, "CLAIM PASS | acc | 0.98 | >= | 0.98", false},
		{"at least fail", func() { AtLeast("acc", 0.97, 0.98) }, "CLAIM FAIL | acc | 0.97 | >= | 0.98", true},
		{"at least NaN fails", func() { AtLeast("acc", nan, 0.98) }, "CLAIM FAIL | acc | NaN | >= | 0.98", true},
		{"at most pass", func() { AtMost("loss", 0.3, 0.3) }, "CLAIM PASS | loss | 0.3 | <= | 0.3", false},
		{"at most fail", func() { AtMost("loss", 0.41, 0.3) }, "CLAIM FAIL | loss | 0.41 | <= | 0.3", true},
		{"at most NaN fails", func() { AtMost("loss", nan, 0.3) }, "CLAIM FAIL | loss | NaN | <= | 0.3", true},
		{"less pass", func() { Less("err", 1e-7, 1e-6) }, "CLAIM PASS | err | 1e-07 | < | 1e-06", false},
		{"less equal fails", func() { Less("err", 1e-6, 1e-6) }, "CLAIM FAIL | err | 1e-06 | < | 1e-06", true},
		{"greater pass", func() { Greater("speed-up", 2.5, 1) }, "CLAIM PASS | speed-up | 2.5 | > | 1", false},
		{"greater fail", func() { Greater("speed-up", 1, 1) }, "CLAIM FAIL | speed-up | 1 | > | 1", true},
		{"equal pass", func() { Equal("loss", 0.1234, 0.1235, 0.001) }, "CLAIM PASS | loss | 0.1234 | ~= | 0.1235 +/- 0.001", false},
		{"equal fail", func() { Equal("loss", 0.2, 0.1, 0.01) }, "CLAIM FAIL | loss | 0.2 | ~= | 0.1 +/- 0.01", true},
		{"equal negative tolerance fails", func() { Equal("x", 1, 1, -1) }, "CLAIM FAIL | x | 1 | ~= | 1 +/- -1", true},
		{"true pass", func() { True("finite", true, "") }, "CLAIM PASS | finite | true | is | true", false},
		{"true fail with detail", func() { True("finite", false, "NaN | in\nconv1") }, "CLAIM FAIL | finite | false | is | true | NaN / in conv1", true},
		{"separator in name", func() { AtLeast("a|b", 1, 0) }, "CLAIM PASS | a/b | 1 | >= | 0", false},
		{"empty name", func() { AtLeast(" ", 1, 0) }, "CLAIM PASS | unnamed claim | 1 | >= | 0", false},
		{"full precision", func() { AtLeast("acc", float64(float32(0.1)), 0.1) }, "CLAIM PASS | acc | 0.10000000149011612 | >= | 0.1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, codes := capture(t)
			tc.state()
			if got := out.String(); got != tc.wantLine+"\n" {
				t.Errorf("printed %q, want %q", got, tc.wantLine+"\n")
			}
			switch {
			case tc.wantExit && (len(*codes) != 1 || (*codes)[0] != 1):
				t.Errorf("exit codes %v, want [1]", *codes)
			case !tc.wantExit && len(*codes) != 0:
				t.Errorf("exit codes %v, want none", *codes)
			}
		})
	}
}

func TestCheckVariants(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		wantErr string // empty: no error
	}{
		{"at least pass", CheckAtLeast("acc", 0.99, 0.98), ""},
		{"at least fail", CheckAtLeast("acc", 0.5, 0.98), "CLAIM FAIL | acc | 0.5 | >= | 0.98"},
		{"at most fail", CheckAtMost("loss", 2, 1), "CLAIM FAIL | loss | 2 | <= | 1"},
		{"less pass", CheckLess("x", 1, 2), ""},
		{"greater fail", CheckGreater("x", 1, 2), "CLAIM FAIL | x | 1 | > | 2"},
		{"equal pass", CheckEqual("x", 1.0005, 1, 1e-3), ""},
		{"equal fail", CheckEqual("x", 1.1, 1, 1e-3), "CLAIM FAIL | x | 1.1 | ~= | 1 +/- 0.001"},
		{"true fail", CheckTrue("ok", false, "why"), "CLAIM FAIL | ok | false | is | true | why"},
	}
	out, codes := capture(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wantErr == "" {
				if tc.err != nil {
					t.Fatalf("got error %v, want none", tc.err)
				}
				return
			}
			if tc.err == nil || !errors.Is(tc.err, ErrFailed) || !strings.Contains(tc.err.Error(), tc.wantErr) {
				t.Fatalf("got error %v, want one wrapping ErrFailed and containing %q", tc.err, tc.wantErr)
			}
		})
	}
	if out.Len() != 0 || len(*codes) != 0 {
		t.Errorf("Check* printed %q and exited %v; they must do neither", out.String(), *codes)
	}
}

func TestParseLineRoundTrip(t *testing.T) {
	results := []Result{
		compare("test accuracy", 0.9853, OpAtLeast, 0.98),
		compare("loss", math.Inf(1), OpAtMost, 0.3),
		compare("nan", math.NaN(), OpLess, 1),
		compare("tiny", 1e-300, OpGreater, 0),
		equal("w", -0.5, -0.25, 0.5),
		truth("finite", false, "NaN in layer conv1"),
		truth("shape", true, ""),
	}
	for _, want := range results {
		line := want.String()
		got, ok, err := ParseLine("  " + line + "\n")
		if err != nil || !ok {
			t.Fatalf("ParseLine(%q) = ok %v, err %v", line, ok, err)
		}
		if got.String() != line {
			t.Errorf("round trip of %q gave %q", line, got.String())
		}
		if got.Pass != got.Holds() {
			t.Errorf("%q: parsed verdict %v but the numbers say %v", line, got.Pass, got.Holds())
		}
	}
}

func TestParseLineRejects(t *testing.T) {
	tests := []struct {
		line   string
		wantOK bool // false: not a claim line at all
	}{
		{"accuracy 0.98", false},
		{"CLAIMS are nice", false},
		{"CLAIM PASS | acc | 0.9", true},
		{"CLAIM MAYBE | acc | 0.9 | >= | 0.8", true},
		{"CLAIM PASS | acc | high | >= | 0.8", true},
		{"CLAIM PASS | acc | 0.9 | >= | low", true},
		{"CLAIM PASS | acc | 0.9 | => | 0.8", true},
		{"CLAIM PASS | acc | 0.9 | ~= | 0.8", true},
		{"CLAIM PASS | acc | 0.9 | ~= | 0.8 +/- wide", true},
		{"CLAIM PASS | ok | yes | is | true", true},
		{"CLAIM PASS | a | 1 | >= | 0 | d | extra", true},
	}
	for _, tc := range tests {
		_, ok, err := ParseLine(tc.line)
		if ok != tc.wantOK {
			t.Errorf("ParseLine(%q): ok = %v, want %v", tc.line, ok, tc.wantOK)
		}
		if tc.wantOK && err == nil {
			t.Errorf("ParseLine(%q): want an error for a malformed claim line", tc.line)
		}
		if !tc.wantOK && err != nil {
			t.Errorf("ParseLine(%q): unexpected error %v", tc.line, err)
		}
	}
}

func TestHoldsDetectsLyingVerdict(t *testing.T) {
	r, ok, err := ParseLine("CLAIM PASS | acc | 0.5 | >= | 0.98")
	if !ok || err != nil {
		t.Fatalf("ParseLine: ok %v, err %v", ok, err)
	}
	if r.Holds() {
		t.Errorf("Holds() = true for 0.5 >= 0.98")
	}
}

func FuzzParseLine(f *testing.F) {
	f.Add("CLAIM PASS | test accuracy | 0.9853 | >= | 0.98")
	f.Add("CLAIM FAIL | x | 1 | ~= | 2 +/- 0.5 | detail")
	f.Add("CLAIM PASS | ok | true | is | true")
	f.Fuzz(func(t *testing.T, line string) {
		r, ok, err := ParseLine(line)
		if !ok || err != nil {
			return
		}
		// A line that parses must print back to a line that parses to the same result.
		again, ok2, err2 := ParseLine(r.String())
		if !ok2 || err2 != nil {
			t.Fatalf("reprinted line %q does not parse: %v", r.String(), err2)
		}
		if again.String() != r.String() {
			t.Fatalf("not stable: %q then %q", r.String(), again.String())
		}
	})
}
