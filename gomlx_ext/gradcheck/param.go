package gradcheck

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// values is a parameter (or gradient) flattened in row-major order.
type values struct {
	name  string
	shape []int
	flat  []float64
}

func (v values) tensor() *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(v.flat, v.shape...)
}

// toValues converts a parameter value to float64 values. Accepted: float64,
// []float64, [][]float64, [][][]float64, and *tensors.Tensor of dtype
// float64 or float32 (float32 is widened: the check always runs in float64).
func toValues(name string, value any) (values, error) {
	v := values{name: name}
	switch x := value.(type) {
	case float64:
		v.flat = []float64{x}
	case []float64:
		v.shape = []int{len(x)}
		v.flat = append([]float64(nil), x...)
	case [][]float64:
		flat, cols, err := flatten2(x)
		if err != nil {
			return v, fmt.Errorf("parameter %q: %w", name, err)
		}
		v.shape, v.flat = []int{len(x), cols}, flat
	case [][][]float64:
		if len(x) == 0 {
			return v, fmt.Errorf("parameter %q: empty [][][]float64", name)
		}
		var rows, cols int
		for i, m := range x {
			flat, c, err := flatten2(m)
			if err != nil {
				return v, fmt.Errorf("parameter %q[%d]: %w", name, i, err)
			}
			if i == 0 {
				rows, cols = len(m), c
			} else if len(m) != rows || c != cols {
				return v, fmt.Errorf("parameter %q[%d]: shape [%d %d], want [%d %d] like [0]", name, i, len(m), c, rows, cols)
			}
			v.flat = append(v.flat, flat...)
		}
		v.shape = []int{len(x), rows, cols}
	case *tensors.Tensor:
		if x == nil {
			return v, fmt.Errorf("parameter %q: nil tensor", name)
		}
		shape := x.Shape()
		v.shape = append([]int(nil), shape.Dimensions...)
		var err error
		switch shape.DType {
		case dtypes.Float64:
			v.flat, err = tensors.CopyFlatData[float64](x)
		case dtypes.Float32:
			var f32 []float32
			f32, err = tensors.CopyFlatData[float32](x)
			v.flat = make([]float64, len(f32))
			for i, f := range f32 {
				v.flat[i] = float64(f)
			}
		default:
			return v, fmt.Errorf("parameter %q: tensor dtype %s, want float64 or float32", name, shape.DType)
		}
		if err != nil {
			return v, fmt.Errorf("parameter %q: reading tensor: %w", name, err)
		}
	default:
		return v, fmt.Errorf("parameter %q: unsupported type %T (want float64, []float64, [][]float64, "+
			"[][][]float64 or *tensors.Tensor)", name, value)
	}
	if len(v.flat) == 0 {
		return v, fmt.Errorf("parameter %q: no elements", name)
	}
	for i, f := range v.flat {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return v, fmt.Errorf("parameter %q: element %d is %g, want finite values", name, i, f)
		}
	}
	return v, nil
}

// flatten2 flattens a rectangular [][]float64.
func flatten2(x [][]float64) (flat []float64, cols int, err error) {
	if len(x) == 0 || len(x[0]) == 0 {
		return nil, 0, fmt.Errorf("empty [][]float64")
	}
	cols = len(x[0])
	flat = make([]float64, 0, len(x)*cols)
	for i, row := range x {
		if len(row) != cols {
			return nil, 0, fmt.Errorf("row %d has %d values, row 0 has %d", i, len(row), cols)
		}
		flat = append(flat, row...)
	}
	return flat, cols, nil
}
