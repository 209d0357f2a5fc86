// Package trainer is DeepNB's training loop: one loop for every notebook and for cmd/train.
//
// It drives GoMLX's train.Trainer step by step so that it can keep a history (per-step training
// loss and accuracy, per-evaluation held-out loss and accuracy), print progress, stop with an error
// naming the step when the loss stops being finite, call back for live plots, and report what a
// reproducible run must report: backend, seed, wall time, throughput and peak memory.
//
// Introduced in notebooks/01_mnist_cnn.ipynb.
package trainer
