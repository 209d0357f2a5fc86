package layers

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

const (
	// DefaultBatchNormMomentum is the weight of the old value in the moving averages of the mean
	// and variance (Keras's default).
	DefaultBatchNormMomentum = 0.99
	// DefaultBatchNormEpsilon is added to the variance before the square root (Keras's default).
	DefaultBatchNormEpsilon = 1e-3
)

// BatchNormBuilder configures a batch normalisation. Create it with BatchNorm, finish with Done.
type BatchNormBuilder struct {
	ctx      *context.Context
	x        *Node
	momentum float64
	epsilon  float64
}

// BatchNorm starts a batch normalisation of x over every axis but the last (the features, or the
// channels of NHWC images):
//
//	training:  y = γ·(x − μ_B)/√(σ²_B + ε) + β   with μ_B, σ²_B the mean and variance of this batch
//	inference: y = γ·(x − μ̄)/√(σ̄² + ε) + β      with μ̄, σ̄² moving averages kept while training
//
// The variables live in ctx's scope: "scale" (γ, starts at 1) and "offset" (β, starts at 0) are
// trained; "moving_mean", "moving_variance" and "moving_count" are not.
//
// Why DeepNB has its own: GoMLX's batchnorm uses ops the pure-Go backend lacks
// (BatchNormForTraining/Inference) unless told not to, and even then it stops the gradient at the
// batch statistics. This one computes the forward pass with plain ops and supplies the exact
// gradient of the training formula, μ_B and σ²_B included (see batchNormTraining), so it trains
// and infers on every backend.
func BatchNorm(ctx *context.Context, x *Node) *BatchNormBuilder {
	return &BatchNormBuilder{ctx: ctx, x: x, momentum: DefaultBatchNormMomentum, epsilon: DefaultBatchNormEpsilon}
}

// Momentum sets the moving averages' momentum m in [0, 1): avg ← m·avg + (1−m)·batch value.
// The first steps use a smaller m (1 − 1/count), so the averages are unbiased from step one.
func (b *BatchNormBuilder) Momentum(m float64) *BatchNormBuilder { b.momentum = m; return b }

// Epsilon sets ε > 0, which keeps the division finite for a feature that is constant in a batch.
func (b *BatchNormBuilder) Epsilon(eps float64) *BatchNormBuilder { b.epsilon = eps; return b }

// Done builds the normalisation; the result has x's shape.
func (b *BatchNormBuilder) Done() *Node {
	x := b.x
	if x.Rank() < 2 {
		failf("BatchNorm", b.ctx, "input must have a batch and a feature axis, got shape %s", x.Shape())
	}
	if !(b.momentum >= 0 && b.momentum < 1) {
		failf("BatchNorm", b.ctx, "momentum %g must be in [0, 1) (input shape %s)", b.momentum, x.Shape())
	}
	if !(b.epsilon > 0) {
		failf("BatchNorm", b.ctx, "epsilon %g must be positive (input shape %s)", b.epsilon, x.Shape())
	}
	g, dtype := x.Graph(), x.DType()
	features := x.Shape().Dimensions[x.Rank()-1]
	featureShape := shapes.Make(dtype, features)
	ctx := b.ctx
	scale := ctx.WithInitializer(initializers.One).VariableWithShape("scale", featureShape).ValueGraph(g)
	offset := ctx.WithInitializer(initializers.Zero).VariableWithShape("offset", featureShape).ValueGraph(g)
	movingMean := ctx.WithInitializer(initializers.Zero).VariableWithShape("moving_mean", featureShape).SetTrainable(false)
	movingVar := ctx.WithInitializer(initializers.One).VariableWithShape("moving_variance", featureShape).SetTrainable(false)
	count := ctx.WithInitializer(initializers.Zero).VariableWithShape("moving_count", shapes.Make(dtype)).SetTrainable(false)

	if !ctx.IsTraining(g) {
		invStd := Rsqrt(AddScalar(movingVar.ValueGraph(g), b.epsilon))
		return normalize(x, scale, offset, movingMean.ValueGraph(g), invStd)
	}

	y, mean, variance := batchNormTraining(x, scale, offset, b.epsilon)
	n := OnePlus(count.ValueGraph(g))
	count.SetValueGraph(n)
	m := Min(Scalar(g, dtype, b.momentum), OneMinus(Reciprocal(n)))
	update := func(v *context.Variable, batchValue *Node) {
		old := v.ValueGraph(g)
		v.SetValueGraph(Add(Mul(m, old), Mul(OneMinus(m), batchValue)))
	}
	update(movingMean, mean)
	update(movingVar, variance)
	return y
}

// batchNormTraining normalises x with its own batch statistics over every axis but the last and
// returns y = γ·x̂ + β with x̂ = (x − μ_B)·(σ²_B + ε)^(−1/2), plus μ_B and σ²_B (which carry no
// gradient). Its gradient is the closed form, with m the number of values per feature:
//
//	∂L/∂β = Σ dy    ∂L/∂γ = Σ dy·x̂    ∂L/∂x = γ/(m·√(σ²_B+ε)) · (m·dy − Σ dy − x̂·Σ dy·x̂)
//
// The last two terms are the paths through μ_B and σ²_B: every value of a batch moves the
// statistics that normalise all the others. The code folds the per-feature factors together
// (∂L/∂x = a·dy + c₁·x + c₀) because on the pure-Go backend each broadcast of a per-feature vector
// over the batch costs as much as the arithmetic.
func batchNormTraining(x, scale, offset *Node, epsilon float64) (y, mean, variance *Node) {
	axes := nonFeatureAxes(x)
	m := 1
	for _, a := range axes {
		m *= x.Shape().Dimensions[a]
	}
	frozen := StopGradient(x)
	mean = ReduceMean(frozen, axes...)
	variance = ReduceMean(Square(Sub(frozen, toFeatures(mean, x))), axes...)
	invStd := Rsqrt(AddScalar(variance, epsilon))
	y = CustomGradient([]*Node{x, scale, offset, mean, invStd},
		func(in []*Node) *Node { return normalize(in[0], in[1], in[2], in[3], in[4]) },
		func(in []*Node, _, dy *Node) []*Node {
			x, scale, mean, invStd := in[0], in[1], in[3], in[4]
			sumDy := ReduceSum(dy, axes...)
			sumDyX := ReduceSum(Mul(dy, x), axes...)
			dOffset := sumDy
			dScale := Mul(invStd, Sub(sumDyX, Mul(mean, sumDy))) // Σ dy·x̂
			a := Mul(scale, invStd)
			c1 := Neg(DivScalar(Mul(Mul(a, invStd), dScale), float64(m)))
			c0 := Neg(DivScalar(Mul(a, Sub(dOffset, Mul(Mul(dScale, mean), invStd))), float64(m)))
			dx := Add(Add(Mul(dy, toFeatures(a, x)), Mul(x, toFeatures(c1, x))), toFeatures(c0, x))
			return []*Node{dx, dScale, dOffset, nil, nil}
		})
	return y, mean, variance
}

// normalize returns scale·(x − mean)·invStd + offset, the per-feature vectors broadcast over x,
// computed as x·a + b with a = scale·invStd and b = offset − mean·a (two broadcasts, not four).
func normalize(x, scale, offset, mean, invStd *Node) *Node {
	a := Mul(scale, invStd)
	b := Sub(offset, Mul(mean, a))
	return Add(Mul(x, toFeatures(a, x)), toFeatures(b, x))
}

// toFeatures reshapes a per-feature vector [C] to [1, …, 1, C] so that it broadcasts over like.
func toFeatures(v, like *Node) *Node {
	dims := make([]int, like.Rank())
	for i := range dims {
		dims[i] = 1
	}
	dims[len(dims)-1] = v.Shape().Dimensions[0]
	return Reshape(v, dims...)
}

// nonFeatureAxes lists every axis of x but the last.
func nonFeatureAxes(x *Node) []int {
	axes := make([]int, x.Rank()-1)
	for i := range axes {
		axes[i] = i
	}
	return axes
}
