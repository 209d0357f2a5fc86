package datasets

import (
	"math"
	"slices"
	"testing"
)

func TestComputeMeanStd(t *testing.T) {
	d := &Images{Name: "four", N: 1, Height: 2, Width: 2, Channels: 1,
		Pixels: []float32{1, 2, 3, 6}, Labels: []int32{0}}
	mean, std := ComputeMeanStd(d)
	// mean 3, variance (4+1+0+9)/4 = 3.5.
	if mean != 3 || math.Abs(float64(std)-math.Sqrt(3.5)) > 1e-6 {
		t.Errorf("ComputeMeanStd = %v, %v; want 3, %v", mean, std, math.Sqrt(3.5))
	}
	if m, s := ComputeMeanStd(nil); m != 0 || s != 0 {
		t.Errorf("ComputeMeanStd(nil) = %v, %v", m, s)
	}
}

func TestNormalize(t *testing.T) {
	d := smallImages(6, 2, 2, 1, 2)
	before := slices.Clone(d.Pixels)
	mean, std := ComputeMeanStd(d)
	n, err := d.Normalize(mean, std)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Pixels, before) {
		t.Error("Normalize modified its receiver")
	}
	if !slices.Equal(n.Labels, d.Labels) || n.N != d.N {
		t.Error("Normalize changed labels or size")
	}
	m2, s2 := ComputeMeanStd(n)
	if math.Abs(float64(m2)) > 1e-5 || math.Abs(float64(s2)-1) > 1e-5 {
		t.Errorf("after Normalize: mean %v, std %v; want 0, 1", m2, s2)
	}
	for _, bad := range [][2]float32{{0, 0}, {0, -1}, {float32(math.NaN()), 1}, {0, float32(math.Inf(1))}} {
		if _, err := d.Normalize(bad[0], bad[1]); err == nil {
			t.Errorf("Normalize(%v, %v) accepted", bad[0], bad[1])
		}
	}
}

func TestMNISTMeanStd(t *testing.T) {
	train, _ := mnist(t)
	mean, std := ComputeMeanStd(train)
	// The values every MNIST tutorial normalises with: 0.1307, 0.3081.
	if math.Abs(float64(mean)-0.1307) > 1e-4 || math.Abs(float64(std)-0.3081) > 1e-4 {
		t.Errorf("MNIST train mean %v, std %v; want 0.1307, 0.3081", mean, std)
	}
}
