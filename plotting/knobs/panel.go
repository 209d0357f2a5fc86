package knobs

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/deepnb/deepnb/plotting"
)

// Defaults of a Panel's waits.
const (
	// DefaultFirstContact is how long Run waits for a browser to show the controls before it
	// decides that the notebook runs headless. A browser on a loaded 2-core machine answers GoNB
	// within about a second for a panel of two or three knobs; a headless run pays this wait
	// once per panel.
	DefaultFirstContact = 3 * time.Second
	// DefaultIdle is how long Run keeps listening after the last change of a knob.
	DefaultIdle = 2 * time.Minute

	// EnvFirstContact and EnvIdle name environment variables (Go durations, e.g. "10s") that
	// replace the defaults for every panel of a session, e.g. `DEEPNB_KNOBS_IDLE=10m make lab`
	// for a long exploration, or a short idle in the browser test so its notebook finishes.
	EnvFirstContact = "DEEPNB_KNOBS_FIRST_CONTACT"
	EnvIdle         = "DEEPNB_KNOBS_IDLE"

	// drainLimit bounds how long Run waits, after giving up on the browser, for GoNB to read
	// what the program sent (see gonbFrontEnd.drain): GoNB stalls 3 s per widget subscription,
	// and the builder makes at most two before it waits for the browser.
	drainLimit = 15 * time.Second

	// Settle is how long the knobs must rest before Run checks with the browser that the
	// figure shows their current values (see Run).
	Settle = 300 * time.Millisecond
)

// waitSetting is the first of: the panel's own setting (field names it), the environment
// variable env, def.
func waitSetting(own time.Duration, field, env string, def time.Duration) (time.Duration, error) {
	if own < 0 {
		return 0, fmt.Errorf("knobs: Panel.%s = %v: want a positive duration, or 0 for the default", field, own)
	}
	if own > 0 {
		return own, nil
	}
	v := os.Getenv(env)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("knobs: %s=%q: want a positive Go duration such as 30s", env, v)
	}
	return d, nil
}

// kind is what sort of control a Knob is.
type kind int

const (
	slider kind = iota
	choice
	button
)

// Knob is one control of a Panel. Its Value is the slider position, the index of the selected
// option, or the number of times a button was clicked.
type Knob struct {
	Label string // shown beside the control

	kind     kind
	min, max int
	options  []string
	value    int
}

// Value is the knob's current value: valid inside the draw function Run calls, and after Run.
func (k *Knob) Value() int { return k.value }

// Option is the name of the selected option of a select knob ("" for other knobs).
func (k *Knob) Option() string {
	if k.kind != choice {
		return ""
	}
	return k.options[k.value]
}

// Panel is a row of knobs above one figure that is redrawn in place. Build it with Slider,
// Select and Button, then call Run once.
type Panel struct {
	// FirstContact bounds the wait for a browser to show every control — one round trip per
	// knob (when zero: $DEEPNB_KNOBS_FIRST_CONTACT, else DefaultFirstContact).
	FirstContact time.Duration
	// Idle is how long Run listens after the last change (when zero: $DEEPNB_KNOBS_IDLE, else
	// DefaultIdle).
	Idle time.Duration

	knobs []*Knob
	err   error
	ui    frontEnd
}

// NewPanel returns an empty panel that talks to GoNB.
func NewPanel() *Panel { return &Panel{ui: gonbFrontEnd{}} }

// Slider adds a slider with integer positions min…max that starts at value.
func (p *Panel) Slider(label string, min, max, value int) *Knob {
	k := &Knob{Label: label, kind: slider, min: min, max: max, value: value}
	if min >= max || value < min || value > max {
		p.fail(fmt.Errorf("knobs: slider %q: positions %d…%d starting at %d: want min < max and min ≤ value ≤ max", label, min, max, value))
	}
	return p.add(k)
}

// Select adds a drop-down list of options, with options[value] selected at first.
func (p *Panel) Select(label string, options []string, value int) *Knob {
	k := &Knob{Label: label, kind: choice, options: options, value: value}
	if len(options) == 0 || value < 0 || value >= len(options) {
		p.fail(fmt.Errorf("knobs: select %q: option %d of %d options: want 0 ≤ value < number of options > 0", label, value, len(options)))
	}
	return p.add(k)
}

// Button adds a button; its Value counts the clicks. Clicks that come while a redraw (or an
// animation) runs are served by one redraw, so Value may grow by more than one between two.
func (p *Panel) Button(label string) *Knob {
	return p.add(&Knob{Label: label, kind: button})
}

func (p *Panel) add(k *Knob) *Knob {
	for _, other := range p.knobs {
		if other.Label == k.Label {
			p.fail(fmt.Errorf("knobs: two knobs are labelled %q", k.Label))
		}
	}
	p.knobs = append(p.knobs, k)
	return k
}

func (p *Panel) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// Report says what one Run served.
type Report struct {
	FrontEnd bool          // a browser answered within FirstContact
	Contact  time.Duration // how long the browser took to show every control (0 without one)
	Default  time.Duration // how long drawing the default took
	Redraws  int           // redraws after the default, one per change served
	Slowest  time.Duration // the slowest of those redraws
	Stopped  string        // why Run returned
}

func (r Report) String() string {
	if !r.FrontEnd {
		return fmt.Sprintf("knobs: default drawn in %v; %s", r.Default.Round(time.Millisecond), r.Stopped)
	}
	return fmt.Sprintf("knobs: default drawn in %v; the browser answered in %v; %d redraws, the slowest %v; %s",
		r.Default.Round(time.Millisecond), r.Contact.Round(time.Millisecond), r.Redraws, r.Slowest.Round(time.Millisecond), r.Stopped)
}

// DrawFunc draws the figure for the knobs' current values into out. changed is the knob that
// moved, nil for the default drawing. A button's draw may update out several times: an animation.
type DrawFunc func(changed *Knob, out *plotting.Live) error

// Run draws the default figure, then serves changes of the knobs until none has come for Idle.
// Without a browser (a headless run, or a program outside GoNB) it returns once the default is
// drawn, after at most FirstContact. An error from draw ends Run and names the knob that moved.
func (p *Panel) Run(draw DrawFunc) (Report, error) {
	var rep Report
	switch {
	case p.err != nil:
		return rep, p.err
	case len(p.knobs) == 0:
		return rep, errors.New("knobs: Run: the panel has no knobs")
	case draw == nil:
		return rep, errors.New("knobs: Run: draw is nil")
	}
	firstContact, err := waitSetting(p.FirstContact, "FirstContact", EnvFirstContact, DefaultFirstContact)
	if err != nil {
		return rep, err
	}
	idle, err := waitSetting(p.Idle, "Idle", EnvIdle, DefaultIdle)
	if err != nil {
		return rep, err
	}

	// The line under the controls starts with what a learner needs if the browser never
	// connects them; once it does, "listening" replaces it. (A message set after Run gave up
	// would never arrive: the cell's program ends with its last statement.)
	controls := p.ui.showPanel(fmt.Sprintf("the knobs answer while this cell runs: it waits %v for the browser, "+
		"then follows them until they rest for %v; if they do not answer, run the cell again", firstContact, idle))
	out := plotting.NewLive()
	start := time.Now()
	if err := draw(nil, out); err != nil {
		return rep, fmt.Errorf("knobs: drawing the default figure: %w", err)
	}
	rep.Default = time.Since(start)
	if !p.ui.active() {
		rep.Stopped = "not in a notebook: nothing to listen to"
		return rep, nil
	}

	// GoNB's widgets block until a browser answers; build them aside and wait a bounded time. If
	// the browser answers after Run gave up, the builder releases the listeners it was given.
	built := make(chan []listener)
	gaveUp := make(chan struct{})
	asked := time.Now()
	go func() {
		ls := p.ui.build(controls, p.knobs)
		select {
		case built <- ls:
		case <-gaveUp:
			for _, l := range ls {
				l.close()
			}
		}
	}()
	var changes []listener
	select {
	case changes = <-built:
	case <-time.After(firstContact):
		close(gaveUp)
		p.ui.drain(drainLimit)
		rep.Stopped = fmt.Sprintf("no front end answered within %v: the default stays", firstContact)
		return rep, nil
	}
	rep.FrontEnd = true
	rep.Contact = time.Since(asked)
	defer func() {
		for _, l := range changes {
			l.close()
		}
	}()

	// One forwarder per knob reads its listener at once, so GoNB's delivery goroutines never
	// wait, and holds only the newest value until the loop below takes it: values that arrive
	// during a slow redraw collapse into one.
	type change struct{ knob, value int }
	events := make(chan change)
	done := make(chan struct{})
	defer close(done)
	for i, l := range changes {
		go func() {
			var pending int
			have := false
			for {
				var send chan<- change // nil, so never chosen, while nothing is pending
				if have {
					send = events
				}
				select {
				case v, ok := <-l.C:
					if !ok {
						return
					}
					pending, have = v, true
				case send <- change{i, pending}:
					have = false
				case <-done:
					return
				}
			}
		}()
	}

	p.ui.setStatus(controls, fmt.Sprintf("listening: the figure follows the knobs until they rest for %v", idle))
	timer := time.NewTimer(idle)
	defer timer.Stop()
	// GoNB delivers each value in a goroutine of its own, so two values sent close together
	// can arrive in either order and the figure could rest on the older. Once the knobs have
	// been still for Settle, Run asks the browser for the current value of every slider and
	// select that moved; an answer that differs from what was drawn is one more change.
	var settle <-chan time.Time
	moved := make([]bool, len(p.knobs))
	for {
		select {
		case ev := <-events:
			k := p.knobs[ev.knob]
			if ev.value == k.value || (k.kind == button && ev.value < k.value) {
				// The browser repeats a value already drawn, or an older click count came late.
				continue
			}
			k.value = ev.value
			start := time.Now()
			if err := draw(k, out); err != nil {
				rep.Stopped = fmt.Sprintf("stopped: redrawing after %q moved to %d failed", k.Label, k.value)
				p.ui.setStatus(controls, "stopped: "+err.Error())
				return rep, fmt.Errorf("knobs: redrawing after %q moved to %d: %w", k.Label, k.value, err)
			}
			rep.Redraws++
			rep.Slowest = max(rep.Slowest, time.Since(start))
			timer.Reset(idle)
			moved[ev.knob] = true
			settle = time.After(Settle)
		case <-settle:
			settle = nil
			for i, l := range changes {
				if moved[i] && l.refresh != nil {
					go l.refresh() // the answer arrives as an event; no answer, nothing changes
				}
				moved[i] = false
			}
		case <-timer.C:
			rep.Stopped = fmt.Sprintf("stopped listening after %v without a change", idle)
			p.ui.setStatus(controls, rep.Stopped+": run the cell again to turn the knobs")
			return rep, nil
		}
	}
}
