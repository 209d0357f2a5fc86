package plotting_test

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

func TestAttentionMap(t *testing.T) {
	w := [][]float64{{1, 0, 0}, {0.5, 0.5, 0}, {0.2, 0.3, 0.5}}
	p, err := plotting.AttentionMap(w, []string{".", "a", "b"}, "attention")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plotting.FigureOf(p).PNG(200, 200); err != nil {
		t.Fatal(err)
	}
}

func TestAttentionMapRejects(t *testing.T) {
	for _, tt := range []struct {
		name   string
		w      [][]float64
		labels []string
		want   string
	}{
		{"empty", nil, nil, "is empty"},
		{"labels", [][]float64{{1}}, []string{"a", "b"}, "1 positions but 2 labels"},
		{"ragged", [][]float64{{1, 0}, {1}}, []string{"a", "b"}, "not square"},
		{"nan", [][]float64{{math.NaN()}}, []string{"a"}, "weight NaN"},
		{"above one", [][]float64{{1.5}}, []string{"a"}, "weight 1.5"},
	} {
		if _, err := plotting.AttentionMap(tt.w, tt.labels, "t"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}
