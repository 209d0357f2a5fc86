// Package trainer is DeepNB's training loop: one loop for every notebook and for cmd/train.
//
// Fit drives GoMLX's train.Trainer step by step so that it can keep a history (training loss and
// accuracy every few steps, held-out loss and accuracy at every evaluation, a summary per epoch),
// print progress, call back on every record (Config.OnRecord: live charts come from
// gomlx_ext/trainplot.LiveCurves), stop with an error naming the step when the
// loss stops being finite, and report what a reproducible run must report: backend, seed, wall
// time, throughput and peak memory.
//
// Before the first step runs, Fit checks the model against the data as GoMLX builds its graph
// (gomlx_ext/modelcheck): logits [batch, classes] with the data's number of classes (a dataset
// with a NumClasses method, such as datasets.Batches, tells it) and every label below that width.
// A mistake there, or a panic of the model's graph-building code, ends Fit with one line naming
// the numbers and the layer scope.
//
// Config adds what long runs need: learning-rate schedules (optim.StepDecay, optim.Cosine) for any
// optimizer that reads GoMLX's learning-rate variable, Adam included; L1 and L2 penalties and
// decoupled (AdamW) weight decay; early stopping on the held-out set; and checkpoints every N
// steps. A checkpoint (Checkpoint) is one
// file holding every variable — weights, optimizer moments, global step, random generator,
// batch-norm averages — plus the run's position and history, written atomically (temporary file,
// fsync, rename) and verified by a SHA-256 checksum when read. Resume continues from the newest
// one exactly where the interrupted run was: a resumed run ends bit-for-bit where an
// uninterrupted one ends.
//
// LRRangeTest and FindLR run a learning-rate range test (fast.ai's lr_find), introduced in
// notebooks/08_initialisation.ipynb; trainplot.LRRange draws it.
//
// The trainer trains and draws nothing: evaluating a trained model is package
// gomlx_ext/evaluate, pictures of training are gomlx_ext/trainplot, and process statistics
// (peak memory) are gomlx_ext/procstat. It imports neither plotting nor datasets.
//
// Introduced in notebooks/01_mnist_cnn.ipynb; schedules (Config.Schedule) in
// notebooks/08_initialisation.ipynb, also used by notebooks/12_fashion_deeper_cnn.ipynb;
// checkpoints and evaluation on a validation set in notebooks/10_evaluate_mnist_cnn.ipynb;
// regularisation and early stopping in notebooks/11_fashion_regularization.ipynb.
package trainer
