package trainer

import (
	"fmt"
	"math"
	"strings"
)

// DefaultDivergenceFactor is the default of Config.DivergenceFactor: training stops when the
// smoothed training loss exceeds 10 times its early value, the loss of the first batch (the
// untrained model's). For softmax cross-entropy that is about ln K (2.3 for 10 classes: a model
// that guesses uniformly), so 10× that (23 nats) means the model gives the correct class a
// probability near e⁻²³ on average — confidently wrong everywhere, far past any swing of a run
// that still learns, whose smoothed loss falls below its start within the first hundred steps. A
// too-high learning rate crosses it within tens of steps (cmd/train -lr 10 took the MLP from 2.37
// to 37,651 in one epoch). The early value is one batch, not a mean of the first few, because a
// rate that high has already blown the loss up by step 10.
const DefaultDivergenceFactor = 10

// divergenceRecentLosses is how many of the last batch losses a divergence error shows.
const divergenceRecentLosses = 6

// divergenceWatch keeps the last batch losses for the error message.
type divergenceWatch struct {
	recent []float64
}

func (w *divergenceWatch) add(loss float64) {
	if len(w.recent) == divergenceRecentLosses {
		w.recent = append(w.recent[:0], w.recent[1:]...)
	}
	w.recent = append(w.recent, loss)
}

func (w *divergenceWatch) String() string {
	parts := make([]string, len(w.recent))
	for i, l := range w.recent {
		parts[i] = fmt.Sprintf("%.4g", l)
	}
	return strings.Join(parts, ", ")
}

// checkDivergence ends the run on a non-finite loss, or when the smoothed training loss exceeds
// DivergenceFactor times its early value. It runs before the step's checkpoint, so the newest
// checkpoint always predates the divergence.
func (r *runState) checkDivergence(total float64) error {
	s := &r.state
	r.divergence.add(total)
	finite := !math.IsNaN(total) && !math.IsInf(total, 0)
	if finite {
		if s.EarlyLoss == 0 {
			s.EarlyLoss = total
		}
		if f := r.cfg.DivergenceFactor; f < 0 || s.EarlyLoss == 0 || s.TrainLossEMA <= f*s.EarlyLoss {
			return nil
		}
	}
	what := fmt.Sprintf("the loss is %v", total)
	if finite {
		what = fmt.Sprintf("the training loss (moving average) is %.4g, more than %g× its early value %.4g (the first batch's)",
			s.TrainLossEMA, r.cfg.DivergenceFactor, s.EarlyLoss)
	}
	saved := "no checkpoint was written"
	if r.lastCheckpoint != "" {
		saved = "the newest checkpoint " + r.lastCheckpoint + " predates it"
	}
	hint := "lower the learning rate"
	if lr := r.lr.known(s.Step); lr > 0 {
		hint += fmt.Sprintf(" (%.4g now)", lr)
	}
	if !finite && s.Step == 1 {
		// The first batch's loss is computed before any update, from the inputs and the initial
		// weights: the learning rate has not acted yet.
		hint = "the loss of step 1 comes before any update, so check the inputs for NaN or infinite values (datasets.Images.Validate) and the model for a log or division of zero before you " + hint
	}
	if finite {
		hint += ", or raise Config.DivergenceFactor (cmd/train -divergence-factor; a negative value turns this check off)"
	}
	return fmt.Errorf("step %d (epoch %d): training diverged: %s; last batch losses %s; %s; %s",
		s.Step, s.Epoch+1, what, r.divergence.String(), saved, hint)
}
