package datasets

import (
	"fmt"
	"math"
)

// AugmentFunc augments, in place, a batch of n images of h×w×c float32 values
// laid out NHWC. The result must depend only on the batch and seed, so that a
// training run can be reproduced; Batches derives seed from its own seed, the
// epoch and the batch index. (*Augmenter).Apply is an AugmentFunc.
type AugmentFunc func(batch []float32, n, h, w, c int, seed uint64) error

// AugmentConfig configures an Augmenter. The zero value changes nothing.
//
// Which augmentations are right depends on the data: small shifts and
// rotations keep a digit or a garment what it is, but a horizontal flip only
// suits data whose classes are mirror-symmetric. Flips are right for clothes
// (Fashion-MNIST: a mirrored shoe is still a shoe) and wrong for digits (a
// flipped 2 is not a 2, and a flipped 7 is nothing at all): keep
// FlipProbability at 0 for MNIST.
type AugmentConfig struct {
	// MaxShift is the largest shift in pixels, drawn uniformly in
	// [-MaxShift, MaxShift] for each axis: the same as padding the image by
	// MaxShift pixels of Fill and cropping a random h×w window. 0 disables it.
	MaxShift int
	// MaxRotationDegrees is the largest rotation, drawn uniformly in
	// [-MaxRotationDegrees, +MaxRotationDegrees] about the image centre and
	// resampled bilinearly. 0 disables it; at most 180.
	MaxRotationDegrees float64
	// FlipProbability is the probability of mirroring an image left to right.
	// 0 disables it; at most 1.
	FlipProbability float64
	// Fill is the value of pixels shifted or rotated in from outside the image:
	// 0 for raw [0, 1] pixels (black background), −mean/std after Normalize.
	Fill float32
}

// Augmenter applies random shifts, rotations and flips to batches of images.
// It reuses a scratch buffer, so one Augmenter must not be used by several
// goroutines at once.
type Augmenter struct {
	cfg     AugmentConfig
	scratch []float32
}

// NewAugmenter validates cfg and returns an Augmenter for it.
func NewAugmenter(cfg AugmentConfig) (*Augmenter, error) {
	switch {
	case cfg.MaxShift < 0:
		return nil, fmt.Errorf("augment: MaxShift %d must be ≥ 0", cfg.MaxShift)
	case !(cfg.MaxRotationDegrees >= 0 && cfg.MaxRotationDegrees <= 180):
		return nil, fmt.Errorf("augment: MaxRotationDegrees %v must be in [0, 180]", cfg.MaxRotationDegrees)
	case !(cfg.FlipProbability >= 0 && cfg.FlipProbability <= 1):
		return nil, fmt.Errorf("augment: FlipProbability %v must be in [0, 1]", cfg.FlipProbability)
	case math.IsNaN(float64(cfg.Fill)) || math.IsInf(float64(cfg.Fill), 0):
		return nil, fmt.Errorf("augment: Fill %v must be finite", cfg.Fill)
	}
	return &Augmenter{cfg: cfg}, nil
}

// Config returns the Augmenter's configuration.
func (a *Augmenter) Config() AugmentConfig { return a.cfg }

// Apply augments the n images in batch (NHWC, h×w×c each) in place. Each image
// gets its own random flip, shift and rotation, drawn from a generator seeded
// by seed: the same batch and seed always give the same output.
func (a *Augmenter) Apply(batch []float32, n, h, w, c int, seed uint64) error {
	if n <= 0 || h <= 0 || w <= 0 || c <= 0 {
		return fmt.Errorf("augment: batch dims n=%d, h=%d, w=%d, c=%d must be positive", n, h, w, c)
	}
	size := h * w * c
	if len(batch) != n*size {
		return fmt.Errorf("augment: batch has %d values, want n*h*w*c = %d*%d*%d*%d = %d",
			len(batch), n, h, w, c, n*size)
	}
	if cap(a.scratch) < size {
		a.scratch = make([]float32, size)
	}
	src := a.scratch[:size]
	rng := newRand(seed, streamAugment)
	maxAngle := a.cfg.MaxRotationDegrees * math.Pi / 180
	for i := range n {
		// Draw all four values for every image, whatever the config, so that
		// image i's draws do not depend on which options earlier images used.
		flip := rng.Float64() < a.cfg.FlipProbability
		dx := rng.IntN(2*a.cfg.MaxShift+1) - a.cfg.MaxShift
		dy := rng.IntN(2*a.cfg.MaxShift+1) - a.cfg.MaxShift
		angle := (2*rng.Float64() - 1) * maxAngle
		if !flip && dx == 0 && dy == 0 && angle == 0 {
			continue // identity: leave the pixels exactly as they were
		}
		img := batch[i*size : (i+1)*size]
		copy(src, img)
		transform(img, src, h, w, c, flip, dx, dy, angle, a.cfg.Fill)
	}
	return nil
}

// transform writes into dst the image src rotated by angle (radians, about the
// centre), then shifted by (dx, dy) pixels, then flipped left-right if flip.
// It works backwards: for each output pixel it undoes the flip, the shift and
// the rotation to find where in src the value comes from, so every output
// pixel gets exactly one value and none is left as a hole.
func transform(dst, src []float32, h, w, c int, flip bool, dx, dy int, angle float64, fill float32) {
	sin, cos := math.Sincos(angle)
	cy, cx := float64(h-1)/2, float64(w-1)/2
	at := func(y, x, ch int) float32 {
		if y < 0 || y >= h || x < 0 || x >= w {
			return fill
		}
		return src[(y*w+x)*c+ch]
	}
	for y := range h {
		for x := range w {
			xf := x
			if flip {
				xf = w - 1 - x
			}
			xs, ys := xf-dx, y-dy
			out := dst[(y*w+x)*c : (y*w+x+1)*c]
			if angle == 0 {
				for ch := range c {
					out[ch] = at(ys, xs, ch)
				}
				continue
			}
			ux, uy := float64(xs)-cx, float64(ys)-cy
			sx := cos*ux + sin*uy + cx
			sy := -sin*ux + cos*uy + cy
			x0, y0 := math.Floor(sx), math.Floor(sy)
			fx, fy := float32(sx-x0), float32(sy-y0)
			ix, iy := int(x0), int(y0)
			for ch := range c {
				top := at(iy, ix, ch)*(1-fx) + at(iy, ix+1, ch)*fx
				bottom := at(iy+1, ix, ch)*(1-fx) + at(iy+1, ix+1, ch)*fx
				out[ch] = top*(1-fy) + bottom*fy
			}
		}
	}
}
