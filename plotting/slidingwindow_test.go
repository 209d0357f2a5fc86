package plotting_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/plotting"
)

func TestSlidingWindowSVG(t *testing.T) {
	s := plotting.SlidingWindow{Title: "k = 3 & s = 2", Input: 6, Kernel: 3, Stride: 2, PadBefore: 1, PadAfter: 1, Outputs: [][2]int{{0, 0}, {0, 1}, {2, 2}}}
	out, err := s.OutputSize()
	if err != nil || out != 3 {
		t.Fatalf("OutputSize = %d, %v; want 3", out, err)
	}
	svg, err := s.SVG()
	if err != nil {
		t.Fatal(err)
	}
	// Well-formed XML, and the counts a reader sees: 8×8 padded cells, 28 of them padding (each
	// with a 0), 3×3 output cells, three windows with their output cells and lines.
	rects, zeros, lines := 0, 0, 0
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var inText bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "rect":
				rects++
			case "line":
				lines++
			case "text":
				inText = true
			}
		case xml.CharData:
			if inText && string(el) == "0" {
				zeros++
			}
		case xml.EndElement:
			inText = false
		}
	}
	if want := 1 + 64 + 1 + 9 + 2*3; rects != want {
		t.Errorf("%d rects, want %d (background, 64 cells, frame, 9 output cells, 3 windows and 3 filled outputs)", rects, want)
	}
	if zeros != 64-36 || lines != 3 {
		t.Errorf("%d padding zeros and %d lines, want 28 and 3", zeros, lines)
	}
	if !strings.Contains(string(svg), "k = 3 &amp; s = 2") {
		t.Error("the title is not escaped")
	}
}

func TestSlidingWindowErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    plotting.SlidingWindow
		want string
	}{
		{"stride", plotting.SlidingWindow{Input: 5, Kernel: 3, Stride: 0}, "stride 0"},
		{"padding", plotting.SlidingWindow{Input: 5, Kernel: 3, Stride: 1, PadBefore: -1}, "padding -1"},
		{"kernel", plotting.SlidingWindow{Input: 2, Kernel: 4, Stride: 1, PadAfter: 1}, "kernel 4 does not fit the padded input 3"},
		{"outside", plotting.SlidingWindow{Input: 5, Kernel: 3, Stride: 1, Outputs: [][2]int{{0, 3}}}, "Outputs[0] = [0 3] is outside the 3×3 output"},
		{"colours", plotting.SlidingWindow{Input: 9, Kernel: 1, Stride: 1, Outputs: make([][2]int, 7)}, "7 outputs, at most 6"},
	} {
		_, err := tc.s.SVG()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
