package main

// Row is one model's measurements; the peer script writes the same JSON fields.
type Row struct {
	Framework string `json:"framework"`
	Backend   string `json:"backend"`
	Model     string `json:"model"`
	BatchSize int    `json:"batch_size"`
	// TrainExamplesPerSec is measured over the timed steps after warm-up.
	TrainExamplesPerSec float64 `json:"train_examples_per_sec"`
	// InferExamplesPerSec is the forward pass over the 10,000 test images, after one warm-up pass.
	InferExamplesPerSec float64 `json:"infer_examples_per_sec"`
	// PeakRSSBytes is the process's peak resident memory when the row was finished.
	PeakRSSBytes uint64 `json:"peak_rss_bytes"`
	// TargetAccuracy and SecondsToTarget: wall time from the start of training until an evaluation
	// (every half epoch, on the 10,000 test images, included in the time) first reached the target;
	// 0 when it was not reached within MaxEpochs or not measured.
	TargetAccuracy  float64 `json:"target_accuracy"`
	SecondsToTarget float64 `json:"seconds_to_target"`
	EpochsToTarget  float64 `json:"epochs_to_target"`
	FinalAccuracy   float64 `json:"final_accuracy"`
	MaxEpochs       int     `json:"max_epochs"`
}

// Report is what one benchmark process writes.
type Report struct {
	Rows []Row `json:"rows"`
}
