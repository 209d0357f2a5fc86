package nbscan

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/deepnb/deepnb/tests/claims"
)

// Kind names a way a notebook can fail.
type Kind string

// Kinds of problem found in an executed notebook or its run.
const (
	KindError          Kind = "error output"
	KindExitStatus     Kind = "non-zero exit status" // failed `!cmd`, `!*cmd`, `%%bash`
	KindUnknownMagic   Kind = "unknown magic"
	KindPanic          Kind = "panic"
	KindClaimFail      Kind = "claim failed"
	KindClaimMalformed Kind = "malformed claim line"
	KindClaimMismatch  Kind = "claim verdict contradicts its numbers"
	KindNotExecuted    Kind = "code cell never ran"
	KindTimeout        Kind = "timeout"
	KindRunFailed      Kind = "nbconvert failed"
	KindKernelDied     Kind = "kernel died"
)

// Problem is one sign of failure, tied to a cell when it came from one.
type Problem struct {
	// Cell is the 0-based index of the cell among all cells (markdown included),
	// or -1 for problems of the run as a whole.
	Cell int
	// Source is the first non-blank line of the cell's source.
	Source string
	Kind   Kind
	// Text is the evidence: the error message, the lines around "exit status N", ...
	Text string
}

func (p Problem) String() string {
	if p.Cell < 0 {
		return fmt.Sprintf("%s: %s", p.Kind, p.Text)
	}
	return fmt.Sprintf("cell %d (%q): %s: %s", p.Cell, p.Source, p.Kind, p.Text)
}

// CellClaim is a claim line found in a cell's output.
type CellClaim struct {
	Cell int
	// Line is the claim line as printed.
	Line string
	claims.Result
}

// Report is what [Scan] finds in one executed notebook.
type Report struct {
	Problems []Problem
	Claims   []CellClaim
	// CodeCells is the number of non-empty code cells, ExecutedCells those with
	// an execution count: a mismatch means the run stopped early.
	CodeCells, ExecutedCells int
}

var (
	exitStatusRE   = regexp.MustCompile(`exit status -?\d+`)
	unknownMagicRE = regexp.MustCompile(`unknown or not implemented`)
	panicRE        = regexp.MustCompile(`(?m)^\s*panic: `)
	ansiRE         = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")
)

// Scan reads an executed notebook (nbformat 4 JSON) and reports its problems and
// claims. It returns an error only when data is not a notebook.
func Scan(data []byte) (Report, error) {
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		return Report{}, fmt.Errorf("parsing notebook JSON: %w", err)
	}
	if nb.Cells == nil {
		return Report{}, fmt.Errorf("parsing notebook JSON: no \"cells\" list (nbformat %d)", nb.NBFormat)
	}
	var rep Report
	firstSkipped := -1
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		scanCell(&rep, i, c)
		if strings.TrimSpace(string(c.Source)) == "" {
			continue // Jupyter does not execute empty cells
		}
		rep.CodeCells++
		if c.ExecutionCount != nil {
			rep.ExecutedCells++
		} else if firstSkipped < 0 {
			firstSkipped = i
		}
	}
	// With --allow-errors every cell runs; one that did not means the run stopped
	// early, and whatever that cell would have shown is unchecked.
	if firstSkipped >= 0 {
		rep.Problems = append(rep.Problems, Problem{
			Cell: firstSkipped, Source: firstLine(string(nb.Cells[firstSkipped].Source)), Kind: KindNotExecuted,
			Text: fmt.Sprintf("%d of %d non-empty code cells have no execution count", rep.CodeCells-rep.ExecutedCells, rep.CodeCells),
		})
	}
	return rep, nil
}

func scanCell(rep *Report, index int, c cell) {
	src := firstLine(string(c.Source))
	add := func(k Kind, text string) {
		rep.Problems = append(rep.Problems, Problem{Cell: index, Source: src, Kind: k, Text: strings.TrimSpace(text)})
	}
	var stdout, stderr strings.Builder
	hasError := false
	for _, o := range c.Outputs {
		switch o.OutputType {
		case "stream":
			if o.Name == "stderr" {
				stderr.WriteString(string(o.Text))
			} else {
				stdout.WriteString(string(o.Text))
			}
		case "error":
			hasError = true
			text := o.EName + ": " + o.EValue
			if tb := strings.Join(o.Traceback, "\n"); tb != "" && !strings.Contains(text, tb) {
				text += "\n" + tb
			}
			text = clip(ansiRE.ReplaceAllString(text, ""), 40)
			add(KindError, text)
			if panicRE.MatchString(text) {
				add(KindPanic, text)
			}
		}
	}
	errText := ansiRE.ReplaceAllString(stderr.String(), "")
	outText := ansiRE.ReplaceAllString(stdout.String(), "")

	// GoNB prints "exit status N" both for a failed shell line (the only sign of
	// it) and for a failed Go program (which also gets an error output): report it
	// separately only in the first case.
	if loc := exitStatusRE.FindStringIndex(errText); loc != nil && !hasError {
		add(KindExitStatus, linesBefore(errText, loc[1], 6))
	}
	if loc := unknownMagicRE.FindStringIndex(errText); loc != nil {
		add(KindUnknownMagic, linesBefore(errText, loc[1], 1))
	}
	for _, text := range []string{outText, errText} {
		if loc := panicRE.FindStringIndex(text); loc != nil {
			add(KindPanic, clip(text[loc[0]:], 20))
		}
		for _, line := range strings.Split(text, "\n") {
			scanClaimLine(rep, index, line, add)
		}
	}
}

func scanClaimLine(rep *Report, index int, line string, add func(Kind, string)) {
	r, ok, err := claims.ParseLine(line)
	switch {
	case !ok:
		return
	case err != nil:
		add(KindClaimMalformed, err.Error())
		return
	}
	line = strings.TrimSpace(line)
	rep.Claims = append(rep.Claims, CellClaim{Cell: index, Line: line, Result: r})
	switch {
	case r.Pass != r.Holds():
		add(KindClaimMismatch, line)
	case !r.Pass:
		add(KindClaimFail, line)
	}
}

// firstLine returns the first non-blank line of s, shortened for messages.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if r := []rune(l); len(r) > 80 {
				return string(r[:77]) + "..."
			}
			return l
		}
	}
	return ""
}

// linesBefore returns up to n lines of s ending with the line that holds offset end.
func linesBefore(s string, end, n int) string {
	if nl := strings.IndexByte(s[end:], '\n'); nl >= 0 {
		end += nl
	} else {
		end = len(s)
	}
	lines := strings.Split(strings.TrimRight(s[:end], "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// clip keeps the first n lines of s.
func clip(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n... (%d more lines)", len(lines)-n)
}
