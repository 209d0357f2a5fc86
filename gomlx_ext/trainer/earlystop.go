package trainer

import (
	"fmt"
	"math"
)

// Monitor names the held-out measurement early stopping watches.
type Monitor string

const (
	// MonitorLoss watches the held-out loss; lower is better.
	MonitorLoss Monitor = "loss"
	// MonitorAccuracy watches the held-out accuracy; higher is better.
	MonitorAccuracy Monitor = "accuracy"
)

// EarlyStopping stops training once the held-out set has not improved for Patience evaluations
// in a row, the usual guard against overfitting (the training loss keeps falling while the
// held-out loss turns back up).
type EarlyStopping struct {
	// Monitor is MonitorLoss (the default when empty) or MonitorAccuracy.
	Monitor Monitor
	// Patience is the number of evaluations without improvement tolerated (≥ 1).
	Patience int
	// MinDelta is the smallest change that counts as an improvement (≥ 0).
	MinDelta float64
	// RestoreBest puts the weights of the best evaluation back into the context when training
	// stops, early or not. With a CheckpointDir they are also kept in BestCheckpointName, so a
	// resumed run still knows them.
	RestoreBest bool
}

func (e *EarlyStopping) validate() error {
	switch {
	case e.Monitor != "" && e.Monitor != MonitorLoss && e.Monitor != MonitorAccuracy:
		return fmt.Errorf("trainer: early stopping monitor %q: want %q or %q", e.Monitor, MonitorLoss, MonitorAccuracy)
	case e.Patience < 1:
		return fmt.Errorf("trainer: early stopping patience %d must be at least 1", e.Patience)
	case !(e.MinDelta >= 0) || math.IsInf(e.MinDelta, 0):
		return fmt.Errorf("trainer: early stopping MinDelta %g must be finite and not negative", e.MinDelta)
	}
	return nil
}

// EarlyStopState is early stopping's memory, saved in checkpoints.
type EarlyStopState struct {
	// Step of the best evaluation so far (0: none yet).
	Step int `json:"step"`
	// Value of the monitored measurement at Step.
	Value float64 `json:"value"`
	// Bad is the number of evaluations since the best one.
	Bad int `json:"bad"`
}

// observe records an evaluation and reports whether it is a new best and whether to stop.
func (e *EarlyStopping) observe(s *EarlyStopState, p Point) (improved, stop bool) {
	value, better := p.Loss, func(v, best float64) bool { return v < best-e.MinDelta }
	if e.Monitor == MonitorAccuracy {
		value, better = p.Accuracy, func(v, best float64) bool { return v > best+e.MinDelta }
	}
	if s.Step == 0 || better(value, s.Value) {
		*s = EarlyStopState{Step: p.Step, Value: value}
		return true, false
	}
	s.Bad++
	return false, s.Bad >= e.Patience
}
