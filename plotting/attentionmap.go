package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// AttentionMap draws attention weights as a heat map: weights[q][k] is how much query position q
// (a row, the first at the top) attends to key position k (a column), shaded from white (0) to dark
// blue (1). labels names the positions (e.g. the characters of a word) on both axes. Introduced in
// notebooks/16_char_language_model.ipynb.
//
// weights must be square and non-empty, with every entry in [0, 1] (attention weights are
// probabilities), and labels must have one entry per position.
func AttentionMap(weights [][]float64, labels []string, title string) (*plot.Plot, error) {
	n := len(weights)
	if n == 0 {
		return nil, fmt.Errorf("plotting: attention map %q is empty", title)
	}
	if len(labels) != n {
		return nil, fmt.Errorf("plotting: attention map %q has %d positions but %d labels", title, n, len(labels))
	}
	for q, row := range weights {
		if len(row) != n {
			return nil, fmt.Errorf("plotting: attention map %q is not square: %d rows but row %d has %d columns", title, n, q, len(row))
		}
		for k, v := range row {
			if math.IsNaN(v) || v < 0 || v > 1 {
				return nil, fmt.Errorf("plotting: attention map %q has weight %g at [query %d][key %d], want a value in [0, 1]", title, v, q, k)
			}
		}
	}
	heat := plotter.NewHeatMap(weightGrid(weights), blues(256))
	heat.Min, heat.Max = 0, 1
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "key (attended to)"
	p.Y.Label.Text = "query (predicting the next character)"
	p.Add(heat)
	p.NominalX(labels...)
	reversed := make([]string, n)
	for i, l := range labels {
		reversed[n-1-i] = l
	}
	p.NominalY(reversed...)
	return p, nil
}

// weightGrid shows weights[query][key] as a GridXYZ with the first query at the top.
type weightGrid [][]float64

func (g weightGrid) Dims() (c, r int)   { return len(g), len(g) }
func (g weightGrid) X(c int) float64    { return float64(c) }
func (g weightGrid) Y(r int) float64    { return float64(r) }
func (g weightGrid) Z(c, r int) float64 { return g[len(g)-1-r][c] }
