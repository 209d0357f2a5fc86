package plotting_test

import (
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

func TestOnCanvas(t *testing.T) {
	small := image.NewRGBA(image.Rect(5, 5, 15, 12)) // 10×7, not at the origin
	for i := range small.Pix {
		small.Pix[i] = 0 // transparent black
	}
	for x := 5; x < 15; x++ {
		for y := 5; y < 12; y++ {
			small.Set(x, y, color.Black)
		}
	}
	out, err := plotting.OnCanvas(small, image.Pt(20, 10))
	if err != nil {
		t.Fatal(err)
	}
	if got := out.Bounds(); got != image.Rect(0, 0, 20, 10) {
		t.Fatalf("canvas bounds %v, want (0,0)-(20,10)", got)
	}
	gray := func(x, y int) uint8 { return color.GrayModel.Convert(out.At(x, y)).(color.Gray).Y }
	if gray(0, 0) != 0 || gray(9, 6) != 0 {
		t.Errorf("the picture is not at the top left: greys %d, %d, want 0", gray(0, 0), gray(9, 6))
	}
	if gray(10, 0) != 255 || gray(0, 7) != 255 || gray(19, 9) != 255 {
		t.Errorf("the canvas around the picture is not white: %d, %d, %d", gray(10, 0), gray(0, 7), gray(19, 9))
	}
	if _, err := plotting.OnCanvas(small, image.Pt(9, 10)); err == nil || !strings.Contains(err.Error(), "does not fit") {
		t.Errorf("a 10-wide picture on a 9-wide canvas: error %v, want one saying it does not fit", err)
	}
}

func TestCanvasSize(t *testing.T) {
	sizes := []image.Point{{10, 4}, {3, 9}, {7, 7}}
	draw := func(i int) (image.Image, error) { return image.NewRGBA(image.Rectangle{Max: sizes[i]}), nil }
	got, err := plotting.CanvasSize(len(sizes), draw)
	if err != nil {
		t.Fatal(err)
	}
	if got != image.Pt(10, 9) { // the widest and the tallest are different pictures
		t.Errorf("canvas %v, want (10,9)", got)
	}
	_, err = plotting.CanvasSize(3, func(i int) (image.Image, error) {
		if i == 2 {
			return nil, errors.New("broken")
		}
		return draw(i)
	})
	if err == nil || !strings.Contains(err.Error(), "picture 2 of 3: broken") {
		t.Errorf("a failing picture: error %v, want one naming picture 2", err)
	}
	if _, err := plotting.CanvasSize(0, draw); err == nil {
		t.Error("no pictures: want an error")
	}
}
