package computebackend

import (
	"fmt"
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// BenchmarkTrainStep measures one training step of the seed CNN and the 784-128-10 MLP at batch
// 128 (Adam, the setup cmd/bench measures) on stock simplego and on the adapter, side by side in
// one process: examples/s (wall time) and cpu-ms/step (CPU time of the whole process, which on a
// shared machine says more about the work than wall time does).
//
//	go test -run '^$' -bench TrainStep ./gomlx_ext/computebackend/
func BenchmarkTrainStep(b *testing.B) {
	stock, err := simplego.New("")
	if err != nil {
		b.Fatal(err)
	}
	adapter, err := New("")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stock.Finalize(); adapter.Finalize() })
	trainSet, _, err := datasets.LoadMNISTDefault()
	if err != nil {
		b.Skipf("MNIST not available: %v", err)
	}
	for _, model := range []string{"mlp", "cnn"} {
		for _, be := range []backends.Backend{stock, adapter} {
			b.Run(fmt.Sprintf("%s/%s", model, be.String()), func(b *testing.B) {
				fn, err := models.ByName(model)
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.New()
				ctx.SetParam(context.ParamInitialSeed, int64(42))
				tr := train.NewTrainer(be, ctx, fn, losses.SparseCategoricalCrossEntropyLogits,
					optimizers.Adam().LearningRate(1e-3).Done(), nil, nil)
				batches, err := datasets.NewBatches(trainSet, datasets.BatchConfig{BatchSize: 128, Shuffle: true, Seed: 42, DropIncomplete: true})
				if err != nil {
					b.Fatal(err)
				}
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
