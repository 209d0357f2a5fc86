package knobs

import (
	"fmt"
	"html"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// frontEnd is what a Panel needs from the notebook; tests replace GoNB with a fake.
type frontEnd interface {
	active() bool // running in a GoNB cell?
	// showPanel displays the empty row the controls go into, with status as the line under
	// it, and returns the row's id.
	showPanel(status string) string
	// build adds one control per knob and returns, per knob, a listener for its new values. It
	// may block until a browser answers.
	build(panel string, knobs []*Knob) []listener
	// setStatus replaces the line of text under the controls.
	setStatus(panel, text string)
	// drain returns once the notebook has read everything the program sent so far and a
	// builder left waiting for a browser has stopped sending, or after limit.
	drain(limit time.Duration)
}

// listener delivers one knob's new values on C until close is called.
type listener struct {
	C     <-chan int
	close func()
	// refresh asks the browser to send the control's current value again, on C; nil for a
	// button, whose click count only grows. It may block until the browser answers.
	refresh func()
}

// gonbFrontEnd is the real front end: GoNB's widgets, in the cell's output.
type gonbFrontEnd struct{}

func (gonbFrontEnd) active() bool { return gonbui.IsNotebook }

func (gonbFrontEnd) showPanel(status string) string {
	id := "deepnb-knobs-" + gonbui.UniqueId()
	gonbui.DisplayHtml(fmt.Sprintf(
		`<div id="%s" class="deepnb-knobs" style="display:flex;flex-wrap:wrap;gap:0.4em 1.5em;align-items:center"></div>`+
			`<div id="%s-status" class="deepnb-knobs-status" style="font-size:85%%;color:#555">%s</div>`,
		id, id, html.EscapeString(status)))
	return id
}

func (gonbFrontEnd) build(panel string, knobs []*Knob) []listener {
	changes := make([]listener, len(knobs))
	for i, k := range knobs {
		box := fmt.Sprintf("%s-%d", panel, i)
		dom.Append(panel, fmt.Sprintf(`<span id="%s" class="deepnb-knob" data-label="%s">%s </span>`,
			box, html.EscapeString(k.Label), labelText(k)))
		// Plain unbuffered listeners: Run's forwarders read them at once and keep only the
		// newest value. (GoNB's LatestOnly swaps the channel after subscribing, so a value that
		// arrives in between can unsubscribe the knob for good.)
		var c *comms.AddressChan[int]
		var address string
		switch k.kind {
		case slider:
			w := widgets.Slider(k.min, k.max, k.value).AppendTo(box).Done()
			c, address = w.Listen(), w.Address()
		case choice:
			w := widgets.Select(k.options).SetDefault(k.value).AppendTo(box).Done()
			c, address = w.Listen(), w.Address()
		case button:
			// Listen before Done: Done closes a listener of its own, and its asynchronous
			// unsubscribe could otherwise cancel a subscription made just after it. The
			// button's first message, count 0, is what Run already holds, so it is ignored.
			address = "deepnb-knob-" + gonbui.UniqueId()
			c = comms.Listen[int](address)
			widgets.Button(html.EscapeString(k.Label)).WithAddress(address).AppendTo(box).Done()
		}
		l := listener{C: c.C, close: c.Close}
		if k.kind != button {
			l.refresh = func() { comms.ReadValue[int](address) } // the answer also reaches c
		}
		changes[i] = l
	}
	return changes
}

func (gonbFrontEnd) setStatus(panel, text string) {
	dom.SetInnerText(panel+"-status", text)
}

// drainRounds is how many times drain waits for GoNB to catch up: one for the backlog, one for
// the builder's next step (after a subscription a widget's Done makes two more round trips),
// and one to spare.
const drainRounds = 3

// drain keeps the cell's program alive until GoNB has caught up with it. Without a browser,
// GoNB v0.11.4's kernel stops reading the program's messages for 3 s (comms'
// WaitForConnectionTimeout) at each widget subscription while it waits for a front end. A
// Sync request that the builder sent meanwhile waits behind that stall, and if the program has
// exited by the time GoNB reads it, GoNB acknowledges it on a closed channel and the kernel
// dies ("send on closed channel" in jpyexec/namedpipes.go) — in whichever cell runs next.
// gonbui.Sync returns only once GoNB has read everything sent before it.
func (gonbFrontEnd) drain(limit time.Duration) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range drainRounds {
			gonbui.Sync()
			time.Sleep(50 * time.Millisecond)
		}
	}()
	select {
	case <-done:
	case <-time.After(limit):
	}
}

// labelText is the text beside a control; a button carries its label on itself.
func labelText(k *Knob) string {
	if k.kind == button {
		return ""
	}
	return html.EscapeString(k.Label)
}
