package models

import (
	"fmt"
	"strings"

	"github.com/deepnb/deepnb/gomlx_ext/layers"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
)

// CNN describes a convolutional classifier built from blocks:
//
//	block i: ConvsPerBlock × [Conv2D(Filters[i], 3×3, same) → BatchNorm? → ReLU] → Dropout(BlockDropout)
//	head:    Flatten → Dense(Dense, ReLU) → Dropout(DenseDropout) → Dense(Classes)
//
// A block's last convolution is followed by a 2×2 max-pool before its normalisation and ReLU
// (conv → pool → BatchNorm → ReLU), so normalising and rectifying cost a quarter as much. This is
// a different network from conv → BatchNorm → ReLU → pool, not a cheaper equivalent: the ReLU
// commutes with the max, but batch statistics of pooled values differ from those of the full map.
// Same padding keeps a convolution's height and width, so each
// block halves them: 28 → 14 → 7 → 3. With BatchNorm the convolutions drop their bias (the
// normalisation's offset replaces it). Dropout is active only while training. The zero values of
// the optional fields leave the part out.
type CNN struct {
	// Filters holds the number of channels of each block's convolutions; at least one block.
	Filters []int
	// ConvsPerBlock is the number of convolutions per block; 0 means 1.
	ConvsPerBlock int
	// BatchNorm normalises every convolution's output (after the pool, for a block's last
	// convolution) before its ReLU.
	BatchNorm bool
	// BlockDropout is the dropout rate after each block's pooling, in [0, 1).
	BlockDropout float64
	// Dense is the width of the hidden dense layer; 0 goes straight from the features to the logits.
	Dense int
	// DenseDropout is the dropout rate after the hidden dense layer, in [0, 1).
	DenseDropout float64
	// Classes is the number of outputs; 0 means NumClasses.
	Classes int
}

// Validate reports settings that cannot build a network.
func (c CNN) Validate() error {
	if len(c.Filters) == 0 {
		return fmt.Errorf("models.CNN: no blocks (Filters is empty)")
	}
	for i, f := range c.Filters {
		if f <= 0 {
			return fmt.Errorf("models.CNN: block %d has %d filters, want > 0", i, f)
		}
	}
	switch {
	case c.ConvsPerBlock < 0:
		return fmt.Errorf("models.CNN: ConvsPerBlock %d must not be negative", c.ConvsPerBlock)
	case c.Dense < 0:
		return fmt.Errorf("models.CNN: Dense %d must not be negative", c.Dense)
	case c.Classes < 0:
		return fmt.Errorf("models.CNN: Classes %d must not be negative", c.Classes)
	case !(c.BlockDropout >= 0 && c.BlockDropout < 1):
		return fmt.Errorf("models.CNN: BlockDropout %g must be in [0, 1)", c.BlockDropout)
	case !(c.DenseDropout >= 0 && c.DenseDropout < 1):
		return fmt.Errorf("models.CNN: DenseDropout %g must be in [0, 1)", c.DenseDropout)
	}
	return nil
}

// String describes the architecture in one line, e.g.
// "[conv16-pool-bn-relu] [conv32-pool-bn-relu drop0.1] dense128 drop0.3 → 10".
func (c CNN) String() string {
	var sb strings.Builder
	convs := max(c.ConvsPerBlock, 1)
	for _, f := range c.Filters {
		sb.WriteString("[")
		for j := range convs {
			if j > 0 {
				sb.WriteString(" ")
			}
			fmt.Fprintf(&sb, "conv%d", f)
			if j == convs-1 {
				sb.WriteString("-pool")
			}
			if c.BatchNorm {
				sb.WriteString("-bn")
			}
			sb.WriteString("-relu")
		}
		if c.BlockDropout > 0 {
			fmt.Fprintf(&sb, " drop%g", c.BlockDropout)
		}
		sb.WriteString("] ")
	}
	if c.Dense > 0 {
		fmt.Fprintf(&sb, "dense%d ", c.Dense)
		if c.DenseDropout > 0 {
			fmt.Fprintf(&sb, "drop%g ", c.DenseDropout)
		}
	}
	fmt.Fprintf(&sb, "→ %d", c.classes())
	return sb.String()
}

func (c CNN) classes() int {
	if c.Classes == 0 {
		return NumClasses
	}
	return c.Classes
}

// Build returns the logits [batch, Classes] for images [batch, height, width, channels]. It panics
// (GoMLX's graph-building convention) on an invalid configuration or an image too small for the
// blocks; call Validate first to get an error instead.
func (c CNN) Build(ctx *context.Context, images *Node) *Node {
	if err := c.Validate(); err != nil {
		panic(err)
	}
	if images.Rank() != 4 {
		panic(fmt.Errorf("models.CNN: images must be [batch, height, width, channels], got %s", images.Shape()))
	}
	batch := images.Shape().Dimensions[0]
	x := images
	for i, filters := range c.Filters {
		block := ctx.In(fmt.Sprintf("block_%d", i))
		if h, w := x.Shape().Dimensions[1], x.Shape().Dimensions[2]; h < 2 || w < 2 {
			panic(fmt.Errorf("models.CNN: block %d (scope %s) gets %d×%d features from images %s, too small to pool 2×2", i, block.Scope(), h, w, images.Shape()))
		}
		convs := max(c.ConvsPerBlock, 1)
		for j := range convs {
			conv := layers.Conv2D(block.In(fmt.Sprintf("conv_%d", j)), x).Filters(filters).KernelSize(3).Padding(layers.Same)
			if c.BatchNorm {
				conv = conv.NoBias()
			}
			x = conv.Done()
			if j == convs-1 {
				// Pool straight after the block's last convolution, so that the normalisation and
				// the ReLU work on a quarter of the values. Not equivalent to pooling after them:
				// ReLU commutes with max, but batch norm's statistics differ for pooled values and
				// a negative γ would turn the max into a min (notebooks/12_fashion_deeper_cnn.ipynb).
				x = layers.MaxPool2D(block.In(fmt.Sprintf("pool_%d", j)), x, 2)
			}
			if c.BatchNorm {
				x = layers.BatchNorm(block.In(fmt.Sprintf("batchnorm_%d", j)), x).Done()
			}
			x = activations.Relu(x)
		}
		x = layers.Dropout(block, x, c.BlockDropout)
	}
	x = Reshape(x, batch, -1)
	if c.Dense > 0 {
		x = activations.Relu(layers.Dense(ctx.In("dense_hidden"), x, c.Dense))
		x = layers.Dropout(ctx.In("dense_hidden"), x, c.DenseDropout)
	}
	return layers.Dense(ctx.In("dense_logits"), x, c.classes())
}

// ModelFn adapts Build to GoMLX's train.ModelFn: inputs[0] are the images.
func (c CNN) ModelFn() func(ctx *context.Context, _ any, inputs []*Node) []*Node {
	return func(ctx *context.Context, _ any, inputs []*Node) []*Node {
		return []*Node{c.Build(ctx, inputs[0])}
	}
}
