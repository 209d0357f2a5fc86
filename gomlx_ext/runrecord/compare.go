package runrecord

import (
	"fmt"
	"github.com/deepnb/deepnb/gomlx_ext/procstat"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deepnb/deepnb/plotting"
	"github.com/janpfeifer/gonb/gonbui"
)

// LoadAll loads the record of each run directory, in order.
func LoadAll(dirs ...string) ([]*Record, error) {
	if len(dirs) == 0 {
		return nil, fmt.Errorf("compare: no run directories given")
	}
	recs := make([]*Record, len(dirs))
	for i, d := range dirs {
		r, err := Load(d)
		if err != nil {
			return nil, err
		}
		recs[i] = r
	}
	return recs, nil
}

// Table is a Markdown table with one column per run (headed by labels): the settings that
// differ between the runs (all of them for a single run), then every final metric, wall time
// and peak memory. Settings that all runs share are listed in one line below the table.
func Table(labels []string, recs []*Record) (string, error) {
	if len(labels) != len(recs) || len(recs) == 0 {
		return "", fmt.Errorf("compare: %d labels for %d runs", len(labels), len(recs))
	}
	settings := map[string]bool{}
	metrics := map[string]bool{}
	for _, r := range recs {
		for k := range r.Settings {
			settings[k] = true
		}
		for k := range r.Final {
			metrics[k] = true
		}
	}
	var b strings.Builder
	row := func(name string, cells []string) {
		fmt.Fprintf(&b, "| %s | %s |\n", escape(name), strings.Join(cells, " | "))
	}
	heads := make([]string, len(labels))
	for i, l := range labels {
		heads[i] = escape(l)
	}
	row("", heads)
	row(strings.Repeat("-", 3), slices.Repeat([]string{"---:"}, len(recs)))

	var same []string
	for _, k := range slices.Sorted(maps.Keys(settings)) {
		cells := make([]string, len(recs))
		for i, r := range recs {
			v, ok := r.Settings[k]
			if !ok {
				v = "—"
			}
			cells[i] = escape(v)
		}
		if len(recs) > 1 && allEqual(cells) {
			same = append(same, k+"="+recs[0].Settings[k])
			continue
		}
		row("**"+k+"**", cells)
	}
	for _, k := range []string{"seed", "backend", "commit"} {
		cells := make([]string, len(recs))
		for i, r := range recs {
			switch k {
			case "seed":
				cells[i] = "—"
				if r.Seed != nil {
					cells[i] = fmt.Sprint(*r.Seed)
				}
			case "backend":
				cells[i] = escape(orDash(r.Backend))
			case "commit":
				cells[i] = escape(shortCommit(r.Commit))
			}
		}
		if len(recs) > 1 && allEqual(cells) {
			same = append(same, k+"="+cells[0])
			continue
		}
		row(k, cells)
	}
	for _, k := range slices.Sorted(maps.Keys(metrics)) {
		cells := make([]string, len(recs))
		for i, r := range recs {
			cells[i] = "—"
			if v, ok := r.Final[k]; ok {
				cells[i] = fmt.Sprintf("%.4f", v)
			}
		}
		row(k, cells)
	}
	wall := make([]string, len(recs))
	mem := make([]string, len(recs))
	for i, r := range recs {
		wall[i] = fmt.Sprintf("%.1f", r.WallSeconds)
		mem[i] = procstat.FormatBytes(r.PeakRSSBytes)
	}
	row("wall time (s)", wall)
	row("peak memory", mem)
	if len(same) > 0 {
		fmt.Fprintf(&b, "\nShared by every run: %s.\n", escape(strings.Join(same, ", ")))
	}
	return b.String(), nil
}

// Overlay draws the runs' curves on shared axes, one curve per run named by its label:
// held-out loss and accuracy against the epoch, or the training curves for runs without
// held-out measurements.
func Overlay(labels []string, recs []*Record) (*plotting.Figure, error) {
	if len(labels) != len(recs) || len(recs) == 0 {
		return nil, fmt.Errorf("compare: %d labels for %d runs", len(labels), len(recs))
	}
	var loss, acc []plotting.Series
	set := ""
	for i, r := range recs {
		h := r.History
		if h == nil || (len(h.Eval) == 0 && len(h.Train) == 0) {
			return nil, fmt.Errorf("compare: run %s has no history to draw", labels[i])
		}
		points, name := h.Eval, h.EvalName
		if len(points) == 0 {
			points, name = h.Train, "train"
		}
		if set != "" && set != name {
			name = "held-out" // runs measured on different sets: say so rather than pick one
		}
		set = name
		l := plotting.Series{Name: labels[i]}
		a := plotting.Series{Name: labels[i]}
		for _, p := range points {
			l.X, l.Y = append(l.X, p.Epoch), append(l.Y, p.Loss)
			a.X, a.Y = append(a.X, p.Epoch), append(a.Y, p.Accuracy)
		}
		loss, acc = append(loss, l), append(acc, a)
	}
	lossPlot, err := plotting.LineChart(set+" loss", "epoch", "loss", loss...)
	if err != nil {
		return nil, err
	}
	accPlot, err := plotting.LineChart(set+" accuracy", "epoch", "accuracy", acc...)
	if err != nil {
		return nil, err
	}
	return plotting.NewFigure(1, 2, lossPlot, accPlot)
}

// Show loads the runs in dirs and displays, in a GoNB notebook cell, the comparison table and
// the overlay of their curves (labels are the directories' base names). Outside a notebook it
// prints the table and draws nothing.
func Show(dirs ...string) error {
	recs, err := LoadAll(dirs...)
	if err != nil {
		return err
	}
	labels := Labels(dirs)
	table, err := Table(labels, recs)
	if err != nil {
		return err
	}
	if !plotting.InNotebook() {
		fmt.Print(table)
		return nil
	}
	gonbui.DisplayMarkdown(table)
	fig, err := Overlay(labels, recs)
	if err != nil {
		return err
	}
	return plotting.Show(fig)
}

// Labels names runs by their directories: the base name, or the whole path where base names
// repeat.
func Labels(dirs []string) []string {
	labels := make([]string, len(dirs))
	seen := map[string]int{}
	for i, d := range dirs {
		labels[i] = filepath.Base(filepath.Clean(d))
		seen[labels[i]]++
	}
	for i, d := range dirs {
		if seen[labels[i]] > 1 {
			labels[i] = filepath.Clean(d)
		}
	}
	return labels
}

func allEqual(cells []string) bool {
	for _, c := range cells[1:] {
		if c != cells[0] {
			return false
		}
	}
	return true
}

func escape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func shortCommit(c string) string {
	if c == "" {
		return "—"
	}
	if rev, dirty, ok := strings.Cut(c, "+"); ok && len(rev) > 12 {
		return rev[:12] + "+" + dirty
	}
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
