package trainplot

import (
	"fmt"
	"time"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/plotting"
)

// DefaultWatchEvery is a Watch's shortest time between two redraws of one run: often enough to
// follow a run that takes seconds, and rare enough that rendering (tens of milliseconds a figure)
// stays a small share of training a small model.
const DefaultWatchEvery = time.Second

// Watch shows the loss and accuracy curves of one run after another in a single output area,
// redrawn in place while each run trains. A cell that trains several settings from several seeds
// then shows one picture that follows the run in progress, not one image per run or per epoch.
// Redraws are throttled to one per Every; Done draws the finished run once more, so the output
// ends on the run's whole history rather than on its last throttled frame. A run that recorded
// fewer than two training points draws nothing (a line needs two), so the previous run's figure
// stays.
//
// Introduced in notebooks/11_fashion_regularization.ipynb; also used by
// notebooks/15_residual_networks.ipynb.
type Watch struct {
	// Every is the shortest time between two redraws of one run; 0 means DefaultWatchEvery.
	Every time.Duration

	draw    func(*plotting.Figure) error // live.Update; tests count the figures instead
	now     func() time.Time
	redraws int
}

// NewWatch returns a Watch that draws into live (outside a notebook, a no-op).
func NewWatch(live *plotting.Live) *Watch {
	return &Watch{draw: live.Update, now: time.Now}
}

// Run returns the trainer.Config.OnRecord callback of the run called name (e.g. "dropout, seed
// 2"), which titles the curves. Each callback has a throttle of its own, so a run is drawn as soon
// as it has two training points.
func (w *Watch) Run(name string) func(h *trainer.History) error {
	var last time.Time // of this run's last redraw; zero before its first
	return func(h *trainer.History) error {
		if len(h.Train) < 2 {
			return nil // a line needs two points
		}
		every := w.Every
		if every <= 0 {
			every = DefaultWatchEvery
		}
		now := w.now()
		if !last.IsZero() && now.Sub(last) < every {
			return nil
		}
		last = now
		return w.redraw(name, h)
	}
}

// Done draws run name's whole history: call it after trainer.Fit returns.
func (w *Watch) Done(name string, h *trainer.History) error {
	if h == nil || len(h.Train) < 2 {
		return nil
	}
	return w.redraw(name, h)
}

// Redraws counts the figures handed to the output so far, by Run's callbacks and by Done
// (outside a notebook the output shows nothing, but the count is the same).
func (w *Watch) Redraws() int { return w.redraws }

func (w *Watch) redraw(name string, h *trainer.History) error {
	fig, err := Curves(h)
	if err != nil {
		return fmt.Errorf("trainplot: watching run %q: %w", name, err)
	}
	fig.Plot(0, 0).Title.Text = name + ": loss"
	fig.Plot(0, 1).Title.Text = name + ": accuracy"
	if err := w.draw(fig); err != nil {
		return fmt.Errorf("trainplot: watching run %q: %w", name, err)
	}
	w.redraws++
	return nil
}
