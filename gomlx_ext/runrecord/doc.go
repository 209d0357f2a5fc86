// Package runrecord keeps a record of each training or notebook run in a directory of its own
// and compares runs side by side.
//
// A run directory holds record.json — plain JSON with the run's settings, seed, backend,
// commit, history, final metrics, wall time and peak memory — and, when the run has a
// history, training_plot_points.json in GoMLX's own training-points format (one JSON
// github.com/gomlx/gomlx/ui/plots.Point per line), which GoMLX's plots.LoadPoints reads.
//
// cmd/train writes a record with every run; cmd/nbrun (make run) writes one per notebook run;
// cmd/compare (make compare) and [Show] put several side by side.
package runrecord
