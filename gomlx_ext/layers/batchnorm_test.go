package layers

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func TestBatchNormTrainingGradient(t *testing.T) {
	for _, tt := range []struct {
		name string
		dims []int
	}{{"images", []int{2, 3, 3, 4}}, {"features", []int{5, 3}}} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 5))
			features := tt.dims[len(tt.dims)-1]
			checkGradients(t, func(in []*Node) *Node {
				y, _, _ := batchNormTraining(in[0], in[1], in[2], 1e-3)
				return y
			}, randomValues(rng, tt.dims...), randomValues(rng, features), randomValues(rng, features))
		})
	}
}

// batchNormStep runs BatchNorm on x once, in training or inference mode, with ctx's variables.
func batchNormStep(t *testing.T, b backends.Backend, ctx *context.Context, x *tensors.Tensor, training bool) []float64 {
	t.Helper()
	exec, err := context.NewExec(b, ctx.Checked(false), func(ctx *context.Context, x *Node) *Node {
		ctx.SetTraining(x.Graph(), training)
		return BatchNorm(ctx.In("bn"), x).Done()
	})
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	out, err := exec.Exec(x)
	if err != nil {
		t.Fatalf("batch norm (training=%v): %v", training, err)
	}
	return tensors.MustCopyFlatData[float64](out[0])
}

func variableValues(t *testing.T, ctx *context.Context, name string) []float64 {
	t.Helper()
	v := ctx.GetVariableByScopeAndName("/bn", name)
	if v == nil {
		t.Fatalf("variable /bn/%s missing", name)
	}
	return tensors.MustCopyFlatData[float64](v.MustValue())
}

// channelStats returns the mean and population variance of each channel of NHWC values.
func channelStats(values []float64, channels int) (mean, variance []float64) {
	mean, variance = make([]float64, channels), make([]float64, channels)
	n := float64(len(values) / channels)
	for i, v := range values {
		mean[i%channels] += v / n
	}
	for i, v := range values {
		d := v - mean[i%channels]
		variance[i%channels] += d * d / n
	}
	return mean, variance
}

func TestBatchNormTrainsAndInfers(t *testing.T) {
	const channels = 3
	rng := rand.New(rand.NewPCG(1, 2))
	batch := func(shift float64) *tensors.Tensor {
		data := make([]float64, 4*2*2*channels)
		for i := range data {
			data[i] = shift + float64(i%channels) + rng.NormFloat64()*float64(1+i%channels)
		}
		return tensors.FromFlatDataAndDimensions(data, 4, 2, 2, channels)
	}
	b := testBackend(t)
	ctx := context.New()
	x1 := batch(0)
	x1Mean, x1Var := channelStats(tensors.MustCopyFlatData[float64](x1), channels)

	// Training normalises with the batch's own statistics: mean 0, variance σ²/(σ²+ε) per channel.
	y := batchNormStep(t, b, ctx, x1, true)
	yMean, yVar := channelStats(y, channels)
	for c := range channels {
		wantVar := x1Var[c] / (x1Var[c] + DefaultBatchNormEpsilon)
		if math.Abs(yMean[c]) > 1e-12 || math.Abs(yVar[c]-wantVar) > 1e-12 {
			t.Errorf("channel %d after training-mode normalisation: mean %g variance %g, want 0 and %g", c, yMean[c], yVar[c], wantVar)
		}
	}
	// First step: the moving averages are exactly the batch's statistics (debiased momentum is 0).
	assertClose(t, "moving_mean after one step", variableValues(t, ctx, "moving_mean"), x1Mean, 1e-12)
	assertClose(t, "moving_variance after one step", variableValues(t, ctx, "moving_variance"), x1Var, 1e-12)

	// Inference with those averages on the same batch gives the training output.
	assertClose(t, "inference output on the training batch", batchNormStep(t, b, ctx, x1, false), y, 1e-12)

	// Second step: momentum min(0.99, 1 − 1/2) = 0.5 averages the two batches' statistics.
	x2 := batch(5)
	x2Mean, x2Var := channelStats(tensors.MustCopyFlatData[float64](x2), channels)
	batchNormStep(t, b, ctx, x2, true)
	wantMean, wantVar := make([]float64, channels), make([]float64, channels)
	for c := range channels {
		wantMean[c] = (x1Mean[c] + x2Mean[c]) / 2
		wantVar[c] = (x1Var[c] + x2Var[c]) / 2
	}
	assertClose(t, "moving_mean after two steps", variableValues(t, ctx, "moving_mean"), wantMean, 1e-12)
	assertClose(t, "moving_variance after two steps", variableValues(t, ctx, "moving_variance"), wantVar, 1e-12)
}

func assertClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			t.Fatalf("%s: element %d is %g, want %g", what, i, got[i], want[i])
		}
	}
}
