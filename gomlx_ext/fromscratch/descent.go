package fromscratch

import (
	"fmt"
	"math"
)

// Objective is a differentiable function of a vector: its value and its
// gradient. Quadratic implements it; Func adapts a pair of closures.
type Objective interface {
	Value(w []float64) float64
	Grad(w []float64) []float64
}

// Func is an Objective made of two functions, e.g. a loss and its
// hand-derived gradient.
type Func struct {
	F func(w []float64) float64
	G func(w []float64) []float64
}

// Value returns F(w).
func (f Func) Value(w []float64) float64 { return f.F(w) }

// Grad returns G(w).
func (f Func) Grad(w []float64) []float64 { return f.G(w) }

// GDConfig sets up GradientDescent.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
type GDConfig struct {
	// LearningRate is α in W ← W − α∇f(W); it must be finite and > 0.
	LearningRate float64
	// MaxSteps is the number of updates made unless Tol stops earlier (≥ 1).
	MaxSteps int
	// Tol stops the run once ‖∇f(w)‖ ≤ Tol; 0 runs all MaxSteps.
	Tol float64
}

// GDResult is the record of a gradient-descent run. Index k of Path,
// Values and GradNorms is the state after k updates (k = 0 is the start).
//
// Introduced in notebooks/04_gradient_descent.ipynb.
type GDResult struct {
	// Path holds w₀, w₁, …, one copy per step.
	Path [][]float64
	// Values holds f(wₖ).
	Values []float64
	// GradNorms holds ‖∇f(wₖ)‖.
	GradNorms []float64
	// Steps is the number of updates made, len(Path) − 1.
	Steps int
	// Converged reports that ‖∇f‖ ≤ Tol was reached (always false for Tol 0).
	Converged bool
	// Overflowed reports that the run stopped because w, f(w) or ∇f(w)
	// stopped being finite: gradient descent diverged.
	Overflowed bool
}

// Final returns the last point of the path.
func (r GDResult) Final() []float64 { return r.Path[len(r.Path)-1] }

// GradientDescent minimises obj from w0 with the update w ← w − α∇f(w),
// recording every iterate. A diverging run is not an error: it stops when the
// numbers overflow and says so in Overflowed. w0 is not modified.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func GradientDescent(obj Objective, w0 []float64, cfg GDConfig) (GDResult, error) {
	if obj == nil {
		return GDResult{}, fmt.Errorf("fromscratch.GradientDescent: objective is nil")
	}
	if len(w0) == 0 {
		return GDResult{}, fmt.Errorf("fromscratch.GradientDescent: empty starting point w0")
	}
	if err := CheckVector("w0", w0, len(w0)); err != nil {
		return GDResult{}, fmt.Errorf("fromscratch.GradientDescent: %w", err)
	}
	if !(cfg.LearningRate > 0) || math.IsInf(cfg.LearningRate, 0) {
		return GDResult{}, fmt.Errorf("fromscratch.GradientDescent: learning rate %g, want a finite value > 0", cfg.LearningRate)
	}
	if cfg.MaxSteps < 1 {
		return GDResult{}, fmt.Errorf("fromscratch.GradientDescent: MaxSteps %d, want ≥ 1", cfg.MaxSteps)
	}
	if !(cfg.Tol >= 0) {
		return GDResult{}, fmt.Errorf("fromscratch.GradientDescent: Tol %g, want ≥ 0", cfg.Tol)
	}

	w := append([]float64(nil), w0...)
	var r GDResult
	for step := 0; ; step++ {
		value, grad := obj.Value(w), obj.Grad(w)
		if len(grad) != len(w) {
			return GDResult{}, fmt.Errorf("fromscratch.GradientDescent: step %d: gradient has %d values, w has %d", step, len(grad), len(w))
		}
		gnorm := Norm(grad)
		r.Path = append(r.Path, append([]float64(nil), w...))
		r.Values = append(r.Values, value)
		r.GradNorms = append(r.GradNorms, gnorm)
		r.Steps = step
		if !isFinite(value) || !isFinite(gnorm) || !isFinite(Norm(w)) {
			r.Overflowed = true
			return r, nil
		}
		if cfg.Tol > 0 && gnorm <= cfg.Tol {
			r.Converged = true
			return r, nil
		}
		if step == cfg.MaxSteps {
			return r, nil
		}
		for i := range w {
			w[i] -= cfg.LearningRate * grad[i]
		}
	}
}

// StepsToReach returns the first k with ‖path[k] − target‖ ≤ tol, or −1 if
// the path never gets that close.
//
// Introduced in notebooks/04_gradient_descent.ipynb.
func StepsToReach(path [][]float64, target []float64, tol float64) int {
	for k, w := range path {
		if Distance(w, target) <= tol {
			return k
		}
	}
	return -1
}
