// Package losses writes the standard training losses straight from their
// formulas, twice: once as GoMLX graph functions (for training) and once as
// plain-Go functions on float64 slices (for reading, printing and testing).
//
// Introduced in notebooks/03_losses.ipynb.
//
// Notation (the same in every notebook): yHat is the model output ŷ, y the
// target, logits the un-normalised scores before softmax, n the number of
// examples in the batch. Arguments come in d2l order, loss(yHat, y); note
// that GoMLX's own losses take (labels, predictions), the reverse — AsLossFn
// adapts ours to GoMLX's train.Trainer.
//
//   - MSE              = 1/n Σ (ŷ − y)²            (n = number of elements)
//   - CrossEntropy     = −1/n Σ y · log ŷ          (ŷ are probabilities)
//   - CrossEntropyLogits: the same, but log ŷ computed from logits with a
//     numerically stable log-softmax: log softmax(x) = x − max(x) − log Σ exp(x − max(x)).
//   - NaiveCrossEntropyLogits: softmax first, then log. It is the "bad
//     example": exp(1000) overflows to +Inf, and Inf/Inf = NaN.
//
// Graph functions follow GoMLX's graph-building convention: invalid shapes
// panic with an error while the graph is built, and graph.Exec,
// context.Exec and train.Trainer return that panic as an error. The plain-Go
// functions return errors and never panic.
package losses
