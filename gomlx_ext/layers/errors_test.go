package layers

import (
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestBadSettingsAreErrorsNamingTheLayer builds each layer with a setting that cannot work: the
// graph must fail with an error (not a crash) whose line names the layer, its scope — never "/"
// alone — and the shapes or settings involved.
func TestBadSettingsAreErrorsNamingTheLayer(t *testing.T) {
	for _, tt := range []struct {
		name  string
		build func(ctx *context.Context, x *Node) *Node
		want  string
	}{
		{"dense units", func(ctx *context.Context, x *Node) *Node { return Dense(ctx.In("logits"), x, 0) },
			"layers.Dense(/logits): units must be positive, got 0 (input shape (Float64)[2 6 6 1])"},
		{"dense at the root", func(ctx *context.Context, x *Node) *Node { return Dense(ctx, x, -1) },
			"layers.Dense(at the root scope: give it its own with ctx.In): units must be positive, got -1 (input shape (Float64)[2 6 6 1])"},
		{"maxpool window", func(ctx *context.Context, x *Node) *Node { return MaxPool2D(ctx.In("pool"), x, 8) },
			"layers.MaxPool2D(/pool): window 8×8 does not fit input (Float64)[2 6 6 1]"},
		{"maxpool rank", func(ctx *context.Context, x *Node) *Node {
			return MaxPool2D(ctx.In("block").In("pool"), Reshape(x, 2, 36), 2)
		}, "layers.MaxPool2D(/block/pool): input must be [batch, height, width, channels], got shape (Float64)[2 36]"},
		{"conv kernel", func(ctx *context.Context, x *Node) *Node {
			return Conv2D(ctx.In("conv"), x).Filters(4).KernelSize(40).Done()
		}, "layers.Conv2D(/conv): kernel 40×40 does not fit input (Float64)[2 6 6 1]"},
		{"conv kernel at the root", func(ctx *context.Context, x *Node) *Node {
			return Conv2D(ctx, x).Filters(4).KernelSize(40).Done()
		}, "layers.Conv2D(at the root scope: give it its own with ctx.In): kernel 40×40 does not fit input (Float64)[2 6 6 1]"},
		{"dropout rate", func(ctx *context.Context, x *Node) *Node { return Dropout(ctx.In("drop"), x, 1) },
			"layers.Dropout(/drop): rate 1 must be in [0, 1) (input shape (Float64)[2 6 6 1])"},
		{"batchnorm rank", func(ctx *context.Context, x *Node) *Node {
			return BatchNorm(ctx.In("bn"), ReduceAllSum(x)).Done()
		}, "layers.BatchNorm(/bn): input must have a batch and a feature axis, got shape (Float64)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			exec, err := context.NewExec(testBackend(t), context.New(), tt.build)
			if err == nil {
				_, err = exec.Exec(randomValues(rand.New(rand.NewPCG(1, 1)), 2, 6, 6, 1))
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v\nwant    %s", err, tt.want)
			}
		})
	}
}
