package ingraph

import (
	"fmt"
	"math"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// FeatureMaps is fromscratch.FeatureMaps as one GoMLX graph on backend b, in float64: the
// images as one batch [n, h, w, 1], the filters as one kernel [kh, kw, 1, len(filters)],
// graph.Convolve with stride 1 and same padding, plus each filter's bias, then ReLU for the
// filters that ask for it. maps[f][i] is filter f's h×w map of image i. Every filter must have
// the first one's kernel size and every image the first one's size.
//
// Introduced in notebooks/09_convolution.ipynb.
func FeatureMaps(b backends.Backend, filters []fromscratch.Filter, images [][][]float64) (maps [][][][]float64, err error) {
	if len(filters) == 0 || len(images) == 0 {
		return nil, fmt.Errorf("ingraph.FeatureMaps: %d filters and %d images, want at least one of each", len(filters), len(images))
	}
	if err := fromscratch.CheckMatrix("image 0", images[0]); err != nil {
		return nil, fmt.Errorf("ingraph.FeatureMaps: %w", err)
	}
	if err := fromscratch.CheckMatrix(fmt.Sprintf("filter %q", filters[0].Name), filters[0].Weights); err != nil {
		return nil, fmt.Errorf("ingraph.FeatureMaps: %w", err)
	}
	n, h, w := len(images), len(images[0]), len(images[0][0])
	nf, kh, kw := len(filters), len(filters[0].Weights), len(filters[0].Weights[0])

	batch := make([]float64, 0, n*h*w)
	for i, x := range images {
		if err := fromscratch.CheckMatrix(fmt.Sprintf("image %d", i), x); err != nil {
			return nil, fmt.Errorf("ingraph.FeatureMaps: %w", err)
		}
		if len(x) != h || len(x[0]) != w {
			return nil, fmt.Errorf("ingraph.FeatureMaps: image %d is %d×%d, image 0 %d×%d: one batch needs one size", i, len(x), len(x[0]), h, w)
		}
		for _, row := range x {
			batch = append(batch, row...)
		}
	}
	kernel := make([]float64, kh*kw*nf) // [kh, kw, 1, nf]: filter f's weight (u, v) at (u·kw + v)·nf + f
	bias, floor := make([]float64, nf), make([]float64, nf)
	for f, filter := range filters {
		if err := fromscratch.CheckMatrix(fmt.Sprintf("filter %q", filter.Name), filter.Weights); err != nil {
			return nil, fmt.Errorf("ingraph.FeatureMaps: %w", err)
		}
		if len(filter.Weights) != kh || len(filter.Weights[0]) != kw {
			return nil, fmt.Errorf("ingraph.FeatureMaps: filter %q is %d×%d, filter %q %d×%d: one kernel needs one size",
				filter.Name, len(filter.Weights), len(filter.Weights[0]), filters[0].Name, kh, kw)
		}
		for u, row := range filter.Weights {
			for v, wt := range row {
				kernel[(u*kw+v)*nf+f] = wt
			}
		}
		bias[f] = filter.Bias
		// max(z, 0) is ReLU; max(z, −∞) leaves z as it is.
		floor[f] = math.Inf(-1)
		if filter.ReLU {
			floor[f] = 0
		}
	}

	defer func() {
		if r := recover(); r != nil { // a graph that cannot be built panics
			maps, err = nil, fmt.Errorf("ingraph.FeatureMaps: %v", r)
		}
	}()
	out, err := graph.ExecOnce(b, func(x, k, bias, floor *graph.Node) *graph.Node {
		z := graph.Convolve(x, k).Strides(1).PadSame().Done()
		z.AssertDims(n, h, w, nf)
		z = graph.Add(z, graph.BroadcastToShape(graph.Reshape(bias, 1, 1, 1, nf), z.Shape()))
		return graph.Max(z, graph.BroadcastToShape(graph.Reshape(floor, 1, 1, 1, nf), z.Shape()))
	}, tensors.FromFlatDataAndDimensions(batch, n, h, w, 1), tensors.FromFlatDataAndDimensions(kernel, kh, kw, 1, nf),
		tensors.FromFlatDataAndDimensions(bias, nf), tensors.FromFlatDataAndDimensions(floor, nf))
	if err != nil {
		return nil, fmt.Errorf("ingraph.FeatureMaps: %w", err)
	}
	flat := tensors.MustCopyFlatData[float64](out)
	maps = make([][][][]float64, nf)
	for f := range maps {
		maps[f] = make([][][]float64, n)
		for i := range n {
			m := make([][]float64, h)
			for r := range m {
				m[r] = make([]float64, w)
				for c := range m[r] {
					m[r][c] = flat[((i*h+r)*w+c)*nf+f]
				}
			}
			maps[f][i] = m
		}
	}
	return maps, nil
}
