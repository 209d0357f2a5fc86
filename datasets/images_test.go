package datasets

import (
	"slices"
	"testing"
)

func TestImagesValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(d *Images)
		wantErr string // "" means valid
	}{
		{"valid", func(d *Images) {}, ""},
		{"zero N", func(d *Images) { d.N = 0 }, "must all be positive"},
		{"negative channels", func(d *Images) { d.Channels = -1 }, "must all be positive"},
		{"short pixels", func(d *Images) { d.Pixels = d.Pixels[1:] }, "pixel values, want N*H*W*C"},
		{"missing label", func(d *Images) { d.Labels = d.Labels[1:] }, "3 labels for 4 images"},
		{"label too big", func(d *Images) { d.Labels[2] = 3 }, "label 3 of example 2 is not a class in 0..2"},
		{"negative label", func(d *Images) { d.Labels[0] = -1 }, "label -1 of example 0"},
		{"no class names, big label", func(d *Images) { d.ClassNames = nil; d.Labels[0] = 99 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := smallImages(4, 2, 2, 1, 3)
			tt.mutate(d)
			err := d.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantErrContains(t, err, "small", tt.wantErr)
		})
	}
	var nilImages *Images
	wantErrContains(t, nilImages.Validate(), "nil *Images")
}

func TestImagesSubsetAndTake(t *testing.T) {
	d := smallImages(5, 2, 3, 2, 3)
	sub, err := d.Subset([]int{4, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	if sub.N != 3 || !slices.Equal(sub.Labels, []int32{1, 1, 1}) || !slices.Equal(sub.Image(0), d.Image(4)) ||
		!slices.Equal(sub.Image(2), d.Image(1)) {
		t.Errorf("Subset([4 1 1]) = %+v", sub)
	}
	// The subset is a copy: writing to it leaves d alone.
	sub.Image(0)[0] = -7
	if d.Image(4)[0] == -7 {
		t.Error("Subset shares pixels with its source")
	}

	first, err := d.Take(2)
	if err != nil {
		t.Fatal(err)
	}
	if first.N != 2 || !slices.Equal(first.Pixels, d.Pixels[:2*12]) || !slices.Equal(first.Labels, d.Labels[:2]) {
		t.Errorf("Take(2) = %+v", first)
	}

	for _, tt := range []struct {
		name string
		call func() (*Images, error)
		want string
	}{
		{"Subset out of range", func() (*Images, error) { return d.Subset([]int{0, 5}) }, "index 5 (position 1) out of range [0, 5)"},
		{"Subset negative", func() (*Images, error) { return d.Subset([]int{-1}) }, "index -1"},
		{"Subset empty", func() (*Images, error) { return d.Subset(nil) }, "no indices"},
		{"Take 0", func() (*Images, error) { return d.Take(0) }, "Take(0): want 1..5"},
		{"Take too many", func() (*Images, error) { return d.Take(6) }, "Take(6)"},
		{"Take of invalid", func() (*Images, error) { return (&Images{Name: "bad"}).Take(1) }, "bad: dimensions"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.call()
			wantErrContains(t, err, tt.want)
		})
	}
}

func TestImagesImagePanicsOutOfRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Image(5) of a 5-image set did not panic")
		}
	}()
	smallImages(5, 1, 1, 1, 2).Image(5)
}
