package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

const (
	// ImageScale is how many screen pixels each image pixel becomes in
	// ImageGrid: a 28×28 digit is drawn 84×84, large enough for a caption
	// under it to be readable.
	ImageScale = 3

	// imageGap is the space in pixels around and between grid cells.
	imageGap = 8
	// captionSize is the caption font size; the grid is drawn at 72 DPI,
	// so one point is one pixel.
	captionSize = 12
)

// captionFont is the sans-serif face of the Liberation fonts bundled with
// gonum: the grid looks the same on every machine.
var captionFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// ImageGrid draws grayscale images in a grid of cols columns, each scaled
// up ImageScale times (nearest neighbour, so pixels stay sharp) and framed,
// with its caption — e.g. "pred 7 (true 2)" — centred under it.
//
// images[k] holds height·width values in row-major order, each in [0, 1]
// where 0 is background and 1 is full ink; ink is drawn dark on white
// paper. captions is nil (no captions) or has one entry per image; a
// caption may contain "\n" for a second line. Columns widen to fit the
// longest caption line.
func ImageGrid(images [][]float32, height, width int, captions []string, cols int) (image.Image, error) {
	if len(images) == 0 {
		return nil, fmt.Errorf("plotting: image grid: no images")
	}
	if height < 1 || width < 1 {
		return nil, fmt.Errorf("plotting: image grid: image size %d×%d, want at least 1×1", height, width)
	}
	if cols < 1 {
		return nil, fmt.Errorf("plotting: image grid: %d columns, want at least 1", cols)
	}
	if captions != nil && len(captions) != len(images) {
		return nil, fmt.Errorf("plotting: image grid: %d captions for %d images", len(captions), len(images))
	}
	for k, img := range images {
		if len(img) != height*width {
			return nil, fmt.Errorf("plotting: image grid: image %d has %d values, want %d×%d=%d", k, len(img), height, width, height*width)
		}
		for i, v := range img {
			if !(v >= 0 && v <= 1) { // also catches NaN
				return nil, fmt.Errorf("plotting: image grid: image %d pixel (row %d, col %d) = %v, want a value in [0, 1]", k, i/width, i%width, v)
			}
		}
	}
	cols = min(cols, len(images))
	rows := (len(images) + cols - 1) / cols

	style := text.Style{
		Color:   color.Black,
		Font:    font.From(captionFont, captionSize),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: plot.DefaultTextHandler,
	}
	// Cell size: the scaled image, widened to the longest caption line,
	// plus room below for the tallest caption.
	imgW, imgH := width*ImageScale, height*ImageScale
	cellW, capH := imgW, 0
	for _, c := range captions {
		if c == "" {
			continue
		}
		cellW = max(cellW, int(math.Ceil(style.Width(c).Points())))
		capH = max(capH, int(math.Ceil(style.Height(c).Points())))
	}
	cellH := imgH
	if capH > 0 {
		cellH += imageGap/2 + capH
	}
	totalW := imageGap + cols*(cellW+imageGap)
	totalH := imageGap + rows*(cellH+imageGap)
	if totalW > MaxSidePx || totalH > MaxSidePx {
		return nil, fmt.Errorf("plotting: image grid would be %d×%d px, more than %d per side; use fewer images or more columns", totalW, totalH, MaxSidePx)
	}

	cv := vgimg.NewWith(vgimg.UseWH(vg.Length(totalW), vg.Length(totalH)), vgimg.UseDPI(72))
	dst, ok := cv.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("plotting: image grid: canvas is %T, want *image.RGBA", cv.Image())
	}
	frame := color.RGBA{R: 190, G: 190, B: 190, A: 255}
	dc := draw.New(cv)
	for k, img := range images {
		r, c := k/cols, k%cols
		x0 := imageGap + c*(cellW+imageGap) + (cellW-imgW)/2
		y0 := imageGap + r*(cellH+imageGap)
		strokeRect(dst, image.Rect(x0-1, y0-1, x0+imgW+1, y0+imgH+1), frame)
		for i, v := range img {
			ink := uint8(math.Round(255 * (1 - float64(v))))
			px := color.RGBA{R: ink, G: ink, B: ink, A: 255}
			bx, by := x0+(i%width)*ImageScale, y0+(i/width)*ImageScale
			for dy := range ImageScale {
				for dx := range ImageScale {
					dst.SetRGBA(bx+dx, by+dy, px)
				}
			}
		}
		if captions != nil && captions[k] != "" {
			// vg's y axis points up from the bottom edge.
			cx := imageGap + c*(cellW+imageGap) + cellW/2
			top := y0 + imgH + imageGap/2
			dc.FillText(style, vg.Point{X: vg.Length(cx), Y: vg.Length(totalH - top)}, captions[k])
		}
	}
	return dst, nil
}

// strokeRect draws a one-pixel outline just inside r.
func strokeRect(dst *image.RGBA, r image.Rectangle, c color.RGBA) {
	for x := r.Min.X; x < r.Max.X; x++ {
		dst.SetRGBA(x, r.Min.Y, c)
		dst.SetRGBA(x, r.Max.Y-1, c)
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		dst.SetRGBA(r.Min.X, y, c)
		dst.SetRGBA(r.Max.X-1, y, c)
	}
}

// SaveImagePNG writes img as a PNG file at path, atomically.
func SaveImagePNG(path string, img image.Image) error {
	data, err := encodePNG(img)
	if err != nil {
		return fmt.Errorf("%w (saving %q)", err, path)
	}
	return writeFileAtomic(path, data)
}

// encodePNG encodes img, rejecting nil.
func encodePNG(img image.Image) ([]byte, error) {
	if img == nil {
		return nil, fmt.Errorf("plotting: image is nil")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("plotting: encoding image as PNG: %w", err)
	}
	return buf.Bytes(), nil
}
