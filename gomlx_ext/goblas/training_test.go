package goblas

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

const trainSeed = 42

// newTrainer is the training setup cmd/bench measures: Adam, seeded, sparse cross-entropy.
func newTrainer(t testing.TB, b backends.Backend, model string) (*train.Trainer, *context.Context) {
	t.Helper()
	fn, err := models.ByName(model)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.New()
	ctx.SetParam(context.ParamInitialSeed, int64(trainSeed))
	tr := train.NewTrainer(b, ctx, fn, losses.SparseCategoricalCrossEntropyLogits,
		optimizers.Adam().LearningRate(1e-3).Done(), nil, nil)
	return tr, ctx
}

func mnistBatches(t testing.TB, batchSize int) *datasets.Batches {
	t.Helper()
	trainSet, _, err := datasets.LoadMNISTDefault()
	if err != nil {
		t.Skipf("MNIST not available: %v", err)
	}
	batches, err := datasets.NewBatches(trainSet, datasets.BatchConfig{BatchSize: batchSize, Shuffle: true, Seed: trainSeed, DropIncomplete: true})
	if err != nil {
		t.Fatal(err)
	}
	return batches
}

// trainLosses runs steps training steps and returns the batch loss of each and the trained
// variables, flattened.
func trainLosses(t *testing.T, b backends.Backend, model string, steps int) (lossCurve []float64, weights []float32) {
	tr, ctx := newTrainer(t, b, model)
	batches := mnistBatches(t, 64)
	for step := range steps {
		_, inputs, labels, err := batches.Yield()
		if err != nil {
			t.Fatal(err)
		}
		metrics, err := tr.TrainStep(nil, inputs, labels)
		if err != nil {
			t.Fatalf("%s step %d on %s: %v", model, step, b.Name(), err)
		}
		lossCurve = append(lossCurve, float64(tensors.ToScalar[float32](metrics[0])))
	}
	for v := range ctx.IterVariables() {
		value, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		if value.DType() == dtypes.Float32 {
			weights = append(weights, tensors.MustCopyFlatData[float32](value)...)
		}
	}
	return lossCurve, weights
}

// TestTrainingMatchesSimplego trains each model for a few Adam steps on both backends from the
// same seed: the loss curves and the trained weights agree within float32 rounding.
func TestTrainingMatchesSimplego(t *testing.T) {
	stock, fast := newBackends(t)
	steps := 12
	if testing.Short() {
		steps = 4
	}
	// fashion-cnn adds padding, two conv blocks, batch normalisation and dropout.
	for _, model := range []string{"mlp", "cnn", "fashion-cnn"} {
		t.Run(model, func(t *testing.T) {
			want, wantW := trainLosses(t, stock, model, steps)
			got, gotW := trainLosses(t, fast, model, steps)
			for i := range want {
				if math.Abs(want[i]-got[i]) > 1e-4*(1+math.Abs(want[i])) {
					t.Errorf("step %d: loss %.7g, simplego %.7g", i, got[i], want[i])
				}
			}
			if len(gotW) != len(wantW) || len(wantW) == 0 {
				t.Fatalf("%d trained values, simplego %d", len(gotW), len(wantW))
			}
			var maxDiff float64
			for i := range wantW {
				maxDiff = max(maxDiff, math.Abs(float64(wantW[i]-gotW[i])))
			}
			t.Logf("%s: loss %.5f → %.5f (simplego %.5f → %.5f); largest weight difference %.2g over %d values",
				model, got[0], got[len(got)-1], want[0], want[len(want)-1], maxDiff, len(wantW))
			if maxDiff > 1e-4 {
				t.Errorf("weights differ from simplego's by up to %g", maxDiff)
			}
		})
	}
}

// BenchmarkTrainStep measures one training step at batch 128 on both backends, side by side:
// examples/s (wall time) and cpu-ms/step (CPU time of the whole process, which on a shared
// machine says more about the work than the wall time does).
func BenchmarkTrainStep(b *testing.B) {
	stock, fast := newBackends(b)
	all := []backends.Backend{stock, fast}
	if simdKernel != nil {
		// The portable kernel beside the SIMD one, in the same process.
		gonum, err := New("kernel=gonum")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(gonum.Finalize)
		all = append(all, gonum)
	}
	for _, model := range []string{"mlp", "cnn"} {
		for _, be := range all {
			name := be.String()
			if be != stock {
				name = strings.Fields(be.(*Backend).kernel.description)[0]
			}
			b.Run(fmt.Sprintf("%s/%s", model, name), func(b *testing.B) {
				tr, _ := newTrainer(b, be, model)
				batches := mnistBatches(b, 128)
				step := func() {
					_, inputs, labels, err := batches.Yield()
					if err != nil {
						batches.Reset()
						_, inputs, labels, err = batches.Yield()
					}
					if err != nil {
						b.Fatal(err)
					}
					if _, err := tr.TrainStep(nil, inputs, labels); err != nil {
						b.Fatal(err)
					}
				}
				for range 3 { // compilation and caches
					step()
				}
				b.ResetTimer()
				cpu0 := processCPUTime()
				for b.Loop() {
					step()
				}
				b.ReportMetric(float64(128*b.N)/b.Elapsed().Seconds(), "examples/s")
				b.ReportMetric(float64((processCPUTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/step")
			})
		}
	}
}
