package datasets

import "math/rand/v2"

// Seeded randomness for the whole package: every random choice (split,
// shuffle, augmentation, synthetic data) draws from a PCG generator built here,
// so a seed means the same thing everywhere and results do not depend on the
// Go version's global generator.

// Stream identifiers keep generators for different purposes apart even when
// the user passes the same seed to all of them.
const (
	streamSplit uint64 = iota + 1
	streamShuffle
	streamAugment
	streamSynthetic
	streamFolds
)

// newRand returns a PCG generator for (seed, stream).
func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, mix64(stream)))
}

// deriveSeed combines a seed with counters (epoch, batch index…) into a new
// seed, so that e.g. each epoch's shuffle is reproducible on its own.
func deriveSeed(seed uint64, counters ...uint64) uint64 {
	s := mix64(seed)
	for _, c := range counters {
		s = mix64(s ^ mix64(c+0x9e3779b97f4a7c15))
	}
	return s
}

// mix64 is SplitMix64's finalizer: a bijection that spreads nearby inputs
// (seeds 1, 2, 3…) over unrelated outputs.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
