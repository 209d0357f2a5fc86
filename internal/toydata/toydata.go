// Package toydata is the tiny image classification problem the trainer's and evaluate's tests
// train on in well under a second: 4×4 grey images of 3 classes, where class c lights up row c,
// and a 16-12-3 MLP with dropout for them. Only tests use it.
package toydata

import (
	"math/rand/v2"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/layers"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

const (
	// Classes is the number of classes.
	Classes = 3
	// Side is the images' height and width.
	Side = 4
)

// Images returns n images, example i of class i mod Classes: row c lit up (values in [0.6, 1])
// over noise in [0, 0.6), drawn from seed. With randomLabels the labels are drawn independently
// of the pixels (nothing to learn but noise).
func Images(name string, n int, seed uint64, randomLabels bool) (*datasets.Images, error) {
	rng := rand.New(rand.NewPCG(seed, 99))
	d := &datasets.Images{Name: name, N: n, Height: Side, Width: Side, Channels: 1,
		Pixels: make([]float32, n*Side*Side), Labels: make([]int32, n), ClassNames: []string{"a", "b", "c"}}
	for i := range n {
		c := int32(i % Classes)
		img := d.Pixels[i*Side*Side : (i+1)*Side*Side]
		for j := range img {
			img[j] = float32(rng.Float64() * 0.6)
		}
		for x := range Side {
			img[int(c)*Side+x] = float32(0.6 + 0.4*rng.Float64())
		}
		d.Labels[i] = c
		if randomLabels {
			d.Labels[i] = int32(rng.IntN(Classes))
		}
	}
	return d, d.Validate()
}

// Model is a 16-12-3 MLP with dropout, so that the random generator's state matters for
// resuming too.
func Model(ctx *context.Context, _ any, inputs []*graph.Node) []*graph.Node {
	x := inputs[0]
	x = graph.Reshape(x, x.Shape().Dimensions[0], -1)
	x = activations.Relu(layers.Dense(ctx.In("hidden"), x, 12))
	x = layers.Dropout(ctx.In("hidden"), x, 0.2)
	return []*graph.Node{layers.Dense(ctx.In("logits"), x, Classes)}
}

var _ train.ModelFn = Model
