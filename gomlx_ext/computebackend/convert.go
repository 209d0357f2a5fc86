package computebackend

import (
	"fmt"

	"github.com/gomlx/compute"
	cdtypes "github.com/gomlx/compute/dtypes"
	cshapes "github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// toComputeShape converts a GoMLX shape (tuples included) to compute's. Dimensions are copied:
// neither side may then alias the other's slice.
func toComputeShape(s shapes.Shape) cshapes.Shape {
	c := cshapes.Shape{DType: cdtypes.DType(s.DType)}
	if s.Dimensions != nil {
		c.Dimensions = append([]int{}, s.Dimensions...)
	}
	if s.TupleShapes != nil {
		c.TupleShapes = make([]cshapes.Shape, len(s.TupleShapes))
		for i, t := range s.TupleShapes {
			c.TupleShapes[i] = toComputeShape(t)
		}
	}
	return c
}

// fromComputeShape converts a compute shape back to GoMLX's. Axis names and dynamic axes have no
// GoMLX v0.26 counterpart; the adapter never creates either.
func fromComputeShape(c cshapes.Shape) shapes.Shape {
	s := shapes.Shape{DType: dtypes.DType(c.DType)}
	if c.Dimensions != nil {
		s.Dimensions = append([]int{}, c.Dimensions...)
	}
	if c.TupleShapes != nil {
		s.TupleShapes = make([]shapes.Shape, len(c.TupleShapes))
		for i, t := range c.TupleShapes {
			s.TupleShapes[i] = fromComputeShape(t)
		}
	}
	return s
}

func fromComputeShapes(cs []cshapes.Shape) []shapes.Shape {
	out := make([]shapes.Shape, len(cs))
	for i, c := range cs {
		out[i] = fromComputeShape(c)
	}
	return out
}

// toValues and toOps convert between the two APIs' slices of opaque graph values: the elements
// are the same compute values, only the slice type differs.
func toValues(ops []backends.Op) []compute.Value {
	values := make([]compute.Value, len(ops))
	for i, op := range ops {
		values[i] = op
	}
	return values
}

func toOps(values []compute.Value) []backends.Op {
	ops := make([]backends.Op, len(values))
	for i, v := range values {
		ops[i] = v
	}
	return ops
}

func toPadAxes(axes []backends.PadAxis) []compute.PadAxis {
	out := make([]compute.PadAxis, len(axes))
	for i, a := range axes {
		out[i] = compute.PadAxis(a)
	}
	return out
}

// toBuffer unwraps a buffer GoMLX hands back: it must be one this backend created.
func toBuffer(b backends.Buffer, what string) (compute.Buffer, error) {
	buf, ok := b.(compute.Buffer)
	if !ok || buf == nil {
		return nil, fmt.Errorf("computebackend: %s: buffer of type %T is not a compute buffer (made by another backend?)", what, b)
	}
	return buf, nil
}

func toBuffers(bufs []backends.Buffer, what string) ([]compute.Buffer, error) {
	out := make([]compute.Buffer, len(bufs))
	for i, b := range bufs {
		var err error
		if out[i], err = toBuffer(b, fmt.Sprintf("%s, input %d", what, i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}
