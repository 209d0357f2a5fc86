package gradcheck

import (
	"fmt"
	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"math"
	"strings"
)

// ParamReport compares the gradients of one parameter. Gradients are
// flattened in row-major order.
type ParamReport struct {
	// Name and Shape of the parameter.
	Name  string
	Shape []int
	// Autodiff is the full gradient from graph.Gradient.
	Autodiff []float64
	// Indices are the flat indices checked by finite differences (all of
	// them unless Checker.MaxElements was set), and Numeric the
	// finite-difference gradient at those indices.
	Indices []int
	Numeric []float64
	// Manual is the hand-written gradient given with Checker.Manual, or nil.
	Manual []float64

	// MaxAbsAutodiff is max |autodiff|, for scale.
	MaxAbsAutodiff float64
	// MaxAbsDiff and MaxRelErr compare autodiff with finite differences.
	MaxAbsDiff float64
	MaxRelErr  float64
	// ManualMaxAbsDiff and ManualMaxRelErr compare the manual gradient with
	// both autodiff (every element) and finite differences (checked
	// elements), keeping the worse; zero when there is no manual gradient.
	ManualMaxAbsDiff float64
	ManualMaxRelErr  float64
}

// Report is the result of Checker.Run.
type Report struct {
	// Params holds one entry per parameter, in the order they were added.
	Params []ParamReport
	// Value is f at the given parameters.
	Value float64
	// Step, Floor and Tolerance are the settings used.
	Step, Floor, Tolerance float64
	// MaxAbsDiff and MaxRelErr are the worst autodiff-vs-finite-difference
	// values over all parameters.
	MaxAbsDiff, MaxRelErr float64
	// ManualMaxRelErr is the worst ManualMaxRelErr over parameters with a
	// manual gradient.
	ManualMaxRelErr float64
	// HasManual says whether any manual gradient was given.
	HasManual bool
}

// compare fills the summary fields from the gradients.
func (p *ParamReport) compare(floor float64) {
	for _, a := range p.Autodiff {
		p.MaxAbsAutodiff = nanMax(p.MaxAbsAutodiff, math.Abs(a))
	}
	for j, idx := range p.Indices {
		a, n := p.Autodiff[idx], p.Numeric[j]
		p.MaxAbsDiff = nanMax(p.MaxAbsDiff, math.Abs(a-n))
		p.MaxRelErr = nanMax(p.MaxRelErr, fromscratch.RelativeError(a, n, floor))
		if p.Manual != nil {
			m := p.Manual[idx]
			p.ManualMaxAbsDiff = nanMax(p.ManualMaxAbsDiff, math.Abs(m-n))
			p.ManualMaxRelErr = nanMax(p.ManualMaxRelErr, fromscratch.RelativeError(m, n, floor))
		}
	}
	for i, m := range p.Manual {
		a := p.Autodiff[i]
		p.ManualMaxAbsDiff = nanMax(p.ManualMaxAbsDiff, math.Abs(m-a))
		p.ManualMaxRelErr = nanMax(p.ManualMaxRelErr, fromscratch.RelativeError(m, a, floor))
	}
}

func (r *Report) add(p ParamReport) {
	r.Params = append(r.Params, p)
	r.MaxAbsDiff = nanMax(r.MaxAbsDiff, p.MaxAbsDiff)
	r.MaxRelErr = nanMax(r.MaxRelErr, p.MaxRelErr)
	if p.Manual != nil {
		r.HasManual = true
		r.ManualMaxRelErr = nanMax(r.ManualMaxRelErr, p.ManualMaxRelErr)
	}
}

// nanMax is math.Max that lets a NaN win, so NaNs surface in the summary.
func nanMax(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	return math.Max(a, b)
}

// Passed reports whether autodiff agrees with finite differences, and any
// manual gradient with both, within the tolerance (relative error). NaN fails.
func (r *Report) Passed() bool {
	ok := r.MaxRelErr <= r.Tolerance
	if r.HasManual {
		ok = ok && r.ManualMaxRelErr <= r.Tolerance
	}
	return ok
}

// Failed returns the names of parameters whose autodiff (or manual) gradient
// is off by more than the tolerance.
func (r *Report) Failed() []string {
	var names []string
	for _, p := range r.Params {
		bad := !(p.MaxRelErr <= r.Tolerance)
		if p.Manual != nil && !(p.ManualMaxRelErr <= r.Tolerance) {
			bad = true
		}
		if bad {
			names = append(names, p.Name)
		}
	}
	return names
}

// String renders the autodiff-vs-finite-difference comparison as a Markdown
// table (readable as plain text, rendered by gonbui.DisplayMarkdown), plus
// a verdict line.
func (r *Report) String() string {
	// "∣" (U+2223) instead of "|": a pipe inside a cell would split the Markdown column.
	rows := [][]string{{"parameter", "shape", "max ∣autodiff∣", "max abs diff", "max rel err"}}
	for _, p := range r.Params {
		rows = append(rows, []string{
			p.Name, fmt.Sprint(p.Shape), fmtNum(p.MaxAbsAutodiff), fmtNum(p.MaxAbsDiff), fmtNum(p.MaxRelErr),
		})
	}
	var b strings.Builder
	writeTable(&b, rows)
	fmt.Fprintf(&b, "\nmax rel err %s (tolerance %s, h = %s): %s\n",
		fmtNum(r.MaxRelErr), fmtNum(r.Tolerance), fmtNum(r.Step), verdict(r.MaxRelErr <= r.Tolerance))
	return b.String()
}

// ManualTable renders, for every parameter with a manual gradient, the
// gradient values side by side (the first few checked elements) and the
// manual gradient's worst relative difference to autodiff and finite
// differences, as a Markdown table.
func (r *Report) ManualTable() string {
	rows := [][]string{{"parameter", "manual", "autodiff", "finite difference", "max relative difference"}}
	for _, p := range r.Params {
		if p.Manual == nil {
			continue
		}
		rows = append(rows, []string{
			p.Name, preview(p.Manual, p.Indices), preview(p.Autodiff, p.Indices),
			previewNumeric(p.Numeric), fmtNum(p.ManualMaxRelErr),
		})
	}
	var b strings.Builder
	writeTable(&b, rows)
	if !r.HasManual {
		b.WriteString("\nno manual gradient given\n")
		return b.String()
	}
	fmt.Fprintf(&b, "\nmanual max rel difference %s (tolerance %s): %s\n",
		fmtNum(r.ManualMaxRelErr), fmtNum(r.Tolerance), verdict(r.ManualMaxRelErr <= r.Tolerance))
	return b.String()
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "FAILED"
}

// previewLen is how many values the manual table shows per gradient.
const previewLen = 3

func preview(flat []float64, indices []int) string {
	vals := make([]float64, 0, previewLen)
	for _, idx := range indices {
		if len(vals) == previewLen {
			break
		}
		vals = append(vals, flat[idx])
	}
	return formatValues(vals, len(indices) > previewLen)
}

func previewNumeric(numeric []float64) string {
	n := min(len(numeric), previewLen)
	return formatValues(numeric[:n], len(numeric) > previewLen)
}

func formatValues(vals []float64, more bool) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = fmt.Sprintf("%.6g", v)
	}
	s := strings.Join(parts, " ")
	if more {
		s += " …"
	}
	return "[" + s + "]"
}

func fmtNum(x float64) string {
	return fmt.Sprintf("%.3g", x)
}

// writeTable writes rows as a Markdown table with aligned columns.
func writeTable(b *strings.Builder, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], len([]rune(cell)))
		}
	}
	writeRow := func(row []string) {
		b.WriteString("|")
		for i, cell := range row {
			fmt.Fprintf(b, " %s%s |", cell, strings.Repeat(" ", widths[i]-len([]rune(cell))))
		}
		b.WriteString("\n")
	}
	writeRow(rows[0])
	b.WriteString("|")
	for _, w := range widths {
		b.WriteString(strings.Repeat("-", w+2) + "|")
	}
	b.WriteString("\n")
	for _, row := range rows[1:] {
		writeRow(row)
	}
}
