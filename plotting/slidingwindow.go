package plotting

import (
	"bytes"
	"fmt"
	"html"
)

// SlidingWindow is a diagram of a square kernel sliding over a square input with zero padding
// and a stride: the padded input grid (padding cells grey, marked 0), the kernel's window at a few
// positions, each outlined in its own colour, and the output grid with the cell each window
// produces filled in the same colour. It is drawn as SVG text, a schematic rather than a plot of
// data.
//
// Introduced in notebooks/09_convolution.ipynb.
type SlidingWindow struct {
	// Title is drawn above the diagram.
	Title string
	// Input is the side of the input, in pixels (at least 1).
	Input int
	// Kernel is the side of the kernel (at least 1, at most the padded side).
	Kernel int
	// Stride is the step between neighbouring windows (at least 1).
	Stride int
	// PadBefore and PadAfter are the zero rows (and columns) added above and left of the input,
	// and below and right of it.
	PadBefore, PadAfter int
	// Outputs lists the output cells {row, column} whose windows are drawn, at most
	// len(windowColors), each inside the output grid.
	Outputs [][2]int
}

// windowColors tells the drawn windows apart (colour-blind-safe Okabe–Ito hues).
var windowColors = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}

// OutputSize returns the side of the output, ⌊(Input + PadBefore + PadAfter − Kernel)/Stride⌋ + 1,
// or an error if the diagram's numbers are out of range.
func (s SlidingWindow) OutputSize() (int, error) {
	if s.Input < 1 || s.Kernel < 1 || s.Stride < 1 || s.PadBefore < 0 || s.PadAfter < 0 {
		return 0, fmt.Errorf("plotting: SlidingWindow: input %d, kernel %d, stride %d must be at least 1 and padding %d, %d at least 0",
			s.Input, s.Kernel, s.Stride, s.PadBefore, s.PadAfter)
	}
	padded := s.Input + s.PadBefore + s.PadAfter
	if s.Kernel > padded {
		return 0, fmt.Errorf("plotting: SlidingWindow: kernel %d does not fit the padded input %d", s.Kernel, padded)
	}
	return (padded-s.Kernel)/s.Stride + 1, nil
}

// SVG draws the diagram. It returns an error for sizes out of range, for more outputs than it has
// colours, and for an output cell outside the output grid.
func (s SlidingWindow) SVG() ([]byte, error) {
	out, err := s.OutputSize()
	if err != nil {
		return nil, err
	}
	if len(s.Outputs) > len(windowColors) {
		return nil, fmt.Errorf("plotting: SlidingWindow: %d outputs, at most %d can be told apart", len(s.Outputs), len(windowColors))
	}
	for i, o := range s.Outputs {
		if o[0] < 0 || o[0] >= out || o[1] < 0 || o[1] >= out {
			return nil, fmt.Errorf("plotting: SlidingWindow: Outputs[%d] = %v is outside the %d×%d output", i, o, out, out)
		}
	}
	const cell, margin, gap, top = 26.0, 16.0, 70.0, 44.0
	padded := s.Input + s.PadBefore + s.PadAfter
	inW := float64(padded) * cell
	outX := margin + inW + gap
	width := outX + float64(out)*cell + margin
	height := top + inW + 56 // two caption lines below the input

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%.0f" y="20" font-size="14">%s</text>`+"\n", margin, html.EscapeString(s.Title))

	// The padded input: padding cells grey with a 0, input cells white.
	for r := range padded {
		for c := range padded {
			x, y := margin+float64(c)*cell, top+float64(r)*cell
			inside := r >= s.PadBefore && r < s.PadBefore+s.Input && c >= s.PadBefore && c < s.PadBefore+s.Input
			fill := "#e6e6e6"
			if inside {
				fill = "white"
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#999" stroke-width="0.5"/>`+"\n", x, y, cell, cell, fill)
			if !inside {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" fill="#888" text-anchor="middle">0</text>`+"\n", x+cell/2, y+cell/2+4)
			}
		}
	}
	fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="black" stroke-width="1.5"/>`+"\n",
		margin+float64(s.PadBefore)*cell, top+float64(s.PadBefore)*cell, float64(s.Input)*cell, float64(s.Input)*cell)

	// The output grid.
	for r := range out {
		for c := range out {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="white" stroke="black" stroke-width="0.8"/>`+"\n",
				outX+float64(c)*cell, top+float64(r)*cell, cell, cell)
		}
	}

	// Each window, its output cell and a line between them, in one colour. The window of output
	// (i, j) starts at padded row i·stride and column j·stride.
	for n, o := range s.Outputs {
		color := windowColors[n]
		wx, wy := margin+float64(o[1]*s.Stride)*cell, top+float64(o[0]*s.Stride)*cell
		side := float64(s.Kernel) * cell
		inset := 1.5 + float64(n) // nested windows stay visible where they overlap
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.12" stroke="%s" stroke-width="2.5"/>`+"\n",
			wx+inset, wy+inset, side-2*inset, side-2*inset, color, color)
		ox, oy := outX+float64(o[1])*cell, top+float64(o[0])*cell
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.6" stroke="%s" stroke-width="2"/>`+"\n",
			ox, oy, cell, cell, color, color)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1" stroke-dasharray="4 3"/>`+"\n",
			wx+side-inset, wy+side/2, ox, oy+cell/2, color)
	}

	// The caption takes two lines: on one it is wider than a small diagram and would be cut off.
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12">input %d×%d (framed), padding %d before and %d after,</text>`+"\n",
		margin, top+inW+18, s.Input, s.Input, s.PadBefore, s.PadAfter)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12">kernel %d×%d, stride %d</text>`+"\n",
		margin, top+inW+34, s.Kernel, s.Kernel, s.Stride)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12">output %d×%d</text>`+"\n", outX, top+float64(out)*cell+18, out, out)
	b.WriteString("</svg>\n")
	return b.Bytes(), nil
}
