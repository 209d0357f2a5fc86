package datasets

import (
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

func mustBatches(t *testing.T, d *Images, cfg BatchConfig) *Batches {
	t.Helper()
	b, err := NewBatches(d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// epochOf collects one epoch: each batch's labels and first pixel values
// (pixel 0 of image i in smallImages is i, so it identifies the example).
func epochOf(t *testing.T, b *Batches) (sizes []int, examples []int) {
	t.Helper()
	for {
		pixels, labels, n, err := b.NextBatch()
		if errors.Is(err, io.EOF) {
			return sizes, examples
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(labels) != n || len(pixels) != n*b.data.ImageSize() {
			t.Fatalf("batch of %d has %d labels and %d pixels", n, len(labels), len(pixels))
		}
		sizes = append(sizes, n)
		for j := range n {
			example := int(pixels[j*b.data.ImageSize()])
			if labels[j] != b.data.Labels[example] {
				t.Fatalf("example %d came with label %d, want %d", example, labels[j], b.data.Labels[example])
			}
			examples = append(examples, example)
		}
	}
}

func TestBatchesEpochs(t *testing.T) {
	d := smallImages(10, 2, 2, 1, 3)
	tests := []struct {
		name      string
		cfg       BatchConfig
		wantSizes []int
	}{
		{"keep incomplete", BatchConfig{BatchSize: 4}, []int{4, 4, 2}},
		{"drop incomplete", BatchConfig{BatchSize: 4, DropIncomplete: true}, []int{4, 4}},
		{"exact", BatchConfig{BatchSize: 5, DropIncomplete: true}, []int{5, 5}},
		{"whole set", BatchConfig{BatchSize: 10, Shuffle: true}, []int{10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustBatches(t, d, tt.cfg)
			if b.BatchesPerEpoch() != len(tt.wantSizes) {
				t.Errorf("BatchesPerEpoch() = %d, want %d", b.BatchesPerEpoch(), len(tt.wantSizes))
			}
			sizes, examples := epochOf(t, b)
			if !slices.Equal(sizes, tt.wantSizes) {
				t.Errorf("batch sizes %v, want %v", sizes, tt.wantSizes)
			}
			if len(slices.Compact(slices.Sorted(slices.Values(examples)))) != len(examples) {
				t.Errorf("an example repeats within the epoch: %v", examples)
			}
			if !tt.cfg.Shuffle && !slices.IsSorted(examples) {
				t.Errorf("unshuffled epoch out of order: %v", examples)
			}
			// After the end, io.EOF again until Reset.
			if _, _, _, err := b.Yield(); !errors.Is(err, io.EOF) {
				t.Errorf("Yield after the end: %v, want io.EOF", err)
			}
			b.Reset()
			if b.Epoch() != 1 {
				t.Errorf("Epoch() after Reset = %d, want 1", b.Epoch())
			}
			if again, _ := epochOf(t, b); !slices.Equal(again, tt.wantSizes) {
				t.Errorf("second epoch sizes %v", again)
			}
		})
	}
}

func TestBatchesShuffleDeterministic(t *testing.T) {
	d := smallImages(50, 1, 1, 1, 5)
	cfg := BatchConfig{BatchSize: 8, Shuffle: true, Seed: 42}
	run := func(cfg BatchConfig) [][]int {
		b := mustBatches(t, d, cfg)
		var epochs [][]int
		for range 3 {
			_, ex := epochOf(t, b)
			epochs = append(epochs, ex)
			b.Reset()
		}
		return epochs
	}
	first, second := run(cfg), run(cfg)
	for e := range first {
		if !slices.Equal(first[e], second[e]) {
			t.Errorf("epoch %d differs between runs with the same seed", e)
		}
	}
	if slices.Equal(first[0], first[1]) {
		t.Error("epochs 0 and 1 have the same order: not reshuffled")
	}
	if slices.IsSorted(first[0]) {
		t.Error("shuffled epoch is in original order")
	}
	cfg.Seed = 43
	if other := run(cfg); slices.Equal(other[0], first[0]) {
		t.Error("seeds 42 and 43 gave the same order")
	}
}

func TestBatchesYieldTensors(t *testing.T) {
	d := smallImages(7, 3, 2, 2, 4)
	b := mustBatches(t, d, BatchConfig{BatchSize: 3})
	for batch, wantN := range []int{3, 3, 1} {
		spec, inputs, labels, err := b.Yield()
		if err != nil {
			t.Fatal(err)
		}
		if spec != nil || len(inputs) != 1 || len(labels) != 1 {
			t.Fatalf("Yield returned spec %v, %d inputs, %d labels", spec, len(inputs), len(labels))
		}
		x, y := inputs[0], labels[0]
		if x.DType() != dtypes.Float32 || !slices.Equal(x.Shape().Dimensions, []int{wantN, 3, 2, 2}) {
			t.Errorf("batch %d: inputs %s, want (Float32)[%d 3 2 2]", batch, x.Shape(), wantN)
		}
		if y.DType() != dtypes.Int32 || !slices.Equal(y.Shape().Dimensions, []int{wantN, 1}) {
			t.Errorf("batch %d: labels %s, want (Int32)[%d 1]", batch, y.Shape(), wantN)
		}
		first := batch * 3
		if got := tensors.MustCopyFlatData[float32](x); !slices.Equal(got, d.Pixels[first*12:(first+wantN)*12]) {
			t.Errorf("batch %d: pixels %v", batch, got)
		}
		if got := tensors.MustCopyFlatData[int32](y); !slices.Equal(got, d.Labels[first:first+wantN]) {
			t.Errorf("batch %d: labels %v", batch, got)
		}
		x.MustFinalizeAll()
		y.MustFinalizeAll()
	}
	if b.Name() != "small" {
		t.Errorf("Name() = %q", b.Name())
	}
}

func TestBatchesAugmentDoesNotTouchData(t *testing.T) {
	d := smallImages(6, 4, 4, 1, 2)
	before := slices.Clone(d.Pixels)
	aug := mustAugmenter(t, AugmentConfig{MaxShift: 1, FlipProbability: 0.5})
	var seeds []uint64
	record := func(batch []float32, n, h, w, c int, seed uint64) error {
		seeds = append(seeds, seed)
		return aug.Apply(batch, n, h, w, c, seed)
	}
	b := mustBatches(t, d, BatchConfig{BatchSize: 3, Augment: record, Seed: 1})
	changed := false
	for k := range 2 {
		pixels, _, _, err := b.NextBatch()
		if err != nil {
			t.Fatal(err)
		}
		// Unshuffled: batch k holds examples 3k..3k+2 before augmentation.
		changed = changed || !slices.Equal(pixels, d.Pixels[k*3*16:(k+1)*3*16])
	}
	if !slices.Equal(d.Pixels, before) {
		t.Error("augmentation modified the dataset")
	}
	if !changed {
		t.Error("augmentation changed no batch")
	}
	if len(seeds) != 2 || seeds[0] == seeds[1] {
		t.Errorf("augment seeds %v: want a different seed per batch", seeds)
	}

	failing := func([]float32, int, int, int, int, uint64) error { return errors.New("boom") }
	b = mustBatches(t, d, BatchConfig{BatchSize: 3, Augment: failing})
	_, _, _, err := b.Yield()
	wantErrContains(t, err, "small: augmenting batch 0 of epoch 0: boom")
}

func TestNewBatchesErrors(t *testing.T) {
	d := smallImages(5, 1, 1, 1, 2)
	for _, tt := range []struct {
		name string
		data *Images
		size int
		want string
	}{
		{"zero", d, 0, "batch size 0 must be in 1..5"},
		{"negative", d, -3, "batch size -3"},
		{"too big", d, 6, "batch size 6 must be in 1..5"},
		{"invalid data", &Images{Name: "broken"}, 1, "broken: dimensions"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewBatches(tt.data, BatchConfig{BatchSize: tt.size})
			wantErrContains(t, err, tt.want)
		})
	}
}
