package optim

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

type scheduleKind int

const (
	constantSchedule scheduleKind = iota
	stepSchedule
	cosineSchedule
)

// Schedule maps the base learning rate α and the global step t (1 for the
// first update) to the learning rate αₜ of that update. The zero value is
// Constant. Both optimizers read it; At is the plain-Go form for plots and
// references, LearningRateGraph the graph form the optimizers use.
//
// Do not combine it with GoMLX's cosineschedule package, which rewrites the
// learning-rate variable itself: the two would compound.
type Schedule struct {
	kind   scheduleKind
	every  int     // stepSchedule
	factor float64 // stepSchedule
	steps  int     // cosineSchedule
	minLR  float64 // cosineSchedule
	warmup int     // linear warm-up steps, any kind; 0: none
}

// Constant keeps αₜ = α for every step.
func Constant() Schedule { return Schedule{} }

// StepDecay multiplies the learning rate by factor every `every` steps:
// αₜ = α · factor^⌊(t−1)/every⌋. Steps 1…every use α. Requires every ≥ 1
// and 0 < factor ≤ 1.
func StepDecay(every int, factor float64) Schedule {
	return Schedule{kind: stepSchedule, every: every, factor: factor}
}

// Cosine anneals the learning rate from α to minLR over `steps` steps along
// half a cosine, αₜ = minLR + (α − minLR)·(1 + cos(π·p))/2 with
// p = min((t−1)/steps, 1), then stays at minLR (no restarts). Requires
// steps ≥ 1 and minLR ≥ 0.
func Cosine(steps int, minLR float64) Schedule {
	return Schedule{kind: cosineSchedule, steps: steps, minLR: minLR}
}

// Warmup raises the learning rate linearly from α/steps at step 1 to α at step `steps`, then
// keeps it: Constant().WithWarmup(steps).
//
// Introduced in notebooks/08_initialisation.ipynb.
func Warmup(steps int) Schedule { return Constant().WithWarmup(steps) }

// WithWarmup multiplies the schedule by a linear warm-up, αₜ ← αₜ·min(1, t/steps): the first
// updates, taken while Adam's moment estimates and the weights' scale are still settling, are
// small. The schedule itself is not delayed (a cosine has already decayed a little at step
// `steps`). Requires steps ≥ 1.
//
// Introduced in notebooks/08_initialisation.ipynb.
func (s Schedule) WithWarmup(steps int) Schedule {
	s.warmup = steps
	if steps < 1 {
		s.warmup = -1 // rejected by Validate, whatever the value
	}
	return s
}

// Validate reports invalid schedule parameters.
func (s Schedule) Validate() error {
	if s.warmup < 0 {
		return fmt.Errorf("optim: warm-up steps must be >= 1")
	}
	switch s.kind {
	case constantSchedule:
		return nil
	case stepSchedule:
		if s.every < 1 {
			return fmt.Errorf("optim: StepDecay every = %d steps, want >= 1", s.every)
		}
		if !(s.factor > 0 && s.factor <= 1) {
			return fmt.Errorf("optim: StepDecay factor = %g, want 0 < factor <= 1", s.factor)
		}
	case cosineSchedule:
		if s.steps < 1 {
			return fmt.Errorf("optim: Cosine steps = %d, want >= 1", s.steps)
		}
		if !(s.minLR >= 0) || math.IsInf(s.minLR, 0) {
			return fmt.Errorf("optim: Cosine minLR = %g, want a finite value >= 0", s.minLR)
		}
	default:
		return fmt.Errorf("optim: unknown schedule kind %d", s.kind)
	}
	return nil
}

// String describes the schedule, e.g. "cosine(steps=1000, min=0)" or
// "constant+warmup(100)".
func (s Schedule) String() string {
	if s.warmup > 0 {
		return fmt.Sprintf("%s+warmup(%d)", s.withoutWarmup(), s.warmup)
	}
	switch s.kind {
	case constantSchedule:
		return "constant"
	case stepSchedule:
		return fmt.Sprintf("step(every=%d, factor=%g)", s.every, s.factor)
	case cosineSchedule:
		return fmt.Sprintf("cosine(steps=%d, min=%g)", s.steps, s.minLR)
	default:
		return fmt.Sprintf("schedule(%d)", s.kind)
	}
}

func (s Schedule) withoutWarmup() Schedule {
	s.warmup = 0
	return s
}

// At returns αₜ for base rate lr at global step t; steps below 1 count as 1.
func (s Schedule) At(lr float64, step int64) float64 {
	t := float64(max(step, 1))
	if s.warmup > 0 {
		return s.withoutWarmup().At(lr, step) * math.Min(1, t/float64(s.warmup))
	}
	switch s.kind {
	case stepSchedule:
		return lr * math.Pow(s.factor, math.Floor((t-1)/float64(s.every)))
	case cosineSchedule:
		p := math.Min((t-1)/float64(s.steps), 1)
		return s.minLR + (lr-s.minLR)*(1+math.Cos(math.Pi*p))/2
	default:
		return lr
	}
}

// LearningRateGraph is At in the graph: lr and step are scalar nodes of the
// same float dtype, step being the incremented global step (1 for the
// first update). The schedule must be valid.
func (s Schedule) LearningRateGraph(lr, step *graph.Node) *graph.Node {
	t := graph.MaxScalar(step, 1)
	if s.warmup > 0 {
		ramp := graph.MinScalar(graph.DivScalar(t, float64(s.warmup)), 1)
		return graph.Mul(s.withoutWarmup().LearningRateGraph(lr, step), ramp)
	}
	switch s.kind {
	case stepSchedule:
		k := graph.Floor(graph.DivScalar(graph.AddScalar(t, -1), float64(s.every)))
		return graph.Mul(lr, graph.Pow(graph.ConstAs(lr, s.factor), k))
	case cosineSchedule:
		p := graph.MinScalar(graph.DivScalar(graph.AddScalar(t, -1), float64(s.steps)), 1)
		half := graph.DivScalar(graph.OnePlus(graph.Cos(graph.MulScalar(p, math.Pi))), 2)
		minLR := graph.ConstAs(lr, s.minLR)
		return graph.Add(minLR, graph.Mul(graph.Sub(lr, minLR), half))
	default:
		return lr
	}
}
