package knobs

import (
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deepnb/deepnb/plotting"
)

// fakeFrontEnd stands in for GoNB: answer says whether a browser answers, after a delay of
// answerAfter (zero: at once); changes are the channels the test sends knob values on, and
// current, when set, is what the browser's controls show: a refresh sends it again.
type fakeFrontEnd struct {
	answer      bool
	answerAfter time.Duration
	changes     []chan int
	current     []int

	mu        sync.Mutex
	status    []string
	closed    int // listeners released
	refreshes int
	drained   int // times Run waited for the notebook to catch up
}

func (f *fakeFrontEnd) active() bool { return true }
func (f *fakeFrontEnd) showPanel(status string) string {
	f.setStatus("", status)
	return "panel"
}
func (f *fakeFrontEnd) build(_ string, knobs []*Knob) []listener {
	if !f.answer {
		select {} // GoNB's widgets block until a browser answers
	}
	time.Sleep(f.answerAfter)
	out := make([]listener, len(knobs))
	for i := range knobs {
		c := f.changes[i]
		out[i] = listener{C: c, close: func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.closed++
			close(c) // as GoNB's AddressChan.Close: a second close panics
		}}
		if f.current != nil {
			out[i].refresh = func() {
				defer func() { _ = recover() }() // the channel may be closed by then, as in GoNB
				f.mu.Lock()
				f.refreshes++
				v := f.current[i]
				f.mu.Unlock()
				c <- v
			}
		}
	}
	return out
}

func (f *fakeFrontEnd) state() (status []string, closed int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.status...), f.closed
}
func (f *fakeFrontEnd) drain(time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drained++
}

func (f *fakeFrontEnd) setStatus(_, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = append(f.status, text)
}

func TestRunWithoutFrontEndDrawsTheDefaultAndReturns(t *testing.T) {
	fe := &fakeFrontEnd{answer: false}
	p := &Panel{ui: fe, FirstContact: 50 * time.Millisecond}
	lr := p.Slider("α", 0, 40, 17)
	var drawn []int
	start := time.Now()
	rep, err := p.Run(func(changed *Knob, _ *plotting.Live) error {
		if changed != nil {
			t.Errorf("draw called for a change of %q without a front end", changed.Label)
		}
		drawn = append(drawn, lr.Value())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Run took %v without a front end, want about FirstContact = 50ms", elapsed)
	}
	if len(drawn) != 1 || drawn[0] != 17 {
		t.Errorf("draws %v, want one at the default 17", drawn)
	}
	if rep.FrontEnd || rep.Redraws != 0 || !strings.Contains(rep.Stopped, "no front end") {
		t.Errorf("report %+v, want no front end and no redraws", rep)
	}
	if fe.drained != 1 {
		t.Errorf("Run waited %d times for GoNB to catch up before returning headless, want once", fe.drained)
	}
}

func TestRunOutsideNotebookDoesNotWait(t *testing.T) {
	p := NewPanel() // the real GoNB front end: not active in go test
	p.FirstContact = time.Hour
	p.Select("activation", []string{"tanh", "relu"}, 1)
	rep, err := p.Run(func(*Knob, *plotting.Live) error { return nil })
	if err != nil || rep.FrontEnd {
		t.Fatalf("Run outside GoNB: %+v, %v", rep, err)
	}
}

func TestRunServesChangesUntilIdle(t *testing.T) {
	fe := &fakeFrontEnd{answer: true, changes: []chan int{make(chan int), make(chan int), make(chan int)}}
	p := &Panel{ui: fe, FirstContact: time.Second, Idle: 200 * time.Millisecond}
	scale := p.Slider("scale", 0, 10, 5)
	act := p.Select("activation", []string{"tanh", "relu", "sigmoid"}, 0)
	play := p.Button("play")
	type call struct {
		changed    string
		scale, act int
		option     string
		clicks     int
	}
	var calls []call
	// Each knob's changes arrive through a goroutine of its own, so the order between knobs is
	// the order the test waits for each redraw.
	drawn := make(chan struct{}, 8)
	done := make(chan struct{})
	var rep Report
	var err error
	go func() {
		defer close(done)
		rep, err = p.Run(func(changed *Knob, _ *plotting.Live) error {
			name := ""
			if changed != nil {
				name = changed.Label
			}
			calls = append(calls, call{name, scale.Value(), act.Value(), act.Option(), play.Value()})
			drawn <- struct{}{}
			return nil
		})
	}()
	<-drawn // the default
	fe.changes[0] <- 8
	<-drawn
	fe.changes[0] <- 8 // a repeated value is not redrawn
	fe.changes[1] <- 2
	<-drawn
	fe.changes[2] <- 1
	<-drawn
	fe.changes[2] <- 2 // every click redraws
	<-drawn
	<-done
	if err != nil {
		t.Fatal(err)
	}
	want := []call{
		{"", 5, 0, "tanh", 0},
		{"scale", 8, 0, "tanh", 0},
		{"activation", 8, 2, "sigmoid", 0},
		{"play", 8, 2, "sigmoid", 1},
		{"play", 8, 2, "sigmoid", 2},
	}
	if len(calls) != len(want) {
		t.Fatalf("draw calls %+v, want %+v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Errorf("draw call %d = %+v, want %+v", i, calls[i], want[i])
		}
	}
	if !rep.FrontEnd || rep.Redraws != 4 || !strings.Contains(rep.Stopped, "without a change") {
		t.Errorf("report %+v, want a front end, 4 redraws and an idle stop", rep)
	}
	if _, closed := fe.state(); closed != 3 {
		t.Errorf("%d of 3 listeners released when Run returned", closed)
	}
	if last := fe.status[len(fe.status)-1]; !strings.Contains(last, "run the cell again") {
		t.Errorf("last status %q does not tell the learner how to listen again", last)
	}
}

func TestRunReportsTheKnobWhoseRedrawFailed(t *testing.T) {
	fe := &fakeFrontEnd{answer: true, changes: []chan int{make(chan int, 1)}}
	p := &Panel{ui: fe, FirstContact: time.Second, Idle: time.Minute}
	p.Slider("weight scale", 0, 20, 10)
	fe.changes[0] <- 20
	_, err := p.Run(func(changed *Knob, _ *plotting.Live) error {
		if changed != nil && changed.Value() == 20 {
			return errors.New("activations overflow")
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), `"weight scale" moved to 20`) || !strings.Contains(err.Error(), "overflow") {
		t.Errorf("error %v, want one naming the knob, its value and the cause", err)
	}
}

func TestPanelRejectsBadKnobs(t *testing.T) {
	for name, build := range map[string]func(p *Panel){
		`slider "α"`:      func(p *Panel) { p.Slider("α", 0, 10, 11) },
		`slider "empty"`:  func(p *Panel) { p.Slider("empty", 3, 3, 3) },
		`select "act"`:    func(p *Panel) { p.Select("act", nil, 0) },
		`select "act2"`:   func(p *Panel) { p.Select("act2", []string{"a"}, 1) },
		`labelled "same"`: func(p *Panel) { p.Button("same"); p.Button("same") },
	} {
		p := &Panel{ui: &fakeFrontEnd{}}
		build(p)
		_, err := p.Run(func(*Knob, *plotting.Live) error { return nil })
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v, want one naming %s", err, name)
		}
	}
	if _, err := (&Panel{ui: &fakeFrontEnd{}}).Run(func(*Knob, *plotting.Live) error { return nil }); err == nil {
		t.Error("a panel without knobs ran")
	}
}

func TestWaitsComeFromTheEnvironment(t *testing.T) {
	t.Setenv(EnvIdle, "150ms")
	fe := &fakeFrontEnd{answer: true, changes: []chan int{make(chan int)}}
	p := &Panel{ui: fe, FirstContact: time.Second}
	p.Slider("s", 0, 2, 1)
	start := time.Now()
	rep, err := p.Run(func(*Knob, *plotting.Live) error { return nil })
	if err != nil || !strings.Contains(rep.Stopped, "150ms") {
		t.Fatalf("Run with %s=150ms: %+v, %v", EnvIdle, rep, err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("Run took %v with a 150ms idle", time.Since(start))
	}
	t.Setenv(EnvFirstContact, "soon")
	_, err = (&Panel{ui: fe, knobs: p.knobs}).Run(func(*Knob, *plotting.Live) error { return nil })
	if err == nil || !strings.Contains(err.Error(), EnvFirstContact) {
		t.Errorf("error %v, want one naming %s", err, EnvFirstContact)
	}
}

// runRecording starts p.Run in the background with a draw that signals on drawn at every draw,
// the default included, and records knob's value at every redraw after it, then sleeps for
// slow. done is closed when Run has returned; only then may the test read values.
func runRecording(t *testing.T, p *Panel, knob *Knob, slow time.Duration) (values *[]int, drawn <-chan struct{}, done <-chan struct{}) {
	t.Helper()
	values = new([]int)
	drawnCh, doneCh := make(chan struct{}, 8), make(chan struct{})
	go func() {
		defer close(doneCh)
		if _, err := p.Run(func(changed *Knob, _ *plotting.Live) error {
			if changed != nil {
				*values = append(*values, knob.Value())
			}
			drawnCh <- struct{}{}
			if changed != nil {
				time.Sleep(slow)
			}
			return nil
		}); err != nil {
			t.Error(err)
		}
	}()
	return values, drawnCh, doneCh
}

func TestRunIgnoresAStaleClickCount(t *testing.T) {
	fe := &fakeFrontEnd{answer: true, changes: []chan int{make(chan int)}}
	p := &Panel{ui: fe, FirstContact: time.Second, Idle: 200 * time.Millisecond}
	clicks, drawn, done := runRecording(t, p, p.Button("play"), 0)
	<-drawn
	fe.changes[0] <- 2 // clicks 1 and 2 arrived out of order: the newer first
	<-drawn
	fe.changes[0] <- 1
	fe.changes[0] <- 3
	<-drawn
	<-done
	if len(*clicks) != 2 || (*clicks)[0] != 2 || (*clicks)[1] != 3 {
		t.Errorf("redraws at click counts %v, want [2 3]: the late count 1 is not a new click", *clicks)
	}
}

func TestALateBrowserGetsItsListenersReleased(t *testing.T) {
	fe := &fakeFrontEnd{answer: true, answerAfter: 150 * time.Millisecond, changes: []chan int{make(chan int)}}
	p := &Panel{ui: fe, FirstContact: 30 * time.Millisecond, Idle: time.Minute}
	p.Slider("α", 0, 4, 2)
	rep, err := p.Run(func(*Knob, *plotting.Live) error { return nil })
	if err != nil || rep.FrontEnd {
		t.Fatalf("Run: %+v, %v; want it to give up on the browser", rep, err)
	}
	// The cell's program ends after Run, so the only message a late browser can show is the
	// one written with the panel.
	if status, _ := fe.state(); len(status) != 1 || !strings.Contains(status[0], "run the cell again") || !strings.Contains(status[0], "30ms") {
		t.Errorf("status lines %q: want one, written with the panel, naming the wait and what to do", status)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, closed := fe.state(); closed == 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Error("the late browser's listener was never released")
}

func TestValuesDuringASlowRedrawCollapseIntoOne(t *testing.T) {
	fe := &fakeFrontEnd{answer: true, changes: []chan int{make(chan int)}, current: []int{4}}
	p := &Panel{ui: fe, FirstContact: time.Second, Idle: 400 * time.Millisecond}
	values, drawn, done := runRecording(t, p, p.Slider("s", 0, 9, 0), 150*time.Millisecond)
	<-drawn // the default
	fe.changes[0] <- 1
	<-drawn
	for _, v := range []int{2, 3, 4} { // all while 1 is being drawn
		fe.changes[0] <- v
	}
	<-done
	if len(*values) != 2 || (*values)[0] != 1 || (*values)[1] != 4 {
		t.Errorf("redraws at %v, want [1 4]: the values sent during a redraw collapse into the newest", *values)
	}
}

func TestAValueThatArrivedOutOfOrderIsCorrectedOnceTheKnobsRest(t *testing.T) {
	fe := &fakeFrontEnd{answer: true, changes: []chan int{make(chan int)}, current: []int{6}}
	p := &Panel{ui: fe, FirstContact: time.Second, Idle: time.Second}
	s := p.Slider("s", 0, 9, 0)
	values, drawn, done := runRecording(t, p, s, 0)
	<-drawn
	fe.changes[0] <- 6 // the browser sent 5, then 6; GoNB delivered 6 first
	<-drawn
	fe.changes[0] <- 5
	<-drawn
	<-done
	if len(*values) != 3 || (*values)[2] != 6 || s.Value() != 6 {
		t.Errorf("redraws at %v, final value %d; want [6 5 6]: once the knobs rest the browser's 6 is drawn again", *values, s.Value())
	}
}

func TestRunLeavesNoGoroutineBehind(t *testing.T) {
	before := runtime.NumGoroutine()
	fe := &fakeFrontEnd{answer: true, changes: []chan int{make(chan int), make(chan int)}}
	p := &Panel{ui: fe, FirstContact: time.Second, Idle: 50 * time.Millisecond}
	p.Slider("s", 0, 9, 0)
	p.Button("b")
	if _, err := p.Run(func(*Knob, *plotting.Live) error { return nil }); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Run, %d before", n, before)
	}
}

func TestNegativeWaitsAreRejected(t *testing.T) {
	for _, p := range []*Panel{{FirstContact: -time.Second}, {Idle: -time.Second}} {
		p.ui = &fakeFrontEnd{}
		p.Slider("s", 0, 1, 0)
		field := "FirstContact"
		if p.Idle < 0 {
			field = "Idle"
		}
		if _, err := p.Run(func(*Knob, *plotting.Live) error { return nil }); err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("error %v, want one naming Panel.%s", err, field)
		}
	}
}

func TestReportSaysHowLongTheBrowserTookToAnswer(t *testing.T) {
	fe := &fakeFrontEnd{answer: true, answerAfter: 40 * time.Millisecond, changes: []chan int{make(chan int)}}
	p := &Panel{ui: fe, FirstContact: 5 * time.Second, Idle: 50 * time.Millisecond}
	p.Slider("α", 0, 4, 2)
	rep, err := p.Run(func(*Knob, *plotting.Live) error { return nil })
	if err != nil || !rep.FrontEnd {
		t.Fatalf("Run: %+v, %v", rep, err)
	}
	if rep.Contact < 40*time.Millisecond || rep.Contact > 4*time.Second {
		t.Errorf("Contact = %v, want at least the fake's 40ms answer delay", rep.Contact)
	}
	if !strings.Contains(rep.String(), "answered in") {
		t.Errorf("report %q does not say when the browser answered", rep)
	}
}
