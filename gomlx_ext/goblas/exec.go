package goblas

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
)

// Execute runs the stages. Donated inputs are handed on to the stage that uses them last (or
// freed after it, or at the end when no stage uses them), unless they are outputs; intermediate
// values are donated to or freed after their last stage.
func (e *Executable) Execute(inputs []backends.Buffer, donate []bool, _ backends.DeviceNum) (results []backends.Buffer, err error) {
	if e.stages == nil {
		return nil, fmt.Errorf("goblas %q: Execute after Finalize", e.name)
	}
	if len(inputs) != len(e.params) {
		return nil, fmt.Errorf("goblas %q: Execute: %d inputs, want %d", e.name, len(inputs), len(e.params))
	}
	data := e.backend.Backend
	vals := make([]backends.Buffer, e.numNodes)
	isParam := make([]bool, e.numNodes)
	for i, p := range e.params {
		shape, err := data.BufferShape(inputs[i])
		if err != nil {
			return nil, fmt.Errorf("goblas %q: input %d (%s): %w", e.name, i, p.call.args[0], err)
		}
		if !shape.Equal(p.shape) {
			return nil, fmt.Errorf("goblas %q: input %d (%s): shape %s, want %s", e.name, i, p.call.args[0], shape, p.shape)
		}
		vals[p.id] = inputs[i]
		isParam[p.id] = true
	}
	// owned marks the donated inputs that the stages may consume; one buffer passed as two
	// inputs is never consumed, since the other input still reads it.
	owned := make([]bool, e.numNodes)
	seen := make(map[backends.Buffer]int, len(inputs))
	for _, in := range inputs {
		seen[in]++
	}
	for _, p := range e.params {
		owned[p.id] = donated(donate, p.paramIndex) && seen[inputs[p.paramIndex]] == 1
	}
	defer func() {
		if err != nil {
			for id, v := range vals {
				if v != nil && !isParam[id] {
					_ = data.BufferFinalize(v)
				}
			}
		}
	}()
	for si := range e.stages {
		st := &e.stages[si]
		if st.exec != nil {
			ins := make([]backends.Buffer, len(st.inputs))
			give := make([]bool, len(st.inputs))
			for i, id := range st.inputs {
				ins[i] = vals[id]
				if isParam[id] {
					give[i] = owned[id] && containsID(st.lastParams, id)
				} else {
					give[i] = containsID(st.free, id)
				}
			}
			outs, err := st.exec.Execute(ins, give, 0)
			if err != nil {
				return nil, fmt.Errorf("goblas %q stage %d: %w", e.name, si, err)
			}
			for i, id := range st.inputs {
				if give[i] {
					vals[id] = nil // simplego owns it now
					owned[id] = false
				}
			}
			for i, id := range st.outputs {
				vals[id] = outs[i]
			}
		}
		for _, d := range st.dots {
			if err := e.runDot(d, vals); err != nil {
				return nil, fmt.Errorf("goblas %q stage %d: %w", e.name, si, err)
			}
		}
		for _, id := range st.free {
			if v := vals[id]; v != nil {
				if err := data.BufferFinalize(v); err != nil {
					return nil, err
				}
				vals[id] = nil
			}
		}
		for _, id := range st.lastParams {
			if owned[id] {
				if err := data.BufferFinalize(vals[id]); err != nil {
					return nil, err
				}
				vals[id], owned[id] = nil, false
			}
		}
	}

	results = make([]backends.Buffer, len(e.outputs))
	returned := make(map[int]bool)
	for i, n := range e.outputs {
		v := vals[n.id]
		if v == nil {
			return nil, fmt.Errorf("goblas %q: output %d was not computed", e.name, i)
		}
		if returned[n.id] || (isParam[n.id] && !donated(donate, n.paramIndex)) {
			if v, err = e.copyBuffer(v); err != nil {
				return nil, err
			}
		}
		returned[n.id] = true
		results[i] = v
	}
	// Donated inputs that no stage consumed and that are not returned are freed, once each.
	kept := make(map[backends.Buffer]bool, len(results))
	for _, r := range results {
		kept[r] = true
	}
	for _, p := range e.params {
		if v := vals[p.id]; v != nil && donated(donate, p.paramIndex) && !kept[v] {
			_ = data.BufferFinalize(v)
			kept[v] = true
		}
	}
	return results, nil
}

func (e *Executable) runDot(d dotStep, vals []backends.Buffer) error {
	data := e.backend.Backend
	lhs, err := data.BufferData(vals[d.lhs])
	if err != nil {
		return err
	}
	rhs, err := data.BufferData(vals[d.rhs])
	if err != nil {
		return err
	}
	buf, flat, err := data.NewSharedBuffer(0, d.plan.out)
	if err != nil {
		return err
	}
	if err := d.plan.run(lhs.([]float32), rhs.([]float32), flat.([]float32)); err != nil {
		_ = data.BufferFinalize(buf)
		return err
	}
	vals[d.out] = buf
	return nil
}

func (e *Executable) copyBuffer(v backends.Buffer) (backends.Buffer, error) {
	data := e.backend.Backend
	shape, err := data.BufferShape(v)
	if err != nil {
		return nil, err
	}
	flat, err := data.BufferData(v)
	if err != nil {
		return nil, err
	}
	return data.BufferFromFlatData(0, flat, shape)
}

func donated(donate []bool, i int) bool { return i < len(donate) && donate[i] }

func containsID(ids []int, id int) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
