package trainplot

import (
	"testing"
	"time"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/plotting"
)

// fakeWatch returns a Watch on a clock the test moves, and the titles of the figures it drew.
func fakeWatch() (w *Watch, clock *time.Time, titles *[]string) {
	clock = new(time.Time)
	*clock = time.Unix(1000, 0)
	titles = new([]string)
	w = &Watch{
		draw: func(fig *plotting.Figure) error {
			*titles = append(*titles, fig.Plot(0, 0).Title.Text)
			return nil
		},
		now: func() time.Time { return *clock },
	}
	return w, clock, titles
}

func historyOf(points int) *trainer.History {
	h := &trainer.History{}
	for i := range points {
		h.Train = append(h.Train, trainer.Point{Step: 20 * i, Loss: 2 / float64(i+1), Accuracy: 0.5})
	}
	return h
}

func TestWatchRedrawsAtMostOncePerEvery(t *testing.T) {
	w, clock, titles := fakeWatch()
	onRecord := w.Run("none, seed 1")
	for i, at := range []time.Duration{0, 300, 600, 1000, 1200, 2100, 2500} { // milliseconds since start
		*clock = time.Unix(1000, 0).Add(at * time.Millisecond)
		if err := onRecord(historyOf(i + 1)); err != nil {
			t.Fatal(err)
		}
	}
	// At 0 ms the history has one point (no line yet); 300 ms draws; 600, 1000 and 1200 are
	// under a second after it; 2100 draws; 2500 is 400 ms after that.
	if got, want := w.Redraws(), 2; got != want {
		t.Errorf("%d redraws of 7 records over 2.5 s, want %d (at 300 ms and 2100 ms)", got, want)
	}
	if err := w.Done("none, seed 1", historyOf(7)); err != nil {
		t.Fatal(err)
	}
	if w.Redraws() != 3 || (*titles)[2] != "none, seed 1: loss" {
		t.Errorf("after Done: %d redraws, titles %q; want a third, titled by the run", w.Redraws(), *titles)
	}
}

func TestWatchDrawsANewRunAtOnce(t *testing.T) {
	w, _, titles := fakeWatch() // the clock stands still: only a new run's first line may be drawn
	for _, name := range []string{"L2, seed 1", "L2, seed 2"} {
		onRecord := w.Run(name)
		for i := 1; i <= 5; i++ {
			if err := onRecord(historyOf(i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(*titles) != 2 || (*titles)[0] != "L2, seed 1: loss" || (*titles)[1] != "L2, seed 2: loss" {
		t.Errorf("drew %q, want each run's first line once", *titles)
	}
}

func TestWatchOutsideANotebookDrawsNothingAndFailsNothing(t *testing.T) {
	w := NewWatch(plotting.NewLive())
	if err := w.Run("r")(historyOf(3)); err != nil {
		t.Fatal(err)
	}
	if err := w.Done("r", nil); err != nil {
		t.Fatal(err)
	}
}

func TestWatchHonoursEveryToTheMillisecond(t *testing.T) {
	w, clock, _ := fakeWatch()
	w.Every = 500 * time.Millisecond
	onRecord := w.Run("r")
	start := *clock
	for i, at := range []time.Duration{0, 499, 500, 999, 1001} {
		*clock = start.Add(at * time.Millisecond)
		if err := onRecord(historyOf(i + 2)); err != nil {
			t.Fatal(err)
		}
	}
	// Drawn at 0, 500 (exactly Every after) and 1001 (501 after); not at 499 or 999.
	if w.Redraws() != 3 {
		t.Errorf("%d redraws, want 3 (at 0, 500 and 1001 ms with Every = 500 ms)", w.Redraws())
	}
}
