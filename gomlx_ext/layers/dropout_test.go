package layers

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// dropoutOnes applies Dropout(rate) to n ones with a context seeded with seed.
func dropoutOnes(t *testing.T, seed int64, n int, rate float64, training bool) []float32 {
	t.Helper()
	ctx := context.New()
	ctx.SetParam(context.ParamInitialSeed, seed)
	exec, err := context.NewExec(testBackend(t), ctx, func(ctx *context.Context, x *Node) *Node {
		ctx.SetTraining(x.Graph(), training)
		return Dropout(ctx, x, rate)
	})
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	ones := make([]float32, n)
	for i := range ones {
		ones[i] = 1
	}
	out, err := exec.Exec(tensors.FromFlatDataAndDimensions(ones, n/10, 10))
	if err != nil {
		t.Fatalf("dropout: %v", err)
	}
	return tensors.MustCopyFlatData[float32](out[0])
}

func TestDropout(t *testing.T) {
	const n, rate = 20000, 0.25
	y := dropoutOnes(t, 7, n, rate, true)
	dropped, sum := 0, 0.0
	for i, v := range y {
		switch {
		case v == 0:
			dropped++
		case math.Abs(float64(v)-1/(1-rate)) > 1e-6:
			t.Fatalf("element %d = %g: a kept value must be scaled to 1/(1-rate) = %g", i, v, 1/(1-rate))
		}
		sum += float64(v)
	}
	if frac := float64(dropped) / n; math.Abs(frac-rate) > 0.02 {
		t.Errorf("dropped fraction %.4f, want %.2f ± 0.02", frac, rate)
	}
	if mean := sum / n; math.Abs(mean-1) > 0.03 {
		t.Errorf("mean after dropout %.4f, want 1 ± 0.03 (inverted dropout keeps the expectation)", mean)
	}

	again := dropoutOnes(t, 7, n, rate, true)
	other := dropoutOnes(t, 8, n, rate, true)
	same, differ := true, false
	for i := range y {
		same = same && y[i] == again[i]
		differ = differ || y[i] != other[i]
	}
	if !same {
		t.Error("the same seed dropped different units")
	}
	if !differ {
		t.Error("different seeds dropped the same units")
	}

	for i, v := range dropoutOnes(t, 7, 100, rate, false) {
		if v != 1 {
			t.Fatalf("inference: element %d = %g, want the input unchanged", i, v)
		}
	}
}
