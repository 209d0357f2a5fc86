package plotting

import (
	"fmt"
	"image"
	"image/draw"
)

// OnCanvas draws img at the top left of a white canvas of the given size. A figure redrawn in
// place, whose pictures differ a little in size (their captions differ), keeps one size when
// every picture is put on a canvas as large as the largest. It is an error if img does not fit.
//
// Introduced in notebooks/09_convolution.ipynb.
func OnCanvas(img image.Image, size image.Point) (image.Image, error) {
	b := img.Bounds()
	if b.Dx() > size.X || b.Dy() > size.Y {
		return nil, fmt.Errorf("plotting: on canvas: a %d×%d picture does not fit a %d×%d canvas", b.Dx(), b.Dy(), size.X, size.Y)
	}
	out := image.NewRGBA(image.Rectangle{Max: size})
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, image.Rectangle{Max: b.Size()}, img, b.Min, draw.Src)
	return out, nil
}

// CanvasSize draws pictures 0…n−1 with draw and returns the smallest canvas that holds each of
// them, for OnCanvas: a figure redrawn in place (a knobs panel) then keeps one size. Drawing them
// all once also shows that each draws; the first error names its picture.
//
// Introduced in notebooks/09_convolution.ipynb.
func CanvasSize(n int, draw func(i int) (image.Image, error)) (image.Point, error) {
	if n < 1 {
		return image.Point{}, fmt.Errorf("plotting: canvas size: %d pictures, want at least 1", n)
	}
	var size image.Point
	for i := range n {
		img, err := draw(i)
		if err != nil {
			return image.Point{}, fmt.Errorf("plotting: canvas size: picture %d of %d: %w", i, n, err)
		}
		s := img.Bounds().Size()
		size = image.Pt(max(size.X, s.X), max(size.Y, s.Y))
	}
	return size, nil
}
