package datasets

import (
	"math"
	"slices"
	"testing"
)

// unbalanced returns 1,000 single-pixel images whose pixel is the example's
// index, with 70% class 0, 20% class 1 and 10% class 2, classes interleaved.
func unbalanced() *Images {
	d := &Images{Name: "unbalanced", N: 1000, Height: 1, Width: 1, Channels: 1,
		Pixels: make([]float32, 1000), Labels: make([]int32, 1000), ClassNames: []string{"a", "b", "c"}}
	for i := range d.N {
		d.Pixels[i] = float32(i)
		switch r := i % 10; {
		case r < 7:
			d.Labels[i] = 0
		case r < 9:
			d.Labels[i] = 1
		default:
			d.Labels[i] = 2
		}
	}
	return d
}

func TestTrainValidationSplit(t *testing.T) {
	d := unbalanced()
	for _, stratified := range []bool{false, true} {
		train, val, err := TrainValidationSplit(d, 0.25, 7, stratified)
		if err != nil {
			t.Fatal(err)
		}
		if val.N != 250 || train.N != 750 {
			t.Errorf("stratified=%v: sizes train %d, val %d; want 750, 250", stratified, train.N, val.N)
		}
		// The two parts partition the examples (pixel = original index), each
		// in the original order.
		seen := make([]int, d.N)
		for _, part := range []*Images{train, val} {
			if !slices.IsSorted(part.Pixels) {
				t.Errorf("stratified=%v: %s is not in original order", stratified, part.Name)
			}
			for i, p := range part.Pixels {
				seen[int(p)]++
				if part.Labels[i] != d.Labels[int(p)] {
					t.Fatalf("example %v lost its label", p)
				}
			}
		}
		for i, n := range seen {
			if n != 1 {
				t.Fatalf("stratified=%v: example %d appears %d times", stratified, i, n)
			}
		}
		// Same seed, same split; another seed, another split.
		_, again, _ := TrainValidationSplit(d, 0.25, 7, stratified)
		_, other, _ := TrainValidationSplit(d, 0.25, 8, stratified)
		if !slices.Equal(again.Pixels, val.Pixels) {
			t.Errorf("stratified=%v: same seed gave a different split", stratified)
		}
		if slices.Equal(other.Pixels, val.Pixels) {
			t.Errorf("stratified=%v: seeds 7 and 8 gave the same split", stratified)
		}
	}
}

func TestTrainValidationSplitStratifiedKeepsProportions(t *testing.T) {
	d := unbalanced() // 700, 200, 100 per class
	train, val, err := TrainValidationSplit(d, 0.1, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := val.ClassCounts(); !slices.Equal(got, []int{70, 20, 10}) {
		t.Errorf("validation class counts %v, want exactly [70 20 10]", got)
	}
	if got := train.ClassCounts(); !slices.Equal(got, []int{630, 180, 90}) {
		t.Errorf("train class counts %v, want [630 180 90]", got)
	}
}

// On real MNIST a stratified 1/6 split takes exactly 10,000 examples, each
// digit within one example of a sixth of its count.
func TestTrainValidationSplitMNIST(t *testing.T) {
	full, _ := mnist(t)
	train, val, err := TrainValidationSplit(full, 1.0/6, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if val.N != 10000 || train.N != 50000 {
		t.Errorf("sizes: train %d, validation %d; want 50000, 10000", train.N, val.N)
	}
	fullCounts, valCounts := full.ClassCounts(), val.ClassCounts()
	for c := range fullCounts {
		if want := float64(fullCounts[c]) / 6; math.Abs(float64(valCounts[c])-want) >= 1 {
			t.Errorf("digit %d: %d in validation, want %.2f rounded", c, valCounts[c], want)
		}
	}
}

func TestTrainValidationSplitErrors(t *testing.T) {
	d := smallImages(4, 1, 1, 1, 2)
	for _, tt := range []struct {
		name     string
		data     *Images
		fraction float64
		want     string
	}{
		{"zero fraction", d, 0, "must be in (0, 1)"},
		{"one", d, 1, "must be in (0, 1)"},
		{"NaN", d, math.NaN(), "must be in (0, 1)"},
		{"empty validation", d, 0.1, "leaves 4 for training and 0 for validation"},
		{"empty train", d, 0.9, "leaves 0 for training and 4 for validation"},
		{"invalid data", &Images{Name: "broken"}, 0.5, "broken: dimensions"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := TrainValidationSplit(tt.data, tt.fraction, 1, false)
			wantErrContains(t, err, tt.want)
		})
	}
}
