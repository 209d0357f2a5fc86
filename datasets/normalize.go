package datasets

import (
	"fmt"
	"math"
)

// ComputeMeanStd returns the mean and (population) standard deviation of all
// pixel values of d, accumulated in float64 so that 47 million float32 values
// do not lose precision. Compute them on the training set only and apply the
// same values to validation and test sets, or information about those sets
// leaks into training. An empty or nil d gives (0, 0), which Normalize rejects.
func ComputeMeanStd(d *Images) (mean, std float32) {
	if d == nil || len(d.Pixels) == 0 {
		return 0, 0
	}
	var sum float64
	for _, v := range d.Pixels {
		sum += float64(v)
	}
	m := sum / float64(len(d.Pixels))
	// Two passes instead of E[x²]−E[x]²: the one-pass formula cancels
	// catastrophically when the mean is large compared with the spread.
	var sq float64
	for _, v := range d.Pixels {
		dv := float64(v) - m
		sq += dv * dv
	}
	return float32(m), float32(math.Sqrt(sq / float64(len(d.Pixels))))
}

// Normalize returns a copy of d with every pixel mapped to (p − mean) / std.
// d itself is not modified. std must be positive and finite.
func (d *Images) Normalize(mean, std float32) (*Images, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if !(std > 0) || math.IsInf(float64(std), 0) || math.IsNaN(float64(mean)) || math.IsInf(float64(mean), 0) {
		return nil, fmt.Errorf("datasets: %s: Normalize(mean=%v, std=%v): want a finite mean and a finite std > 0",
			d.Name, mean, std)
	}
	out := d.emptyLike(d.Name, d.N)
	copy(out.Labels, d.Labels)
	for i, v := range d.Pixels {
		out.Pixels[i] = (v - mean) / std
	}
	if i := firstNonFinite(out.Pixels); i >= 0 {
		return nil, fmt.Errorf("datasets: %s: Normalize(mean=%v, std=%v) overflows float32: normalised %s",
			d.Name, mean, std, out.describePixel(i))
	}
	return out, nil
}
