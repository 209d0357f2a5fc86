package computebackend

import (
	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// Executable is a compiled compute executable seen through GoMLX v0.26's interface.
type Executable struct {
	name  string
	inner compute.Executable
}

var _ backends.Executable = (*Executable)(nil)

// Finalize releases the compiled program.
func (e *Executable) Finalize() { e.inner.Finalize() }

// Inputs are the parameters' names and shapes, in order.
func (e *Executable) Inputs() ([]string, []shapes.Shape) {
	names, cs := e.inner.Inputs()
	return names, fromComputeShapes(cs)
}

// Outputs are the outputs' shapes, in order.
func (e *Executable) Outputs() []shapes.Shape { return fromComputeShapes(e.inner.Outputs()) }

// Execute runs the program; buffers pass through unchanged (no copies), donated ones may be
// reused for outputs.
func (e *Executable) Execute(inputs []backends.Buffer, donate []bool, defaultDevice backends.DeviceNum) ([]backends.Buffer, error) {
	in, err := toBuffers(inputs, "Execute "+e.name)
	if err != nil {
		return nil, err
	}
	out, err := e.inner.Execute(in, donate, compute.DeviceNum(defaultDevice))
	if err != nil {
		return nil, err
	}
	bufs := make([]backends.Buffer, len(out))
	for i, o := range out {
		bufs[i] = o
	}
	return bufs, nil
}
