package fromscratch

import (
	"fmt"
	"math"
)

// InitKind selects how an Init sets the standard deviation of a layer's weights.
//
// Introduced in notebooks/08_initialisation.ipynb.
type InitKind int

const (
	// InitZeros sets every weight to 0.
	InitZeros InitKind = iota
	// InitNormal draws from N(0, Std²) whatever the layer's size.
	InitNormal
	// InitGlorot draws from N(0, 2/(fanIn+fanOut)) (Glorot and Bengio 2010): a compromise
	// between keeping the second moment E[z²] of the pre-activations forward (fanIn·σ² = 1) and
	// E[δ²] of the backward signal (fanOut·σ² = 1), for activations with slope 1 at 0 (tanh).
	InitGlorot
	// InitHe draws from N(0, 2/fanIn) (He et al. 2015). A layer gives E[z²] = fanIn·σ²·E[a²]
	// (the inputs' second moment, not their variance), and ReLU halves the second moment of a
	// symmetric input, E[ReLU(z)²] = ½E[z²]; the factor 2 gives that half back. (The variance
	// falls further, to (½ − 1/2π)·Var z ≈ 0.34·Var z for a normal z, because ReLU's output has
	// a positive mean; the variance is not what the next layer sees.)
	InitHe
)

// Init is a rule for a layer's initial weights; biases always start at 0.
//
// Introduced in notebooks/08_initialisation.ipynb.
type Init struct {
	// Kind is the rule.
	Kind InitKind
	// Std is the standard deviation of InitNormal; unused by the others.
	Std float64
}

// String names the rule, e.g. "normal(0.01)" or "he".
func (i Init) String() string {
	switch i.Kind {
	case InitZeros:
		return "zeros"
	case InitNormal:
		return fmt.Sprintf("normal(%g)", i.Std)
	case InitGlorot:
		return "glorot"
	case InitHe:
		return "he"
	}
	return fmt.Sprintf("InitKind(%d)", int(i.Kind))
}

// StdFor is the standard deviation of the weights of a layer with fanIn inputs and fanOut
// outputs.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (i Init) StdFor(fanIn, fanOut int) (float64, error) {
	if fanIn < 1 || fanOut < 1 {
		return 0, fmt.Errorf("fromscratch: init %s: layer %d → %d, want sizes >= 1", i, fanIn, fanOut)
	}
	switch i.Kind {
	case InitZeros:
		return 0, nil
	case InitNormal:
		if !(i.Std >= 0) || math.IsInf(i.Std, 0) {
			return 0, fmt.Errorf("fromscratch: init normal: std = %g, want a finite value >= 0", i.Std)
		}
		return i.Std, nil
	case InitGlorot:
		return math.Sqrt(2 / float64(fanIn+fanOut)), nil
	case InitHe:
		return math.Sqrt(2 / float64(fanIn)), nil
	}
	return 0, fmt.Errorf("fromscratch: unknown init kind %d", int(i.Kind))
}
