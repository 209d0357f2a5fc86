package claims

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Prefix starts every claim line; the harness looks for lines that begin with it.
const Prefix = "CLAIM "

// sep separates the fields of a claim line.
const sep = " | "

// Op is the comparison a claim makes between its value and its threshold.
type Op string

// The comparisons a claim can make.
const (
	OpAtLeast Op = ">="
	OpAtMost  Op = "<="
	OpLess    Op = "<"
	OpGreater Op = ">"
	// OpEqual holds when |value - threshold| <= tolerance.
	OpEqual Op = "~="
	// OpTrue is a boolean claim: value and threshold are 1 (true) or 0 (false).
	OpTrue Op = "is"
)

// tolSep separates target and tolerance in the threshold field of an OpEqual claim.
const tolSep = " +/- "

// Result is one evaluated claim.
type Result struct {
	// Name says what is claimed, e.g. "test accuracy".
	Name string
	// Value is the measured number (1 or 0 for OpTrue claims).
	Value float64
	// Op is the comparison.
	Op Op
	// Threshold is the bound (the target for OpEqual; 1 for OpTrue).
	Threshold float64
	// Tolerance is the allowed distance from Threshold; used by OpEqual only.
	Tolerance float64
	// Pass reports whether the claim holds.
	Pass bool
	// Detail is optional free text, printed as a sixth field when not empty.
	Detail string
}

// Holds re-evaluates the comparison from Value, Op, Threshold and Tolerance.
// NaN never satisfies a claim. It returns false for an unknown Op.
func (r Result) Holds() bool {
	v, t := r.Value, r.Threshold
	if math.IsNaN(v) || math.IsNaN(t) {
		return false
	}
	switch r.Op {
	case OpAtLeast:
		return v >= t
	case OpAtMost:
		return v <= t
	case OpLess:
		return v < t
	case OpGreater:
		return v > t
	case OpEqual:
		return !math.IsNaN(r.Tolerance) && r.Tolerance >= 0 && math.Abs(v-t) <= r.Tolerance
	case OpTrue:
		return v == t
	}
	return false
}

// String formats r as its claim line (without a trailing newline).
func (r Result) String() string {
	verdict := "FAIL"
	if r.Pass {
		verdict = "PASS"
	}
	value, threshold := formatFloat(r.Value), formatFloat(r.Threshold)
	switch r.Op {
	case OpTrue:
		value, threshold = strconv.FormatBool(r.Value != 0), strconv.FormatBool(r.Threshold != 0)
	case OpEqual:
		threshold += tolSep + formatFloat(r.Tolerance)
	}
	fields := []string{Prefix + verdict, clean(r.Name), value, string(r.Op), threshold}
	if d := clean(r.Detail); d != "" {
		fields = append(fields, d)
	}
	return strings.Join(fields, sep)
}

// ParseLine parses one claim line as printed by [Result.String]. Leading and
// trailing white space is ignored. It returns ok=false (and no error) when line is
// not a claim line at all, and an error when it starts with [Prefix] but is
// malformed — a harness must treat that as a failure, not skip it.
func ParseLine(line string) (r Result, ok bool, err error) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, Prefix) {
		return Result{}, false, nil
	}
	fields := strings.Split(line, sep)
	if len(fields) < 5 || len(fields) > 6 {
		return Result{}, true, fmt.Errorf("claim line %q: want 5 or 6 fields separated by %q, got %d", line, sep, len(fields))
	}
	switch strings.TrimPrefix(fields[0], Prefix) {
	case "PASS":
		r.Pass = true
	case "FAIL":
	default:
		return Result{}, true, fmt.Errorf("claim line %q: verdict must be PASS or FAIL, got %q", line, fields[0])
	}
	r.Name, r.Op = fields[1], Op(fields[3])
	if len(fields) == 6 {
		r.Detail = fields[5]
	}
	valueText, thresholdText := fields[2], fields[4]
	switch r.Op {
	case OpAtLeast, OpAtMost, OpLess, OpGreater:
	case OpEqual:
		target, tol, found := strings.Cut(thresholdText, tolSep)
		if !found {
			return Result{}, true, fmt.Errorf("claim line %q: %q threshold must be \"target%stolerance\"", line, OpEqual, tolSep)
		}
		thresholdText = target
		if r.Tolerance, err = strconv.ParseFloat(tol, 64); err != nil {
			return Result{}, true, fmt.Errorf("claim line %q: tolerance: %w", line, err)
		}
	case OpTrue:
		v, errV := strconv.ParseBool(valueText)
		t, errT := strconv.ParseBool(thresholdText)
		if errV != nil || errT != nil {
			return Result{}, true, fmt.Errorf("claim line %q: %q claims need true/false value and threshold", line, OpTrue)
		}
		r.Value, r.Threshold = boolFloat(v), boolFloat(t)
		return r, true, nil
	default:
		return Result{}, true, fmt.Errorf("claim line %q: unknown comparison %q", line, fields[3])
	}
	if r.Value, err = strconv.ParseFloat(valueText, 64); err != nil {
		return Result{}, true, fmt.Errorf("claim line %q: value: %w", line, err)
	}
	if r.Threshold, err = strconv.ParseFloat(thresholdText, 64); err != nil {
		return Result{}, true, fmt.Errorf("claim line %q: threshold: %w", line, err)
	}
	return r, true, nil
}

// formatFloat prints the shortest text that parses back to exactly f.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// clean keeps a free-text field on one line and free of the field separator.
var cleaner = strings.NewReplacer("|", "/", "\r\n", " ", "\n", " ", "\r", " ")

func clean(s string) string { return strings.TrimSpace(cleaner.Replace(s)) }
