package optim

import (
	"fmt"
	"strings"
)

// Form selects the update rule; see the package documentation for the equations.
type Form int

const (
	// Plain is SGD without momentum: W ← W − α·g.
	Plain Form = iota
	// MomentumEMA keeps an exponential moving average of the gradients,
	// v ← β·v + (1−β)·g, W ← W − α·v. It is the seed text's form and
	// Momentum's default. Its steps have the scale of SGD's (the weights of
	// the average sum to 1), so the same α works for both. There is no bias
	// correction (unlike Adam's): with a constant gradient g the first steps
	// are (1−β)·g, (1−β²)·g, …, reaching g after a few 1/(1−β) steps.
	MomentumEMA
	// Classical is heavy-ball momentum, v ← β·v + g, W ← W − α·v (PyTorch's
	// SGD with momentum). Its steady-state step is α/(1−β) times the
	// gradient, 10× SGD's for β = 0.9: scale α down accordingly.
	Classical
	// Nesterov is Classical with a look-ahead, v ← β·v + g,
	// W ← W − α·(g + β·v) (PyTorch's nesterov=true).
	Nesterov
)

var formNames = map[Form]string{Plain: "sgd", MomentumEMA: "ema", Classical: "classical", Nesterov: "nesterov"}

// String returns the name ParseForm accepts: "sgd", "ema", "classical" or "nesterov".
func (f Form) String() string {
	if name, ok := formNames[f]; ok {
		return name
	}
	return fmt.Sprintf("Form(%d)", int(f))
}

// ParseForm reads a form name (as String returns it, case-insensitive), for flags.
func ParseForm(name string) (Form, error) {
	for f, n := range formNames {
		if strings.EqualFold(name, n) {
			return f, nil
		}
	}
	return Plain, fmt.Errorf("optim: unknown form %q, want one of sgd, ema, classical, nesterov", name)
}

// hasVelocity reports whether the form keeps a velocity per weight.
func (f Form) hasVelocity() bool { return f != Plain }

func (f Form) valid() bool {
	_, ok := formNames[f]
	return ok
}
