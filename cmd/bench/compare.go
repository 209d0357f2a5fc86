package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"
)

// compare reads result files of both frameworks (several runs each, alternated by `make bench`),
// takes each metric's median per framework and model, and prints them side by side with the ratio
// DeepNB / peer.
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
			k := key{row.Framework, row.Model}
			samples[k] = append(samples[k], row)
			if !seen["f"+row.Framework] {
				seen["f"+row.Framework] = true
				frameworks = append(frameworks, row.Framework)
			}
			if !seen["m"+row.Model] {
				seen["m"+row.Model] = true
				modelNames = append(modelNames, row.Model)
			}
		}
	}
	if len(frameworks) != 2 {
		return fmt.Errorf("compare: want results of exactly two frameworks, got %q", frameworks)
	}
	ours, peer := frameworks[0], frameworks[1]
	if peer == "DeepNB (GoMLX)" {
		ours, peer = peer, ours
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "model\tmetric\t%s\t%s\tratio\t\n", ours, peer)
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
		a, b := samples[key{ours, m}], samples[key{peer, m}]
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		for _, metric := range metrics {
			va, vb := median(a, metric.get), median(b, metric.get)
			ratio := "-"
			if vb != 0 {
				ratio = fmt.Sprintf("%.3f", va/vb)
			}
			fmt.Fprintf(w, "%s\t%s\t%.4g\t%.4g\t%s\t\n", m, metric.name, va, vb, ratio)
		}
	}
	fmt.Fprintf(w, "\t\t(medians of %d and %d runs)\t\t\t\n", len(samples[key{ours, modelNames[0]}]), len(samples[key{peer, modelNames[0]}]))
	return w.Flush()
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
