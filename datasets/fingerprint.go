package datasets

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
)

// fingerprintPixelSamples is how many pixel values Fingerprint hashes: enough that two different
// subsets of a data set all but surely differ in some of them, few enough to cost nothing (MNIST's
// 47 M values are sampled in well under a millisecond).
const fingerprintPixelSamples = 1 << 16

// Fingerprint is a cheap description of the images' content: their number and shape, the class
// names, a hash of every label and a hash of an evenly spaced sample of the pixels. Two sets with
// the same fingerprint are, for any practical purpose, the same data in the same order; a resumed
// training run uses it to refuse data that differs from the interrupted run's (another subset, a
// different validation split). Name is not part of it: Take and Subset keep the name.
func (d *Images) Fingerprint() string {
	labels := sha256.New()
	for _, name := range d.ClassNames {
		labels.Write([]byte(name))
		labels.Write([]byte{0})
	}
	buf := make([]byte, 4)
	for _, l := range d.Labels {
		binary.LittleEndian.PutUint32(buf, uint32(l))
		labels.Write(buf)
	}
	pixels := sha256.New()
	stride := max(1, len(d.Pixels)/fingerprintPixelSamples)
	samples := 0
	for i := 0; i < len(d.Pixels); i += stride {
		binary.LittleEndian.PutUint32(buf, math.Float32bits(d.Pixels[i]))
		pixels.Write(buf)
		samples++
	}
	return fmt.Sprintf("%d images %d×%d×%d, %d classes, labels sha256:%x, pixels sha256:%x (%d sampled)",
		d.N, d.Height, d.Width, d.Channels, len(d.ClassNames), labels.Sum(nil)[:6], pixels.Sum(nil)[:6], samples)
}

// Describe lists what determines the batches b serves, for a training run's resume check
// (trainer.Fit compares it with the checkpoint's): the data's Fingerprint, the batch size,
// shuffling and its seed, whether the last incomplete batch is dropped, and the augmentation.
func (b *Batches) Describe() map[string]string {
	shuffle := "off"
	if b.cfg.Shuffle {
		shuffle = "seed " + strconv.FormatUint(b.cfg.Seed, 10)
	}
	augment := "off"
	switch {
	case b.cfg.Augment != nil && b.cfg.AugmentName != "":
		augment = b.cfg.AugmentName + ", seed " + strconv.FormatUint(b.cfg.Seed, 10)
	case b.cfg.Augment != nil:
		augment = "an unnamed function (set BatchConfig.AugmentName), seed " + strconv.FormatUint(b.cfg.Seed, 10)
	}
	return map[string]string{
		"content":         b.data.Fingerprint(),
		"batch size":      strconv.Itoa(b.cfg.BatchSize),
		"shuffle":         shuffle,
		"drop incomplete": strconv.FormatBool(b.cfg.DropIncomplete),
		"augment":         augment,
	}
}

// String describes the augmentation, e.g. for BatchConfig.AugmentName.
func (a *Augmenter) String() string {
	c := a.cfg
	return fmt.Sprintf("shift ≤ %d px, rotation ≤ %g°, flip p=%g, fill %g", c.MaxShift, c.MaxRotationDegrees, c.FlipProbability, c.Fill)
}
