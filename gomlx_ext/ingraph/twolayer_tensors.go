package ingraph

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// toTensors returns p's four parameters as tensors of dtype (float32 or
// float64), in the order of fromscratch.TwoLayerParamNames.
func toTensors(p *fromscratch.TwoLayer, dtype dtypes.DType) ([4]*tensors.Tensor, error) {
	in, hidden, out := p.Dims()
	flat := p.Flat()
	dims := [4][]int{{in, hidden}, {hidden}, {hidden, out}, {out}}
	var ts [4]*tensors.Tensor
	for i := range flat {
		switch dtype {
		case dtypes.Float64:
			ts[i] = tensors.FromFlatDataAndDimensions(flat[i], dims[i]...)
		case dtypes.Float32:
			f32 := make([]float32, len(flat[i]))
			for j, v := range flat[i] {
				f32[j] = float32(v)
			}
			ts[i] = tensors.FromFlatDataAndDimensions(f32, dims[i]...)
		default:
			return ts, fmt.Errorf("ingraph: dtype %s, want Float32 or Float64", dtype)
		}
	}
	return ts, nil
}

// paramsFromTensors reads W1, b1, W2, b2 (float32 or float64) into Params.
func paramsFromTensors(ts []*tensors.Tensor) (*fromscratch.TwoLayer, error) {
	if len(ts) != 4 {
		return nil, fmt.Errorf("%d tensors, want 4 (W1, b1, W2, b2)", len(ts))
	}
	var flat [4][]float64
	for i, t := range ts {
		v, err := float64s(t)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fromscratch.TwoLayerParamNames[i], err)
		}
		flat[i] = v
	}
	w1, w2 := ts[0].Shape().Dimensions, ts[2].Shape().Dimensions
	if len(w1) != 2 || len(w2) != 2 {
		return nil, fmt.Errorf("W1 %s and W2 %s, want matrices", ts[0].Shape(), ts[2].Shape())
	}
	p := &fromscratch.TwoLayer{
		W1: fromscratch.Unflatten(flat[0], w1[0], w1[1]), B1: flat[1],
		W2: fromscratch.Unflatten(flat[2], w2[0], w2[1]), B2: flat[3],
	}
	return p, p.Validate()
}

func float64s(t *tensors.Tensor) ([]float64, error) {
	switch t.DType() {
	case dtypes.Float64:
		return tensors.CopyFlatData[float64](t)
	case dtypes.Float32:
		f32, err := tensors.CopyFlatData[float32](t)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(f32))
		for i, v := range f32 {
			out[i] = float64(v)
		}
		return out, nil
	}
	return nil, fmt.Errorf("dtype %s, want Float32 or Float64", t.DType())
}

func scalar(t *tensors.Tensor) (float64, error) {
	v, err := float64s(t)
	if err != nil {
		return 0, err
	}
	if len(v) != 1 {
		return 0, fmt.Errorf("shape %s, want a scalar", t.Shape())
	}
	return v[0], nil
}
