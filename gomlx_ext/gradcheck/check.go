package gradcheck

import (
	"errors"
	"fmt"
	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"math"
	"slices"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

const (
	// DefaultStep is the finite-difference step h, DeepNB's one default
	// (fromscratch.DefaultStep says why).
	DefaultStep = fromscratch.DefaultStep

	// DefaultFloor is the smallest denominator of the relative error,
	// |a − n| / max(|a|, |n|, floor) (fromscratch.RelativeError).
	DefaultFloor = fromscratch.DefaultFloor

	// DefaultTolerance is the largest relative error Report.Passed accepts.
	DefaultTolerance = 1e-6
)

// Func is the function whose gradient is checked: it builds a graph from the
// parameters (float64 nodes, in the order they were added) and returns a
// scalar.
type Func func(g *graph.Graph, params []*graph.Node) *graph.Node

// Checker configures one gradient check. Create it with New, add parameters
// with Param, optionally hand-written gradients with Manual, and call Run.
//
//	report, err := gradcheck.New(backend, f).
//		Param("W", [][]float64{{0.3, -1.2}, {0.8, 0.5}}).
//		Param("b", []float64{0.1, -0.4}).
//		Run()
type Checker struct {
	backend     backends.Backend
	fn          Func
	params      []values
	manual      map[string]values
	step        float64
	floor       float64
	tolerance   float64
	maxElements int
	errs        []error
}

// New starts a gradient check of fn on backend.
func New(backend backends.Backend, fn Func) *Checker {
	return &Checker{
		backend:   backend,
		fn:        fn,
		manual:    map[string]values{},
		step:      DefaultStep,
		floor:     DefaultFloor,
		tolerance: DefaultTolerance,
	}
}

// Check is the short form of New(backend, fn).Param("params[0]", params[0])…Run().
func Check(backend backends.Backend, fn Func, params ...any) (*Report, error) {
	c := New(backend, fn)
	for i, p := range params {
		c.Param(fmt.Sprintf("params[%d]", i), p)
	}
	return c.Run()
}

// Param adds a parameter: fn receives it as params[i], i being the order of
// the Param calls. value is a float64, []float64, [][]float64,
// [][][]float64 or a float64/float32 *tensors.Tensor; the check runs in
// float64 whatever the input.
func (c *Checker) Param(name string, value any) *Checker {
	if name == "" {
		c.errs = append(c.errs, fmt.Errorf("parameter #%d has an empty name", len(c.params)))
		return c
	}
	for _, p := range c.params {
		if p.name == name {
			c.errs = append(c.errs, fmt.Errorf("parameter %q added twice", name))
			return c
		}
	}
	v, err := toValues(name, value)
	if err != nil {
		c.errs = append(c.errs, err)
		return c
	}
	c.params = append(c.params, v)
	return c
}

// Manual gives a hand-written gradient for the named parameter, in the same
// forms Param accepts and with the parameter's shape. The report then also
// compares it with autodiff and finite differences (Report.ManualTable).
func (c *Checker) Manual(name string, grad any) *Checker {
	v, err := toValues(name, grad)
	if err != nil {
		c.errs = append(c.errs, fmt.Errorf("manual gradient: %w", err))
		return c
	}
	c.manual[name] = v
	return c
}

// Step sets the finite-difference step h (default DefaultStep).
func (c *Checker) Step(h float64) *Checker {
	c.step = h
	return c
}

// Floor sets the smallest denominator of the relative error (default DefaultFloor).
func (c *Checker) Floor(floor float64) *Checker {
	c.floor = floor
	return c
}

// Tolerance sets the largest relative error Report.Passed accepts (default DefaultTolerance).
func (c *Checker) Tolerance(tol float64) *Checker {
	c.tolerance = tol
	return c
}

// MaxElements limits finite differences to n evenly spaced elements per
// parameter (each costs two evaluations of fn); 0, the default, checks
// every element. Autodiff and manual gradients are still compared in full.
func (c *Checker) MaxElements(n int) *Checker {
	c.maxElements = n
	return c
}

func (c *Checker) validate() error {
	errs := append([]error(nil), c.errs...)
	if c.backend == nil {
		errs = append(errs, errors.New("backend is nil"))
	}
	if c.fn == nil {
		errs = append(errs, errors.New("function is nil"))
	}
	if len(c.params) == 0 && len(c.errs) == 0 {
		errs = append(errs, errors.New("no parameters: add at least one with Param"))
	}
	if !(c.step > 0) || math.IsInf(c.step, 0) {
		errs = append(errs, fmt.Errorf("step h = %g, want a finite value > 0", c.step))
	}
	if !(c.floor > 0) || math.IsInf(c.floor, 0) {
		errs = append(errs, fmt.Errorf("floor = %g, want a finite value > 0", c.floor))
	}
	if !(c.tolerance > 0) {
		errs = append(errs, fmt.Errorf("tolerance = %g, want a value > 0", c.tolerance))
	}
	if c.maxElements < 0 {
		errs = append(errs, fmt.Errorf("MaxElements(%d), want >= 0", c.maxElements))
	}
	for name, m := range c.manual {
		found := false
		for _, p := range c.params {
			if p.name == name {
				found = true
				if !slices.Equal(p.shape, m.shape) {
					errs = append(errs, fmt.Errorf("manual gradient %q has shape %v, parameter has shape %v",
						name, m.shape, p.shape))
				}
			}
		}
		if !found {
			errs = append(errs, fmt.Errorf("manual gradient %q names no parameter", name))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("gradcheck: %w", errors.Join(errs...))
	}
	return nil
}

// Run evaluates the autodiff gradient once and fn twice per checked element,
// and returns the comparison.
func (c *Checker) Run() (*Report, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	args := make([]any, len(c.params))
	for i, p := range c.params {
		args[i] = p.tensor()
	}

	value, autodiff, err := c.autodiff(args)
	if err != nil {
		return nil, err
	}
	forward, err := graph.NewExec(c.backend, func(params []*graph.Node) *graph.Node {
		return c.callFn(params)
	})
	if err != nil {
		return nil, fmt.Errorf("gradcheck: building forward executor: %w", err)
	}
	defer forward.Finalize()

	report := &Report{Value: value, Step: c.step, Floor: c.floor, Tolerance: c.tolerance}
	for i, p := range c.params {
		pr := ParamReport{Name: p.name, Shape: p.shape, Autodiff: autodiff[i]}
		pr.Indices = sampleIndices(len(p.flat), c.maxElements)
		pr.Numeric = make([]float64, len(pr.Indices))
		for j, idx := range pr.Indices {
			pr.Numeric[j], err = c.centralDifference(forward, args, i, idx)
			if err != nil {
				return nil, err
			}
		}
		if m, ok := c.manual[p.name]; ok {
			pr.Manual = m.flat
		}
		pr.compare(c.floor)
		report.add(pr)
	}
	return report, nil
}

// callFn calls the user's function and checks it returned a float scalar.
// It panics with an error on failure: graph.Exec turns that into an error.
func (c *Checker) callFn(params []*graph.Node) *graph.Node {
	out := c.fn(params[0].Graph(), params)
	if out == nil {
		panic(errors.New("gradcheck: function returned a nil node"))
	}
	if !out.Shape().IsScalar() || !out.DType().IsFloat() {
		panic(fmt.Errorf("gradcheck: function returned shape %s, want a float scalar", out.Shape()))
	}
	return out
}

// autodiff returns f and ∂f/∂param for every parameter, flattened.
func (c *Checker) autodiff(args []any) (value float64, grads [][]float64, err error) {
	exec, err := graph.NewExec(c.backend, func(params []*graph.Node) []*graph.Node {
		out := c.callFn(params)
		return append([]*graph.Node{out}, graph.Gradient(out, params...)...)
	})
	if err != nil {
		return 0, nil, fmt.Errorf("gradcheck: building autodiff executor: %w", err)
	}
	defer exec.Finalize()
	outputs, err := execSafely(exec, args)
	if err != nil {
		return 0, nil, fmt.Errorf("gradcheck: autodiff: %w", err)
	}
	if value, err = scalarValue(outputs[0]); err != nil {
		return 0, nil, fmt.Errorf("gradcheck: f: %w", err)
	}
	grads = make([][]float64, len(c.params))
	for i, p := range c.params {
		t := outputs[i+1]
		if !slices.Equal(t.Shape().Dimensions, p.shape) {
			return 0, nil, fmt.Errorf("gradcheck: gradient of %q has shape %s, parameter has %v", p.name, t.Shape(), p.shape)
		}
		grads[i], err = tensors.CopyFlatData[float64](t)
		if err != nil {
			return 0, nil, fmt.Errorf("gradcheck: reading gradient of %q: %w", p.name, err)
		}
	}
	return value, grads, nil
}

// centralDifference returns (f(θ+h) − f(θ−h)) / 2h for element idx of param i.
func (c *Checker) centralDifference(exec *graph.Exec, args []any, i, idx int) (float64, error) {
	p := c.params[i]
	perturbed := make([]any, len(args))
	copy(perturbed, args)
	eval := func(delta float64) (float64, error) {
		flat := append([]float64(nil), p.flat...)
		flat[idx] += delta
		perturbed[i] = tensors.FromFlatDataAndDimensions(flat, p.shape...)
		outputs, err := execSafely(exec, perturbed)
		if err != nil {
			return 0, fmt.Errorf("gradcheck: evaluating f at %q[%d]%+g: %w", p.name, idx, delta, err)
		}
		return scalarValue(outputs[0])
	}
	plus, err := eval(c.step)
	if err != nil {
		return 0, err
	}
	minus, err := eval(-c.step)
	if err != nil {
		return 0, err
	}
	return (plus - minus) / (2 * c.step), nil
}

// execSafely runs exec, turning any panic (GoMLX re-panics non-error values)
// into an error.
func execSafely(exec *graph.Exec, args []any) (outputs []*tensors.Tensor, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return exec.Exec(args...)
}

func scalarValue(t *tensors.Tensor) (float64, error) {
	switch t.DType() {
	case dtypes.Float64:
		return t.Value().(float64), nil
	case dtypes.Float32:
		return float64(t.Value().(float32)), nil
	default:
		return 0, fmt.Errorf("value has dtype %s, want float64 or float32", t.DType())
	}
}

// sampleIndices returns all of 0..size-1, or max evenly spaced ones.
func sampleIndices(size, maxElements int) []int {
	n := size
	if maxElements > 0 && maxElements < size {
		n = maxElements
	}
	idx := make([]int, n)
	for j := range idx {
		idx[j] = j * size / n
	}
	return idx
}
