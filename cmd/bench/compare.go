package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
)

// compare reads result files of DeepNB (one column per backend, e.g. stock simplego "go" and
// "compute") and of one peer framework (several runs each, alternated by `make bench`), takes each
// metric's median per column and model, and prints them side by side with the ratios DeepNB / peer.
func compare(files []string, stdout io.Writer) error {
	if len(files) == 0 {
		return errors.New("compare: give the JSON files written by the benchmark runs")
	}
	type key struct{ framework, model string }
	samples := map[key][]Row{}
	var frameworks, modelNames []string
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var r Report
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		for _, row := range r.Rows {
			k := key{columnName(row), row.Model}
			samples[k] = append(samples[k], row)
			if !seen["f"+k.framework] {
				seen["f"+k.framework] = true
				frameworks = append(frameworks, k.framework)
			}
			if !seen["m"+row.Model] {
				seen["m"+row.Model] = true
				modelNames = append(modelNames, row.Model)
			}
		}
	}
	// DeepNB's columns (one per backend) and one peer.
	var ours []string
	peer := ""
	for _, f := range frameworks {
		switch {
		case strings.HasPrefix(f, deepNBFramework):
			ours = append(ours, f)
		case peer == "":
			peer = f
		default:
			return fmt.Errorf("compare: want one peer framework, got %q and %q", peer, f)
		}
	}
	if len(ours) == 0 || peer == "" {
		return fmt.Errorf("compare: want results of DeepNB and of one peer framework, got %q", frameworks)
	}
	sort.Strings(ours)
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := "model\tmetric\t" + strings.Join(ours, "\t") + "\t" + peer
	for _, o := range ours {
		if len(ours) == 1 {
			header += "\tratio"
		} else {
			header += "\tratio " + strings.TrimPrefix(strings.TrimPrefix(o, deepNBFramework), " ")
		}
	}
	fmt.Fprintln(w, header+"\t")
	metrics := []struct {
		name string
		get  func(Row) float64
	}{
		{"train examples/s", func(r Row) float64 { return r.TrainExamplesPerSec }},
		{"inference examples/s", func(r Row) float64 { return r.InferExamplesPerSec }},
		{"peak RSS MiB", func(r Row) float64 { return float64(r.PeakRSSBytes) / (1 << 20) }},
		{"seconds to target", func(r Row) float64 { return r.SecondsToTarget }},
		{"epochs to target", func(r Row) float64 { return r.EpochsToTarget }},
		{"final accuracy", func(r Row) float64 { return r.FinalAccuracy }},
	}
	for _, m := range modelNames {
		b := samples[key{peer, m}]
		if len(b) == 0 {
			continue
		}
		for _, metric := range metrics {
			vb := median(b, metric.get)
			line, ratios := m+"\t"+metric.name, ""
			for _, o := range ours {
				a := samples[key{o, m}]
				if len(a) == 0 {
					line += "\t-"
					ratios += "\t-"
					continue
				}
				va := median(a, metric.get)
				line += fmt.Sprintf("\t%.4g", va)
				if vb != 0 {
					ratios += fmt.Sprintf("\t%.3f", va/vb)
				} else {
					ratios += "\t-"
				}
			}
			fmt.Fprintf(w, "%s\t%.4g%s\t\n", line, vb, ratios)
		}
	}
	fmt.Fprintf(w, "\t\t(medians of %d and %d runs)%s\t\n", len(samples[key{ours[0], modelNames[0]}]), len(samples[key{peer, modelNames[0]}]), strings.Repeat("\t", len(ours)*2))
	return w.Flush()
}

// deepNBFramework is the framework name cmd/bench writes; its columns are named by backend.
const deepNBFramework = "DeepNB (GoMLX)"

// columnName is the table column a row belongs to: DeepNB's rows are split by backend (stock
// simplego "go" and "compute" side by side), the peer's are one column.
func columnName(r Row) string {
	if r.Framework == deepNBFramework && r.Backend != "" {
		return deepNBFramework + " " + r.Backend
	}
	return r.Framework
}

func median(rows []Row, get func(Row) float64) float64 {
	v := make([]float64, len(rows))
	for i, r := range rows {
		v[i] = get(r)
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
