package fromscratch

import (
	"fmt"
	"math"
)

// FlatSlope is the fraction of an activation's largest slope below which FlatShare counts a
// slope f'(z) as flat: saturated for sigmoid and tanh, switched off for ReLU. 1 % is far below
// anything a unit in its working range has (tanh' = 0.42 at z = 1) and well above the exact 0 of
// a switched-off ReLU, so the share does not hinge on the exact value.
//
// Introduced in notebooks/08_initialisation.ipynb.
const FlatSlope = 0.01

// ScaleWeights multiplies every weight of the network by g > 0 and leaves the biases as they
// are: the same draws at another scale, so that g = 1 is the network the init rule gave.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (m *DeepMLP) ScaleWeights(g float64) error {
	if !(g > 0) || math.IsInf(g, 0) {
		return fmt.Errorf("fromscratch: DeepMLP ScaleWeights: g = %g, want a finite value > 0", g)
	}
	for _, W := range m.W {
		for _, row := range W {
			for j := range row {
				row[j] *= g
			}
		}
	}
	return nil
}

// Finite returns an error naming the first NaN or ±Inf in the trace (its loss, or which
// quantity of which layer, at which entry), nil if every value is finite. A pass whose values
// overflowed draws as empty histograms and passes "less than" claims; this says so instead.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (tr *DeepTrace) Finite() error {
	if math.IsNaN(tr.Loss) || math.IsInf(tr.Loss, 0) {
		return fmt.Errorf("fromscratch: trace: loss is %g", tr.Loss)
	}
	for _, q := range []struct {
		name string
		m    [][][]float64
	}{{"z", tr.Z}, {"a", tr.A}, {"δ = ∂L/∂z", tr.Delta}, {"∂L/∂W", tr.DW}} {
		for l, m := range q.m {
			for i, row := range m {
				for j, v := range row {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return fmt.Errorf("fromscratch: trace: layer %d: %s[%d][%d] is %g", l+1, q.name, i, j, v)
					}
				}
			}
		}
	}
	for l, b := range tr.DB {
		for j, v := range b {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("fromscratch: trace: layer %d: ∂L/∂b[%d] is %g", l+1, j, v)
			}
		}
	}
	return nil
}

// UnitSpread returns, for every hidden layer, how much its units' outputs differ from one
// example to the next: for each unit the standard deviation of its activation over the batch's
// examples, then the root mean square of these over the layer's units. A layer whose every unit
// gives (nearly) the same value for every example has spread ≈ 0 — the input is lost there —
// whatever its RMS √E[a²] or its pooled standard deviation, both of which also count the
// differences between units (constant offsets, the same for every example).
//
// Introduced in notebooks/08_initialisation.ipynb.
func (tr *DeepTrace) UnitSpread() []float64 {
	out := make([]float64, 0, len(tr.A))
	for l := 0; l+1 < len(tr.A); l++ {
		out = append(out, unitSpread(tr.A[l]))
	}
	return out
}

// unitSpread is √(mean over units j of Var_i a[i][j]) for a [examples][units].
func unitSpread(a [][]float64) float64 {
	if len(a) == 0 || len(a[0]) == 0 {
		return 0
	}
	n, units := float64(len(a)), len(a[0])
	sum := 0.0
	for j := range units {
		// Deviations from the column's first value, not its raw values: a column of n equal
		// values then gives exactly 0, where the mean Σa/n of the raw values carries rounding
		// error (128 copies of 0.4992… gave 7.2e-16, ten times the true spread of layer 6 of
		// notebook 08's sigmoid network at g = 0.01, 6.9e-17, where layers 8 and 9 have spread 0).
		// Two passes, not E[d²] − E[d]², so that small deviations are not lost to
		// cancellation either.
		a0, mean := a[0][j], 0.0
		for _, row := range a {
			mean += row[j] - a0
		}
		mean /= n
		v := 0.0
		for _, row := range a {
			d := row[j] - a0 - mean
			v += d * d
		}
		sum += v / n
	}
	return math.Sqrt(sum / float64(units))
}

// maxSlope is the largest value of act's slope f'(z) over all z.
func maxSlope(act Activation) (float64, error) {
	switch act {
	case ActSigmoid:
		return 0.25, nil // σ' = σ(1−σ) peaks at z = 0
	case ActTanh, ActReLU, ActIdentity:
		return 1, nil
	}
	return 0, fmt.Errorf("activation %s is not element-wise", act)
}

// FlatShare is the share of (example, unit) pairs of hidden layer `layer` (0 is the first
// hidden layer, as in the trace's slices) whose slope act'(z) is under FlatSlope times act's
// largest slope: the entries through which almost no gradient flows back. act must be the
// network's hidden activation (the trace does not record it).
//
// Introduced in notebooks/08_initialisation.ipynb.
func (tr *DeepTrace) FlatShare(act Activation, layer int) (float64, error) {
	if layer < 0 || layer+1 >= len(tr.Z) {
		return 0, fmt.Errorf("fromscratch: FlatShare: hidden layer index %d, want 0…%d", layer, len(tr.Z)-2)
	}
	top, err := maxSlope(act)
	if err != nil {
		return 0, fmt.Errorf("fromscratch: FlatShare: %w", err)
	}
	_, df, _ := act.Elementwise()
	flat, all := 0, 0
	for _, row := range tr.Z[layer] {
		for _, z := range row {
			if df(z) < FlatSlope*top {
				flat++
			}
			all++
		}
	}
	if all == 0 {
		return 0, fmt.Errorf("fromscratch: FlatShare: hidden layer %d is empty", layer+1)
	}
	return float64(flat) / float64(all), nil
}

// ScaleLook is what a DeepMLP with every weight of its init rule's draws times G shows on one
// batch, at step 0.
//
// Introduced in notebooks/08_initialisation.ipynb.
type ScaleLook struct {
	// G is the factor every weight was multiplied by.
	G float64
	// Trace is the forward and backward pass; every value in it is finite.
	Trace *DeepTrace
	// ActRMS and UnitSpread are the trace's, per hidden layer.
	ActRMS, UnitSpread []float64
	// FlatShare is the share of the last hidden layer's (example, unit) pairs with a flat slope
	// (see DeepTrace.FlatShare).
	FlatShare float64
}

// LookAtScale builds NewDeepMLP(sizes, act, init, seed), multiplies every weight by g, runs
// the batch X with labels forward and back and measures it. A pass that produced a NaN or ±Inf
// is an error that names the layer.
//
// Introduced in notebooks/08_initialisation.ipynb.
func LookAtScale(sizes []int, act Activation, init Init, seed uint64, g float64, X [][]float64, labels []int) (*ScaleLook, error) {
	m, err := NewDeepMLP(sizes, act, init, seed)
	if err != nil {
		return nil, err
	}
	if err := m.ScaleWeights(g); err != nil {
		return nil, err
	}
	tr, err := m.Pass(X, labels)
	if err != nil {
		return nil, err
	}
	if err := tr.Finite(); err != nil {
		return nil, fmt.Errorf("%s, %s × %.3g: %w", act, init, g, err)
	}
	flat, err := tr.FlatShare(act, m.Layers()-2)
	if err != nil {
		return nil, err
	}
	return &ScaleLook{G: g, Trace: tr, ActRMS: tr.ActRMS(), UnitSpread: tr.UnitSpread(), FlatShare: flat}, nil
}

// RMSRatio is √E[a²] of the last hidden layer over that of the first.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (s *ScaleLook) RMSRatio() float64 { return s.ActRMS[len(s.ActRMS)-1] / s.ActRMS[0] }

// SpreadRatio is the UnitSpread of the last hidden layer over that of the first: below 1 when
// the examples' differences fade with depth, 0 when they are gone.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (s *ScaleLook) SpreadRatio() float64 {
	return s.UnitSpread[len(s.UnitSpread)-1] / s.UnitSpread[0]
}
