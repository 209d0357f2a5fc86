package datasets

import (
	"fmt"
	"io"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// BatchConfig configures NewBatches.
type BatchConfig struct {
	// BatchSize is the number of examples per batch, 1..N.
	BatchSize int
	// Shuffle visits the examples in a new random order each epoch, drawn
	// from (Seed, epoch). Use it for training; leave it off for evaluation.
	Shuffle bool
	// Seed makes shuffling and augmentation reproducible.
	Seed uint64
	// DropIncomplete skips the last batch of an epoch when it has fewer than
	// BatchSize examples. Use it for training: every batch then has the same
	// shape, and GoMLX compiles the training graph once instead of once more
	// for the odd-sized last batch. Leave it off for evaluation, which should
	// see every example.
	DropIncomplete bool
	// Augment, when set, is applied to each batch's copy of the pixels (the
	// dataset itself is never modified), with a seed derived from
	// (Seed, epoch, batch index). (*Augmenter).Apply fits.
	Augment AugmentFunc
	// AugmentName describes Augment in Describe, which a resumed training run compares with the
	// interrupted run's; (*Augmenter).String fits.
	AugmentName string
}

// Batches serves an *Images in batches as a GoMLX train.Dataset: Yield returns
// inputs [B, H, W, C] float32 and labels [B, 1] int32, the shapes
// losses.SparseCategoricalCrossEntropyLogits expects next to logits [B, classes].
//
// An epoch ends with io.EOF; Reset starts the next one, reshuffled if Shuffle
// is set. The whole sequence of batches is a function of the data and the
// config, so a training run can be repeated exactly.
type Batches struct {
	data     *Images
	cfg      BatchConfig
	order    []int // example indices in this epoch's order
	epoch    int
	next     int // position in order of the next batch's first example
	batch    int // index of the next batch within the epoch
	pixels   []float32
	labels   []int32
	perEpoch int
}

var _ train.Dataset = (*Batches)(nil)

// NewBatches returns a Batches over data, positioned at the start of epoch 0.
func NewBatches(data *Images, cfg BatchConfig) (*Batches, error) {
	if err := data.Validate(); err != nil {
		return nil, fmt.Errorf("NewBatches: %w", err)
	}
	if cfg.BatchSize <= 0 || cfg.BatchSize > data.N {
		return nil, fmt.Errorf("NewBatches(%s): batch size %d must be in 1..%d (the number of examples)",
			data.Name, cfg.BatchSize, data.N)
	}
	b := &Batches{
		data:   data,
		cfg:    cfg,
		order:  make([]int, data.N),
		pixels: make([]float32, cfg.BatchSize*data.ImageSize()),
		labels: make([]int32, cfg.BatchSize),
	}
	b.perEpoch = data.N / cfg.BatchSize
	if !cfg.DropIncomplete && data.N%cfg.BatchSize != 0 {
		b.perEpoch++
	}
	b.startEpoch(0)
	return b, nil
}

// Name returns the dataset's name, e.g. "MNIST train".
func (b *Batches) Name() string { return b.data.Name }

// Epoch returns the number of the current epoch, counting from 0; each Reset
// adds one.
func (b *Batches) Epoch() int { return b.epoch }

// NumClasses is the data set's number of classes (Images.NumClasses; 0 when it has no
// ClassNames): trainer.Fit checks the model's output width against it.
func (b *Batches) NumClasses() int { return b.data.NumClasses() }

// BatchesPerEpoch returns how many batches Yield returns before io.EOF.
func (b *Batches) BatchesPerEpoch() int { return b.perEpoch }

// Reset starts the next epoch. GoMLX's training loop calls it after each
// io.EOF and evaluation calls it before starting.
func (b *Batches) Reset() { b.startEpoch(b.epoch + 1) }

// startEpoch positions b at the start of epoch e and computes its order.
func (b *Batches) startEpoch(e int) {
	b.epoch, b.next, b.batch = e, 0, 0
	for i := range b.order {
		b.order[i] = i
	}
	if b.cfg.Shuffle {
		rng := newRand(deriveSeed(b.cfg.Seed, uint64(e)), streamShuffle)
		rng.Shuffle(len(b.order), func(i, j int) { b.order[i], b.order[j] = b.order[j], b.order[i] })
	}
}

// NextBatch returns the next batch as plain Go slices (pixels NHWC, labels)
// and its size n, or io.EOF at the end of the epoch. The slices are reused by
// the following call: copy them to keep them. Yield wraps it in tensors; call
// it directly to use the batches without GoMLX.
func (b *Batches) NextBatch() (pixels []float32, labels []int32, n int, err error) {
	remaining := len(b.order) - b.next
	n = min(b.cfg.BatchSize, remaining)
	if n == 0 || (n < b.cfg.BatchSize && b.cfg.DropIncomplete) {
		return nil, nil, 0, io.EOF
	}
	size := b.data.ImageSize()
	pixels, labels = b.pixels[:n*size], b.labels[:n]
	for j, i := range b.order[b.next : b.next+n] {
		copy(pixels[j*size:(j+1)*size], b.data.Pixels[i*size:(i+1)*size])
		labels[j] = b.data.Labels[i]
	}
	if b.cfg.Augment != nil {
		seed := deriveSeed(b.cfg.Seed, uint64(b.epoch), uint64(b.batch))
		if err := b.cfg.Augment(pixels, n, b.data.Height, b.data.Width, b.data.Channels, seed); err != nil {
			return nil, nil, 0, fmt.Errorf("%s: augmenting batch %d of epoch %d: %w", b.data.Name, b.batch, b.epoch, err)
		}
	}
	b.next += n
	b.batch++
	return pixels, labels, n, nil
}

// Yield implements train.Dataset: inputs is one [B, H, W, C] float32 tensor,
// labels one [B, 1] int32 tensor; spec is nil. At the end of an epoch it
// returns io.EOF until Reset is called. The tensors are new each call (GoMLX
// frees them after use); the Go buffers behind them are reused.
func (b *Batches) Yield() (spec any, inputs, labels []*tensors.Tensor, err error) {
	pixels, lbls, n, err := b.NextBatch()
	if err != nil {
		return nil, nil, nil, err
	}
	// FromFlatDataAndDimensions copies, so reusing pixels and lbls is safe.
	x := tensors.FromFlatDataAndDimensions(pixels, n, b.data.Height, b.data.Width, b.data.Channels)
	y := tensors.FromFlatDataAndDimensions(lbls, n, 1)
	return nil, []*tensors.Tensor{x}, []*tensors.Tensor{y}, nil
}
