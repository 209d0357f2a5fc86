package knobs

import (
	"fmt"
	"html"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// frontEnd is what a Panel needs from the notebook; tests replace GoNB with a fake.
type frontEnd interface {
	active() bool // running in a GoNB cell?
	// showPanel displays the empty row the controls go into and returns its id.
	showPanel() string
	// build adds one control per knob and returns, per knob, a listener for its new values. It
	// may block until a browser answers.
	build(panel string, knobs []*Knob) []listener
	// setStatus shows a line of text under the controls.
	setStatus(panel, text string)
}

// listener delivers one knob's new values on C until close is called.
type listener struct {
	C     <-chan int
	close func()
}

// gonbFrontEnd is the real front end: GoNB's widgets, in the cell's output.
type gonbFrontEnd struct{}

func (gonbFrontEnd) active() bool { return gonbui.IsNotebook }

func (gonbFrontEnd) showPanel() string {
	id := "deepnb-knobs-" + gonbui.UniqueId()
	gonbui.DisplayHtml(fmt.Sprintf(
		`<div id="%s" class="deepnb-knobs" style="display:flex;flex-wrap:wrap;gap:0.4em 1.5em;align-items:center"></div>`+
			`<div id="%s-status" class="deepnb-knobs-status" style="font-size:85%%;color:#555"></div>`, id, id))
	return id
}

func (gonbFrontEnd) build(panel string, knobs []*Knob) []listener {
	changes := make([]listener, len(knobs))
	for i, k := range knobs {
		box := fmt.Sprintf("%s-%d", panel, i)
		dom.Append(panel, fmt.Sprintf(`<span id="%s" class="deepnb-knob" data-label="%s">%s </span>`,
			box, html.EscapeString(k.Label), labelText(k)))
		// LatestOnly for every kind: a redraw only needs the newest value, and a channel that always
		// has room never blocks GoNB's delivery goroutines, so clicks after Run returned leak nothing.
		var c *comms.AddressChan[int]
		switch k.kind {
		case slider:
			c = widgets.Slider(k.min, k.max, k.value).AppendTo(box).Done().Listen().LatestOnly()
		case choice:
			c = widgets.Select(k.options).SetDefault(k.value).AppendTo(box).Done().Listen().LatestOnly()
		case button:
			c = widgets.Button(k.Label).AppendTo(box).Done().Listen().LatestOnly()
		}
		changes[i] = listener{C: c.C, close: c.Close}
	}
	return changes
}

func (gonbFrontEnd) setStatus(panel, text string) {
	dom.SetInnerText(panel+"-status", text)
}

// labelText is the text beside a control; a button carries its label on itself.
func labelText(k *Knob) string {
	if k.kind == button {
		return ""
	}
	return html.EscapeString(k.Label)
}
