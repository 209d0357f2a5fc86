package goblas

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// stage is one step of an Executable: a simplego sub-computation, or a layer of products.
type stage struct {
	exec backends.Executable // nil for a layer of products
	// inputs and outputs are node ids: the values the sub-computation reads and produces.
	inputs, outputs []int
	dots            []dotStep
	// free lists the values whose last use is this stage (never outputs or parameters).
	free []int
	// lastParams lists the parameters whose last use is this stage and that are not outputs: when
	// the caller donates one, it is handed on to this stage (or freed after it), as simplego
	// would own it in one graph. Ops that update a value in place depend on it: simplego's
	// RNGBitGenerator writes the new state into an owned state buffer, and into a fresh pool
	// buffer otherwise, where the state's third word is left as it was.
	lastParams []int
}

type dotStep struct {
	lhs, rhs, out int // node ids
	plan          dotPlan
}

// Compile partitions the recorded graph; see the package documentation.
func (b *Builder) Compile(outputs []backends.Op, shardings []*backends.ShardingSpec) (backends.Executable, error) {
	for _, s := range shardings {
		if s != nil {
			return nil, fmt.Errorf("goblas builder %q: sharding is not supported (one device)", b.name)
		}
	}
	outs := make([]*node, len(outputs))
	shadowOuts := make([]backends.Op, len(outputs))
	for i, op := range outputs {
		n, err := b.own(op)
		if err != nil {
			return nil, fmt.Errorf("Compile output %d: %w", i, err)
		}
		outs[i], shadowOuts[i] = n, n.shadow
	}
	b.compiled = true

	// Which calls are needed, and which of them are products goblas runs.
	live := make(map[*call]bool)
	var mark func(n *node)
	mark = func(n *node) {
		if live[n.call] {
			return
		}
		live[n.call] = true
		for _, a := range argNodes(n.call) {
			mark(a)
		}
	}
	for _, n := range outs {
		mark(n)
	}
	dots := make(map[*call]dotStep)
	for _, c := range b.calls {
		if !live[c] || c.method != "DotGeneral" {
			continue
		}
		lhs, rhs := c.args[0].(*node), c.args[3].(*node)
		args := dotArgs{lhsContracting: c.args[1].([]int), lhsBatch: c.args[2].([]int),
			rhsContracting: c.args[4].([]int), rhsBatch: c.args[5].([]int)}
		if plan, ok := planDot(lhs.shape, rhs.shape, c.outputs[0].shape, args, b.backend.kernel.multiply); ok {
			dots[c] = dotStep{lhs: lhs.id, rhs: rhs.id, out: c.outputs[0].id, plan: plan}
		}
	}
	if len(dots) == 0 {
		// Nothing for goblas to do: the simplego executable as it is.
		return b.shadow.Compile(shadowOuts, nil)
	}

	// Stage of each call, as early as its inputs allow: even stages are simplego sub-computations,
	// odd ones layers of products.
	stageOf := make(map[*call]int)
	numStages := 0
	for _, c := range b.calls {
		if !live[c] || c.method == "Parameter" {
			continue
		}
		inMax := -1
		for _, a := range argNodes(c) {
			if a.call.method != "Parameter" {
				inMax = max(inMax, stageOf[a.call])
			}
		}
		s := inMax
		_, isDot := dots[c]
		switch {
		case isDot && s < 0:
			s = 1
		case isDot:
			s += 1 + s%2 // next odd stage
		case s < 0:
			s = 0
		default:
			s += s % 2 // next even stage
		}
		stageOf[c] = s
		numStages = max(numStages, s+1)
	}

	// Last stage each value is used in; outputs and parameters are never freed.
	const never = 1 << 30
	lastUse := make([]int, len(b.nodes))
	for i := range lastUse {
		lastUse[i] = -1
	}
	for _, c := range b.calls {
		if s, ok := stageOf[c]; ok {
			for _, a := range argNodes(c) {
				lastUse[a.id] = max(lastUse[a.id], s)
			}
		}
	}
	// A parameter that is not an output may be donated to its last stage; -1 when no stage uses it.
	paramLast := make(map[int]int, len(b.params))
	for _, p := range b.params {
		paramLast[p.id] = lastUse[p.id]
	}
	for _, n := range outs {
		lastUse[n.id] = never
		delete(paramLast, n.id)
	}
	for _, p := range b.params {
		lastUse[p.id] = never
	}

	e := &Executable{backend: b.backend, name: b.name, params: b.params, outputs: outs, numNodes: len(b.nodes)}
	for s := range numStages {
		var st stage
		if s%2 == 1 {
			for _, c := range b.calls {
				if d, ok := dots[c]; ok && stageOf[c] == s {
					st.dots = append(st.dots, d)
				}
			}
		} else {
			var calls []*call
			for _, c := range b.calls {
				if cs, ok := stageOf[c]; ok && cs == s {
					calls = append(calls, c)
				}
			}
			if len(calls) == 0 {
				continue
			}
			var err error
			if st, err = b.compileSegment(fmt.Sprintf("%s/stage%d", b.name, s), s, calls, stageOf, lastUse); err != nil {
				return nil, err
			}
		}
		for id, last := range lastUse {
			if last == s {
				st.free = append(st.free, id)
			}
		}
		for _, p := range b.params {
			if last, ok := paramLast[p.id]; ok && last == s {
				st.lastParams = append(st.lastParams, p.id)
			}
		}
		e.stages = append(e.stages, st)
	}
	// The record and the shadow graph (constants included) are not needed any more; GoMLX may
	// keep the Builder as long as the graph lives.
	for _, n := range b.nodes {
		n.shadow = nil
	}
	b.calls, b.nodes, b.shadow = nil, nil, nil
	return e, nil
}

// compileSegment replays calls (all of stage s) on a fresh simplego builder.
func (b *Builder) compileSegment(name string, s int, calls []*call, stageOf map[*call]int, lastUse []int) (stage, error) {
	var st stage
	sb := b.backend.Backend.Builder(name)
	ops := make(map[int]backends.Op)
	mapOp := func(n *node) (backends.Op, error) {
		if op, ok := ops[n.id]; ok {
			return op, nil
		}
		if cs, ok := stageOf[n.call]; ok && cs == s {
			return nil, fmt.Errorf("goblas %s: node %d used before it is built", name, n.id)
		}
		op, err := sb.Parameter(fmt.Sprintf("v%d", n.id), n.shape, nil)
		if err != nil {
			return nil, err
		}
		ops[n.id] = op
		st.inputs = append(st.inputs, n.id)
		return op, nil
	}
	for _, c := range calls {
		out, err := callOn(sb, c.method, c.variadic, c.args, mapOp)
		if err != nil {
			return st, err
		}
		if e := out[len(out)-1]; !e.IsNil() {
			return st, fmt.Errorf("goblas %s: replaying %s: %w", name, c.method, e.Interface().(error))
		}
		var results []backends.Op
		for _, v := range out[:len(out)-1] {
			switch r := v.Interface().(type) {
			case []backends.Op:
				results = append(results, r...)
			default:
				results = append(results, r)
			}
		}
		if len(results) != len(c.outputs) {
			return st, fmt.Errorf("goblas %s: %s gave %d results on replay, %d when recorded", name, c.method, len(results), len(c.outputs))
		}
		for i, n := range c.outputs {
			ops[n.id] = results[i]
		}
	}
	var exported []backends.Op
	for _, c := range calls {
		for _, n := range c.outputs {
			if lastUse[n.id] > s {
				st.outputs = append(st.outputs, n.id)
				exported = append(exported, ops[n.id])
			}
		}
	}
	exec, err := sb.Compile(exported, nil)
	if err != nil {
		return st, fmt.Errorf("goblas %s: %w", name, err)
	}
	st.exec = exec
	return st, nil
}

// argNodes lists the op arguments of a call.
func argNodes(c *call) []*node {
	var nodes []*node
	for _, a := range c.args {
		switch v := a.(type) {
		case *node:
			nodes = append(nodes, v)
		case []backends.Op:
			for _, op := range v {
				nodes = append(nodes, op.(*node))
			}
		}
	}
	return nodes
}

// Executable runs the stages in order, passing simplego buffers between them.
type Executable struct {
	backend  *Backend
	name     string
	params   []*node
	outputs  []*node
	numNodes int
	stages   []stage
}

var _ backends.Executable = (*Executable)(nil)

// Finalize releases the sub-computations.
func (e *Executable) Finalize() {
	for _, st := range e.stages {
		if st.exec != nil {
			st.exec.Finalize()
		}
	}
	e.stages = nil
}

// Inputs are the parameters' names and shapes, in the order they were declared.
func (e *Executable) Inputs() (names []string, inputShapes []shapes.Shape) {
	for _, p := range e.params {
		names = append(names, p.call.args[0].(string))
		inputShapes = append(inputShapes, p.shape)
	}
	return names, inputShapes
}

// Outputs are the outputs' shapes.
func (e *Executable) Outputs() []shapes.Shape {
	out := make([]shapes.Shape, len(e.outputs))
	for i, n := range e.outputs {
		out[i] = n.shape
	}
	return out
}
