package datasets

import (
	"strings"
	"testing"
)

func TestFingerprintTellsSubsetsApart(t *testing.T) {
	d := synthetic(t, 400)
	first, err := d.Take(300)
	if err != nil {
		t.Fatal(err)
	}
	fewer, _ := d.Take(200)
	if first.Name != fewer.Name {
		t.Fatalf("Take changed the name: %q vs %q", first.Name, fewer.Name)
	}
	if first.Fingerprint() == fewer.Fingerprint() {
		t.Errorf("Take(300) and Take(200) share the fingerprint %s", first.Fingerprint())
	}
	again, _ := d.Take(300)
	if first.Fingerprint() != again.Fingerprint() {
		t.Errorf("the same subset has two fingerprints: %s vs %s", first.Fingerprint(), again.Fingerprint())
	}
	// Same size, other examples: the validation split of another seed.
	a, _, err := TrainValidationSplit(d, 0.25, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := TrainValidationSplit(d, 0.25, 2, true)
	if a.N != b.N || a.Fingerprint() == b.Fingerprint() {
		t.Errorf("splits with seeds 1 and 2: %d and %d images, fingerprints %s and %s; want equal sizes, different fingerprints",
			a.N, b.N, a.Fingerprint(), b.Fingerprint())
	}
	// One changed pixel in the sample, one changed label.
	c, _ := d.Take(300)
	c.Pixels[0] += 0.5
	if c.Fingerprint() == first.Fingerprint() {
		t.Errorf("a changed pixel kept the fingerprint")
	}
	c, _ = d.Take(300)
	c.Labels[299] = (c.Labels[299] + 1) % int32(c.NumClasses())
	if c.Fingerprint() == first.Fingerprint() {
		t.Errorf("a changed label kept the fingerprint")
	}
}

func TestBatchesDescribe(t *testing.T) {
	d := synthetic(t, 100)
	aug, err := NewAugmenter(AugmentConfig{MaxShift: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBatches(d, BatchConfig{BatchSize: 10, Shuffle: true, Seed: 7, Augment: aug.Apply, AugmentName: aug.String()})
	if err != nil {
		t.Fatal(err)
	}
	got := b.Describe()
	for key, want := range map[string]string{"batch size": "10", "shuffle": "seed 7", "augment": "shift ≤ 2 px", "content": "100 images"} {
		if !strings.Contains(got[key], want) {
			t.Errorf("Describe()[%q] = %q, want it to contain %q", key, got[key], want)
		}
	}
	plain, _ := NewBatches(d, BatchConfig{BatchSize: 10})
	if got := plain.Describe(); got["augment"] != "off" || got["shuffle"] != "off" {
		t.Errorf("without shuffling and augmentation: %v", got)
	}
}

// synthetic returns n random 6×6 images of 4 classes.
func synthetic(t *testing.T, n int) *Images {
	t.Helper()
	rng := newRand(uint64(n), streamShuffle)
	d := &Images{Name: "synthetic", N: n, Height: 6, Width: 6, Channels: 1, Pixels: make([]float32, n*36),
		Labels: make([]int32, n), ClassNames: []string{"a", "b", "c", "d"}}
	for i := range d.Pixels {
		d.Pixels[i] = rng.Float32()
	}
	for i := range d.Labels {
		d.Labels[i] = int32(i % 4)
	}
	return d
}
