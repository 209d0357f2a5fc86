package datasets

import (
	"math"
	"testing"
)

// TestInputMistakesGiveOneLine checks the exact error of each input mistake a training run can
// start from: one line naming the data set and the offending value or setting.
func TestInputMistakesGiveOneLine(t *testing.T) {
	for _, tt := range []struct {
		name string
		run  func(d *Images) error
		want string
	}{
		{"NaN pixel", func(d *Images) error {
			d.Pixels[2*12+7] = float32(math.NaN()) // example 2, offset 7 = row 1 (of 6 values), column 0, channel 1
			return d.Validate()
		}, "datasets: small: pixel value 31 (example 2, row 1, column 0, channel 1) is NaN"},
		{"infinite pixel", func(d *Images) error {
			d.Pixels[len(d.Pixels)-1] = float32(math.Inf(-1))
			_, err := NewBatches(d, BatchConfig{BatchSize: 2})
			return err
		}, "NewBatches: datasets: small: pixel value 47 (example 3, row 1, column 2, channel 1) is -Inf"},
		{"Normalize with std 0", func(d *Images) error {
			_, err := d.Normalize(0.5, 0)
			return err
		}, "datasets: small: Normalize(mean=0.5, std=0): want a finite mean and a finite std > 0"},
		{"Normalize overflowing", func(d *Images) error {
			_, err := d.Normalize(0, 1e-44) // pixel 0 is 0, pixel 1 is 0.001
			return err
		}, "datasets: small: Normalize(mean=0, std=1e-44) overflows float32: normalised pixel value 1 (example 0, row 0, column 0, channel 1) is +Inf"},
		{"batch larger than the data", func(d *Images) error {
			_, err := NewBatches(d, BatchConfig{BatchSize: 5})
			return err
		}, "NewBatches(small): batch size 5 must be in 1..4 (the number of examples)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := smallImages(4, 2, 3, 2, 3)
			err := tt.run(d)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v\nwant    %s", err, tt.want)
			}
			t.Logf("error line: %v", err)
		})
	}
}
