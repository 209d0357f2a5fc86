package results

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/deepnb/deepnb/internal/nbscan"
	"github.com/deepnb/deepnb/tests/claims"
)

// Markdown renders the report: a header, one summary table of the notebooks, and the results
// table with one row per claim.
func (r Report) Markdown() string {
	var b strings.Builder
	b.WriteString("# DeepNB reproduction results\n\n")
	fmt.Fprintf(&b, "Generated %s by cmd/reproduce (`make reproduce`) on %s, %d CPUs, %s; `GOMLX_BACKEND=%s`.\n\n",
		r.Generated.Format("2006-01-02 15:04 MST"), r.Platform, r.CPUs, r.GoVersion, r.EnvBackend)
	s := r.Summary
	fmt.Fprintf(&b, "**%s: %d passed, %d failed, %d not run. %s, %d hold.**\n\n",
		count(s.Notebooks, "notebook"), s.Passed, s.Failed, s.NotRun, count(s.Claims, "claim"), s.ClaimsHeld)

	b.WriteString("## Notebooks\n\n")
	b.WriteString("| Notebook | Verdict | Claims held | Backend | Wall time |\n|---|---|---|---|---|\n")
	for _, nb := range r.Notebooks {
		held := 0
		for _, c := range nb.Claims {
			if c.Pass {
				held++
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %d / %d | %s | %s |\n", cell(nb.Name), nb.Verdict, held, len(nb.Claims),
			cell(backendText(nb)), wallText(nb))
	}

	var params []string
	for _, nb := range r.Notebooks {
		if len(nb.Parameters) > 0 {
			var set []string
			for _, k := range slices.Sorted(maps.Keys(nb.Parameters)) {
				set = append(set, k+"="+nb.Parameters[k])
			}
			params = append(params, fmt.Sprintf("- %s: %s", cell(nb.Name), cell(strings.Join(set, ", "))))
		}
	}
	if len(params) > 0 {
		b.WriteString("\n## Parameters set for this run\n\n")
		b.WriteString(strings.Join(params, "\n"))
		b.WriteString("\n")
	}

	var problems []string
	for _, nb := range r.Notebooks {
		for _, p := range nb.Problems {
			problems = append(problems, fmt.Sprintf("- %s: %s", cell(nb.Name), cell(p)))
		}
	}
	if len(problems) > 0 {
		b.WriteString("\n## Problems\n\n")
		b.WriteString(strings.Join(problems, "\n"))
		b.WriteString("\n")
	}

	b.WriteString("\n## Results\n\n")
	if len(r.Rows) == 0 {
		b.WriteString("No claims were found.\n")
		return b.String()
	}
	b.WriteString("| Notebook | Claim | Value | Target | Verdict | Backend | Wall time |\n|---|---|---|---|---|---|---|\n")
	byName := make(map[string]Notebook, len(r.Notebooks))
	for _, nb := range r.Notebooks {
		byName[nb.Name] = nb
	}
	for _, row := range r.Rows {
		verdict := "FAIL"
		if row.Pass {
			verdict = "PASS"
		}
		value, target := claimText(row.ClaimRecord)
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", cell(row.Notebook), cell(row.Claim), cell(value),
			cell(target), verdict, cell(row.Backend), wallText(byName[row.Notebook]))
	}
	return b.String()
}

// claimText formats a claim's value and target for the table: numbers to 6 significant
// digits (results.json and the claim line keep them exact).
func claimText(c nbscan.ClaimRecord) (value, target string) {
	if claims.Op(c.Op) == claims.OpTrue {
		return strconv.FormatBool(c.Value != nil && *c.Value != 0), "is " + strconv.FormatBool(c.Threshold != nil && *c.Threshold != 0)
	}
	value, target = number(c.Value), c.Op+" "+number(c.Threshold)
	if c.Tolerance != nil {
		target += " ± " + number(c.Tolerance)
	}
	return value, target
}

// number formats a JSON-safe float; nil stands for NaN or ±Inf, which the claim line spells out.
func number(f *float64) string {
	if f == nil {
		return "not finite"
	}
	return strconv.FormatFloat(*f, 'g', 6, 64)
}

func backendText(nb Notebook) string {
	if nb.Verdict == NotRun {
		return "—"
	}
	if nb.BackendSource == SourceEnv {
		return nb.Backend + " ($GOMLX_BACKEND)"
	}
	return nb.Backend
}

func wallText(nb Notebook) string {
	if nb.Verdict == NotRun || nb.WallSeconds == 0 { // 0: not run, or a log without a wall time
		return "—"
	}
	return strconv.FormatFloat(nb.WallSeconds, 'f', 1, 64) + " s"
}

// count says "1 claim", "2 claims".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// cell keeps text on one line and its pipes from splitting the table.
var cellReplacer = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ")

func cell(s string) string { return strings.TrimSpace(cellReplacer.Replace(s)) }
