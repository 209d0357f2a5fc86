package plotting

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// gonbSink is how this package talks to GoNB. It is a variable so tests can
// record what would be sent; in a program it is always the real gonbui.
type gonbSink struct {
	active     func() bool // running inside a GoNB cell?
	displayPNG func(png []byte)
	sendData   func(data *protocol.DisplayData)
	updateHTML func(id, html string)
	uniqueID   func() string
	err        func() error // sticky error of the GoNB pipe, if any
	sync       func()       // waits until GoNB has read everything sent so far
}

var gonb = gonbSink{
	active:     func() bool { return gonbui.IsNotebook },
	displayPNG: gonbui.DisplayPng,
	sendData:   gonbui.SendData,
	updateHTML: gonbui.UpdateHtml,
	uniqueID:   gonbui.UniqueId,
	err:        gonbui.Error,
	sync:       gonbui.Sync,
}

// InNotebook reports whether the program runs inside a GoNB notebook cell,
// i.e. whether Show, ShowSVG, ShowImage and Live display anything.
func InNotebook() bool { return gonb.active() }

// Show displays fig as a PNG of its preferred size (fig.WidthPx ×
// fig.HeightPx) in the GoNB cell output. Outside GoNB it does nothing and
// returns nil without rendering: command-line callers save files instead.
func Show(fig *Figure) error {
	if !gonb.active() {
		return nil
	}
	data, err := preferredPNG(fig)
	if err != nil {
		return err
	}
	gonb.displayPNG(data)
	return pipeError()
}

// ShowSVG displays fig as a real image/svg+xml output (not SVG wrapped in
// HTML, which is what gonbui.DisplaySvg sends), so the saved notebook keeps
// a vector image. Outside GoNB it does nothing and returns nil.
func ShowSVG(fig *Figure) error {
	if !gonb.active() {
		return nil
	}
	if fig == nil {
		return fmt.Errorf("plotting: figure is nil")
	}
	data, err := fig.SVG(fig.WidthPx, fig.HeightPx)
	if err != nil {
		return err
	}
	gonb.sendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{protocol.MIMEImageSVG: string(data)},
	})
	return pipeError()
}

// ShowImage displays img (for example an ImageGrid) as a PNG in the GoNB
// cell output. Outside GoNB it does nothing and returns nil.
func ShowImage(img image.Image) error {
	if !gonb.active() {
		return nil
	}
	data, err := encodePNG(img)
	if err != nil {
		return err
	}
	gonb.displayPNG(data)
	return pipeError()
}

// Live is one output area of a GoNB cell that is redrawn in place, e.g. a
// training curve that grows while the model trains instead of printing a
// new image every epoch. Outside GoNB every method does nothing.
//
//	live := plotting.NewLive()
//	for epoch := ... {
//		...
//		fig, err := plotting.TrainingCurves(loss, acc)
//		...
//		if err := live.Update(fig); err != nil { ... }
//	}
type Live struct {
	id string // GoNB display id; "" outside GoNB
}

// NewLive reserves a new in-place output area. Nothing is shown until the
// first Update.
func NewLive() *Live {
	if !gonb.active() {
		return &Live{}
	}
	return &Live{id: "deepnb-live-" + gonb.uniqueID()}
}

// Update replaces the content of the output area with fig, rendered as a
// PNG of its preferred size and embedded in an <img> tag as a data URL
// (GoNB updates outputs in place only for HTML).
func (l *Live) Update(fig *Figure) error {
	if l == nil || l.id == "" || !gonb.active() {
		return nil
	}
	data, err := preferredPNG(fig)
	if err != nil {
		return err
	}
	gonb.updateHTML(l.id, imgTag(data, fig.WidthPx, fig.HeightPx))
	return pipeError()
}

// UpdateImage is Update for an image, such as an ImageGrid of the current
// predictions.
func (l *Live) UpdateImage(img image.Image) error {
	if l == nil || l.id == "" || !gonb.active() {
		return nil
	}
	data, err := encodePNG(img)
	if err != nil {
		return err
	}
	b := img.Bounds()
	gonb.updateHTML(l.id, imgTag(data, b.Dx(), b.Dy()))
	return pipeError()
}

// imgTag embeds PNG bytes in an <img> tag, with the size stated so the
// output area does not jump while the image decodes.
func imgTag(png []byte, w, h int) string {
	return fmt.Sprintf(`<img src="data:image/png;base64,%s" width="%d" height="%d" alt="live plot">`,
		base64.StdEncoding.EncodeToString(png), w, h)
}

// preferredPNG renders fig at its preferred size.
func preferredPNG(fig *Figure) ([]byte, error) {
	if fig == nil {
		return nil, fmt.Errorf("plotting: figure is nil")
	}
	return fig.PNG(fig.WidthPx, fig.HeightPx)
}

// pipeError waits until GoNB has read what was sent — otherwise a cell program that exits right
// after displaying can lose the image, silently — and reports a broken connection to GoNB, which
// gonbui only logs.
func pipeError() error {
	gonb.sync()
	if err := gonb.err(); err != nil {
		return fmt.Errorf("plotting: displaying in GoNB: %w", err)
	}
	return nil
}

// ShowSVGText displays an SVG document someone else drew (for example RenderDOT's), scaled down to
// the output area's width when it is wider (FitSVGWidth), never enlarged. It returns an error if
// svg holds no <svg> element. Outside GoNB it does nothing and returns nil.
//
// The output carries the drawing twice: as text/html, the <svg> element inline, which both
// Jupyter front ends prefer and lay out with the page's CSS, so the fitting style holds; and as
// image/svg+xml for tools that read only images. The classic Notebook shows an image/svg+xml
// output inside a box it sizes from the root's width and height attributes (1,500 px for a wide
// Graphviz graph), which no style on the SVG can shrink.
//
// Introduced in notebooks/06_autodiff.ipynb.
func ShowSVGText(svg []byte) error {
	if !bytes.Contains(svg, []byte("<svg")) {
		return fmt.Errorf("plotting: ShowSVGText: no <svg> element in %d bytes", len(svg))
	}
	fitted, err := FitSVGWidth(svg)
	if err != nil {
		return fmt.Errorf("plotting: ShowSVGText: %w", err)
	}
	if !gonb.active() {
		return nil
	}
	inline := fitted[svgOpenTag.FindIndex(fitted)[0]:] // HTML has no use for the XML prolog or DOCTYPE
	gonb.sendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML: string(inline),
			protocol.MIMEImageSVG: string(fitted),
		},
	})
	return pipeError()
}
