package plotting

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// fakeGoNB records what would be sent to the notebook.
type fakeGoNB struct {
	active  bool
	pngs    [][]byte
	data    []*protocol.DisplayData
	updates [][2]string // id, html
	nextID  int
	pipeErr error
	syncs   int
}

// install replaces the package's GoNB sink for the duration of the test.
func (f *fakeGoNB) install(t *testing.T) {
	t.Helper()
	saved := gonb
	t.Cleanup(func() { gonb = saved })
	gonb = gonbSink{
		active:     func() bool { return f.active },
		displayPNG: func(b []byte) { f.pngs = append(f.pngs, b) },
		sendData:   func(d *protocol.DisplayData) { f.data = append(f.data, d) },
		updateHTML: func(id, html string) { f.updates = append(f.updates, [2]string{id, html}) },
		uniqueID:   func() string { f.nextID++; return strings.Repeat("x", f.nextID) },
		err:        func() error { return f.pipeErr },
		sync:       func() { f.syncs++ },
	}
}

func (f *fakeGoNB) sent() int { return len(f.pngs) + len(f.data) + len(f.updates) }

func testFigure(t *testing.T) *Figure {
	t.Helper()
	p, err := LineChart("t", "x", "y", Series{Name: "s", X: []float64{0, 1}, Y: []float64{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	fig := FigureOf(p)
	fig.WidthPx, fig.HeightPx = 160, 120
	return fig
}

func decodeSize(t *testing.T, data []byte) (int, int) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return cfg.Width, cfg.Height
}

func TestDisplayOutsideNotebookIsNoOp(t *testing.T) {
	fake := &fakeGoNB{active: false}
	fake.install(t)
	if InNotebook() {
		t.Fatal("InNotebook() = true with the fake inactive")
	}
	// Even a broken figure is not rendered: outside GoNB nothing happens.
	broken := &Figure{}
	if err := Show(broken); err != nil {
		t.Errorf("Show: %v", err)
	}
	if err := ShowSVG(broken); err != nil {
		t.Errorf("ShowSVG: %v", err)
	}
	if err := ShowImage(nil); err != nil {
		t.Errorf("ShowImage: %v", err)
	}
	live := NewLive()
	if err := live.Update(broken); err != nil {
		t.Errorf("Live.Update: %v", err)
	}
	if err := live.UpdateImage(nil); err != nil {
		t.Errorf("Live.UpdateImage: %v", err)
	}
	if n := fake.sent(); n != 0 {
		t.Errorf("%d messages sent outside a notebook", n)
	}
}

func TestShowSendsPNG(t *testing.T) {
	fake := &fakeGoNB{active: true}
	fake.install(t)
	if err := Show(testFigure(t)); err != nil {
		t.Fatalf("Show: %v", err)
	}
	if len(fake.pngs) != 1 {
		t.Fatalf("%d PNGs sent, want 1", len(fake.pngs))
	}
	if w, h := decodeSize(t, fake.pngs[0]); w != 160 || h != 120 {
		t.Errorf("PNG %d×%d, want the preferred size 160×120", w, h)
	}
	wantErrContains(t, Show(nil), "nil")
	wantErrContains(t, Show(&Figure{}), "not initialised")
}

func TestShowSVGSendsRealSVG(t *testing.T) {
	fake := &fakeGoNB{active: true}
	fake.install(t)
	if err := ShowSVG(testFigure(t)); err != nil {
		t.Fatalf("ShowSVG: %v", err)
	}
	if len(fake.data) != 1 || len(fake.pngs) != 0 {
		t.Fatalf("sent %d data messages and %d PNGs, want 1 and 0", len(fake.data), len(fake.pngs))
	}
	d := fake.data[0]
	if len(d.Data) != 1 {
		t.Errorf("MIME types %v, want only %s", d.Data, protocol.MIMEImageSVG)
	}
	svg, ok := d.Data[protocol.MIMEImageSVG].(string)
	if !ok {
		t.Fatalf("Data[%s] is %T, want string", protocol.MIMEImageSVG, d.Data[protocol.MIMEImageSVG])
	}
	if !strings.HasPrefix(svg, "<?xml") || !strings.Contains(svg, "<svg") {
		t.Errorf("payload is not an SVG document: %.80q", svg)
	}
	if d.DisplayID != "" {
		t.Errorf("DisplayID %q, want none (a new output)", d.DisplayID)
	}
	wantErrContains(t, ShowSVG(nil), "nil")
}

func TestShowImage(t *testing.T) {
	fake := &fakeGoNB{active: true}
	fake.install(t)
	img := image.NewGray(image.Rect(0, 0, 7, 5))
	if err := ShowImage(img); err != nil {
		t.Fatalf("ShowImage: %v", err)
	}
	if len(fake.pngs) != 1 {
		t.Fatalf("%d PNGs sent, want 1", len(fake.pngs))
	}
	if w, h := decodeSize(t, fake.pngs[0]); w != 7 || h != 5 {
		t.Errorf("PNG %d×%d, want 7×5", w, h)
	}
	wantErrContains(t, ShowImage(nil), "nil")
}

var imgTagRE = regexp.MustCompile(`^<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)"`)

func TestLiveUpdatesInPlace(t *testing.T) {
	fake := &fakeGoNB{active: true}
	fake.install(t)
	a, b := NewLive(), NewLive()
	fig := testFigure(t)
	for range 3 {
		if err := a.Update(fig); err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	if err := b.UpdateImage(image.NewGray(image.Rect(0, 0, 9, 4))); err != nil {
		t.Fatalf("UpdateImage: %v", err)
	}
	if len(fake.updates) != 4 || len(fake.pngs)+len(fake.data) != 0 {
		t.Fatalf("sent %d updates and %d other messages, want 4 updates only", len(fake.updates), len(fake.pngs)+len(fake.data))
	}
	idA := fake.updates[0][0]
	if idA == "" || fake.updates[1][0] != idA || fake.updates[2][0] != idA {
		t.Errorf("updates of one Live used ids %q, %q, %q; want one non-empty id", idA, fake.updates[1][0], fake.updates[2][0])
	}
	if fake.updates[3][0] == idA {
		t.Errorf("two Live areas share the id %q", idA)
	}
	for i, want := range [][2]int{{160, 120}, {160, 120}, {160, 120}, {9, 4}} {
		m := imgTagRE.FindStringSubmatch(fake.updates[i][1])
		if m == nil {
			t.Fatalf("update %d is not an <img> with a PNG data URL: %.80q", i, fake.updates[i][1])
		}
		data, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatalf("update %d: bad base64: %v", i, err)
		}
		if w, h := decodeSize(t, data); w != want[0] || h != want[1] {
			t.Errorf("update %d: PNG %d×%d, want %d×%d", i, w, h, want[0], want[1])
		}
		if m[2] != strconv.Itoa(want[0]) || m[3] != strconv.Itoa(want[1]) {
			t.Errorf("update %d: tag size %s×%s, want %d×%d", i, m[2], m[3], want[0], want[1])
		}
	}
	var nilLive *Live
	if err := nilLive.Update(fig); err != nil {
		t.Errorf("nil Live: %v", err)
	}
}

func TestPipeErrorIsReported(t *testing.T) {
	fake := &fakeGoNB{active: true, pipeErr: errors.New("pipe closed")}
	fake.install(t)
	wantErrContains(t, Show(testFigure(t)), "pipe closed")
	wantErrContains(t, NewLive().Update(testFigure(t)), "pipe closed")
}

func wantErrContains(t *testing.T, err error, fragment string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), fragment) {
		t.Errorf("error %v, want one mentioning %q", err, fragment)
	}
}

// TestDisplayWaitsForGoNB: every display call syncs with the kernel before returning, so a cell
// that ends right after showing a chart still shows it.
func TestDisplayWaitsForGoNB(t *testing.T) {
	f := &fakeGoNB{active: true}
	f.install(t)
	fig := testFigure(t)
	live := NewLive()
	calls := []func() error{
		func() error { return Show(fig) },
		func() error { return ShowSVG(fig) },
		func() error { return live.Update(fig) },
	}
	for i, call := range calls {
		if err := call(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if f.syncs != i+1 || f.sent() != i+1 {
			t.Fatalf("after call %d: %d syncs, %d messages sent; want one sync per message", i, f.syncs, f.sent())
		}
	}
}

func TestShowSVGText(t *testing.T) {
	f := &fakeGoNB{active: true}
	f.install(t)
	if err := ShowSVGText([]byte("not a picture")); err == nil || !strings.Contains(err.Error(), "no <svg> element") {
		t.Errorf("error %v, want one saying there is no <svg>", err)
	}
	svg := `<?xml version="1.0"?>` + "\n" + `<svg width="900pt" height="90pt" xmlns="http://www.w3.org/2000/svg"></svg>`
	if err := ShowSVGText([]byte(svg)); err != nil {
		t.Fatal(err)
	}
	fitted := `<svg style="max-width:100%;height:auto" viewBox="0 0 900 90" width="900pt" height="90pt" xmlns="http://www.w3.org/2000/svg"></svg>`
	if len(f.data) != 1 {
		t.Fatalf("sent %d outputs, want 1", len(f.data))
	}
	if got := f.data[0].Data[protocol.MIMETextHTML]; got != fitted {
		t.Errorf("text/html %q, want the fitted <svg> element inline, without the XML prolog:\n%q", got, fitted)
	}
	if got := f.data[0].Data[protocol.MIMEImageSVG]; got != `<?xml version="1.0"?>`+"\n"+fitted {
		t.Errorf("image/svg+xml %q, want the fitted document", got)
	}
	f.active = false
	if err := ShowSVGText([]byte(svg)); err != nil || f.sent() != 1 {
		t.Errorf("outside GoNB: error %v, %d outputs sent, want nil and still 1", err, f.sent())
	}
}
