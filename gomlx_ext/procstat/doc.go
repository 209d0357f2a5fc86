// Package procstat measures the running process: its peak resident memory (PeakRSS) and a
// human-readable size (FormatBytes). Every training run reports them (gomlx_ext/trainer,
// cmd/train, cmd/bench, the notebooks). It imports nothing of DeepNB or GoMLX.
package procstat
