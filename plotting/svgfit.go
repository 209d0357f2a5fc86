package plotting

import (
	"bytes"
	"fmt"
	"regexp"
)

// svgFitStyle scales an inline SVG down to the width of what holds it, keeping its aspect ratio
// (from its viewBox), and never scales it up beyond its own size.
const svgFitStyle = "max-width:100%;height:auto"

var (
	svgOpenTag  = regexp.MustCompile(`<svg\b[^>]*>`)
	svgStyle    = regexp.MustCompile(`\sstyle="([^"]*)"`)
	svgViewBox  = regexp.MustCompile(`\sviewBox="`)
	svgSizeAttr = regexp.MustCompile(`\s(width|height)="([0-9.]+)(pt|px)?"`)
)

// FitSVGWidth returns svg with its root element styled to shrink to the width of the output area
// that shows it, so that a wide drawing — a Graphviz graph laid out left to right is often 1,500
// pixels wide — is seen whole instead of cut off at the area's right edge. Its height follows
// its viewBox; an SVG without one gets a viewBox from its width and height. The drawing is never
// enlarged. It returns an error if svg holds no <svg> element.
//
// ShowSVGText applies it. Introduced in notebooks/06_autodiff.ipynb.
func FitSVGWidth(svg []byte) ([]byte, error) {
	loc := svgOpenTag.FindIndex(svg)
	if loc == nil {
		return nil, fmt.Errorf("plotting: FitSVGWidth: no <svg> element in %d bytes", len(svg))
	}
	tag := svg[loc[0]:loc[1]]
	if !svgViewBox.Match(tag) {
		var w, h string
		for _, m := range svgSizeAttr.FindAllSubmatch(tag, -1) {
			if string(m[1]) == "width" {
				w = string(m[2])
			} else {
				h = string(m[2])
			}
		}
		if w != "" && h != "" { // else it has no size of its own to keep in proportion
			tag = insertAttr(tag, fmt.Sprintf(` viewBox="0 0 %s %s"`, w, h))
		}
	}
	if m := svgStyle.FindSubmatchIndex(tag); m != nil {
		styled := append([]byte(nil), tag[:m[2]]...)
		styled = append(styled, svgFitStyle+";"...)
		tag = append(styled, tag[m[2]:]...)
	} else {
		tag = insertAttr(tag, ` style="`+svgFitStyle+`"`)
	}
	var out bytes.Buffer
	out.Grow(len(svg) + 64)
	out.Write(svg[:loc[0]])
	out.Write(tag)
	out.Write(svg[loc[1]:])
	return out.Bytes(), nil
}

// insertAttr puts attr just after the element's name, "<svg".
func insertAttr(tag []byte, attr string) []byte {
	out := append([]byte(nil), tag[:4]...)
	out = append(out, attr...)
	return append(out, tag[4:]...)
}
