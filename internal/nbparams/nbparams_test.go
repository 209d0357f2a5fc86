package nbparams

import (
	"encoding/json"
	"strings"
	"testing"
)

// notebook builds an nbformat 4 notebook from (tags, source) code cells.
func notebook(t *testing.T, cells ...[2]string) []byte {
	t.Helper()
	var list []map[string]any
	list = append(list, map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": "# title"})
	for _, c := range cells {
		md := map[string]any{}
		if c[0] != "" {
			md["tags"] = strings.Split(c[0], ",")
		}
		list = append(list, map[string]any{"cell_type": "code", "metadata": md, "source": c[1], "outputs": []any{}, "execution_count": nil})
	}
	b, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{"kernelspec": map[string]any{"name": "gonb"}}, "cells": list})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const settings = "// Settings.\nconst (\n\tEpochs       = 2\n\tBatchSize    = 128\n\tLearningRate = 1e-3\n\tModel        = \"cnn\"\n\tAugment      = false\n)\n\nvar Seed uint64 = 42\n"

func TestFindAndInject(t *testing.T) {
	nb := notebook(t, [2]string{"", "!*go mod edit -replace=x=${GONB_DIR}/.."}, [2]string{"parameters", settings}, [2]string{"", "%%\nfmt.Println(Epochs)"})
	p, err := Find(nb)
	if err != nil {
		t.Fatal(err)
	}
	if p.Cell != 2 || strings.Join(p.Names(), ",") != "Epochs,BatchSize,LearningRate,Model,Augment,Seed" {
		t.Fatalf("Find: cell %d, names %v", p.Cell, p.Names())
	}
	set, err := p.Parse("Epochs=3 LearningRate=1 Model=mlp Augment=true Seed=7")
	if err != nil {
		t.Fatal(err)
	}
	src := p.Source(set, "injected")
	for _, want := range []string{"const (\n\tEpochs = 3\n\tBatchSize = 128\n\tLearningRate = 1.0\n\tModel = \"mlp\"\n\tAugment = true\n)", "var (\n\tSeed uint64 = 7\n)"} {
		if !strings.Contains(src, want) {
			t.Errorf("injected source lacks %q:\n%s", want, src)
		}
	}
	// The injected cell must itself be a valid parameters cell with the new values.
	again, err := parseCell(src)
	if err != nil {
		t.Fatalf("injected source does not parse: %v\n%s", err, src)
	}
	if v := again.Values(nil); v["Epochs"] != "3" || v["BatchSize"] != "128" || v["Seed"] != "7" {
		t.Errorf("injected values %v", v)
	}

	out, err := Inject(nb, p, src)
	if err != nil {
		t.Fatal(err)
	}
	out, err = ReplaceInCode(out, "${GONB_DIR}/..", "/repo")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		NBFormat int `json:"nbformat"`
		Metadata map[string]any
		Cells    []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
			Metadata struct {
				Tags []string `json:"tags"`
			} `json:"metadata"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Cells) != 5 || got.NBFormat != 4 || got.Metadata["kernelspec"] == nil {
		t.Fatalf("injected notebook: %d cells, nbformat %d, metadata %v", len(got.Cells), got.NBFormat, got.Metadata)
	}
	if tags := got.Cells[3].Metadata.Tags; len(tags) != 1 || tags[0] != InjectedTag {
		t.Errorf("cell after the parameters cell has tags %v, want [%s]", tags, InjectedTag)
	}
	if !strings.Contains(string(got.Cells[1].Source), "-replace=x=/repo") {
		t.Errorf("module pin not rewritten: %s", got.Cells[1].Source)
	}
	if !strings.Contains(string(got.Cells[4].Source), "Println(Epochs)") {
		t.Errorf("the cell after the injected one changed: %s", got.Cells[4].Source)
	}
}

func TestRefusals(t *testing.T) {
	good := notebook(t, [2]string{"parameters", settings})
	p, err := Find(good)
	if err != nil {
		t.Fatal(err)
	}
	for set, want := range map[string]string{
		"Epoch=3":           "no parameter Epoch (the parameters cell has Epochs, BatchSize",
		"Epochs=three":      `Epochs is an integer (Epochs = 2 in the parameters cell); "three" is not one`,
		"Epochs=2.5":        `"2.5" is not one`,
		"LearningRate=x":    `LearningRate is a number`,
		"LearningRate=NaN":  `LearningRate is a number`,
		"Augment=maybe":     `Augment is a bool`,
		"Seed=-1":           `Seed is a uint64`,
		"Epochs":            "want NAME=VALUE",
		"Epochs=1 Epochs=2": "given twice",
	} {
		if _, err := p.Parse(set); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", set, err, want)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q): error is not one line: %q", set, err)
		}
	}

	for name, tc := range map[string]struct {
		nb   []byte
		want string
	}{
		"no parameters cell": {notebook(t, [2]string{"", settings}), "no code cell is tagged parameters"},
		"two":                {notebook(t, [2]string{"parameters", settings}, [2]string{"parameters", "const X = 1"}), "both tagged"},
		"magic":              {notebook(t, [2]string{"parameters", "%%\nconst X = 1"}), "not plain Go declarations"},
		"function":           {notebook(t, [2]string{"parameters", "func f() {}"}), "more than const and var"},
		"expression":         {notebook(t, [2]string{"parameters", "const X = 1 << 3"}), "X: value is not a literal"},
		"iota":               {notebook(t, [2]string{"parameters", "const (\n\tA = iota\n\tB\n)"}), "A: value iota is not a literal"},
		"not JSON":           {[]byte("{"), "not a notebook"},
	} {
		if _, err := Find(tc.nb); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Find = %v, want an error containing %q", name, err, tc.want)
		}
	}
}
