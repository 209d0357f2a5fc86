package layers

import (
	"math"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// SelfAttention is one head of scaled dot-product self-attention over x of shape
// [batch, time, features], written from its formula (introduced in
// notebooks/16_char_language_model.ipynb):
//
//	Q, K, V = x·Wq, x·Wk, x·Wv                      each [batch, time, dim]
//	A       = softmax(Q·Kᵀ/√dim + M)                over the key axis, [batch, time, time]
//	out     = (A·V)·Wo                              back to [batch, time, features]
//
// With causal set, M[i][j] = −∞ for j > i and 0 otherwise: the weight of every later key is
// exp(−∞) = 0, so output i depends on inputs 0…i only, which is what lets a model predict
// character i+1 at every position at once without seeing it. Without it, M = 0.
// The projections are Dense layers in the scopes "query", "key", "value" and "output".
// It returns the output and the attention weights A (each row sums to 1).
func SelfAttention(ctx *context.Context, x *Node, dim int, causal bool) (out, weights *Node) {
	if x.Rank() != 3 {
		failf("SelfAttention", ctx, "input must be [batch, time, features], got shape %s", x.Shape())
	}
	if dim < 1 {
		failf("SelfAttention", ctx, "dim must be positive, got %d (input shape %s)", dim, x.Shape())
	}
	batch, time, features := x.Shape().Dim(0), x.Shape().Dim(1), x.Shape().Dim(2)
	q := Dense(ctx.In("query"), x, dim)
	k := Dense(ctx.In("key"), x, dim)
	v := Dense(ctx.In("value"), x, dim)
	scores := MulScalar(Einsum("bid,bjd->bij", q, k), 1/math.Sqrt(float64(dim)))
	scores.AssertDims(batch, time, time)
	if causal {
		scores = Add(scores, CausalMask(x.Graph(), time, x.DType()))
	}
	weights = Softmax(scores, -1)
	out = Dense(ctx.In("output"), Einsum("bij,bjd->bid", weights, v), features)
	out.AssertDims(batch, time, features)
	return out, weights
}

// CausalMask returns the [1, time, time] additive mask of SelfAttention: 0 on and below the
// diagonal (key j ≤ query i), −∞ above it.
func CausalMask(g *Graph, time int, dtype dtypes.DType) *Node {
	query := Iota(g, shapes.Make(dtype, 1, time, time), 1)
	key := Iota(g, shapes.Make(dtype, 1, time, time), 2)
	return Where(GreaterThan(key, query), Infinity(g, dtype, -1), ScalarZero(g, dtype))
}
