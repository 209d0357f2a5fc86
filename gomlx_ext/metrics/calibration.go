package metrics

import (
	"fmt"
	"math"
)

// MaxCalibrationBins bounds Calibration's number of bins.
const MaxCalibrationBins = 1000

// CalibrationBin is one confidence bin of a reliability diagram.
type CalibrationBin struct {
	// Low and High are the bin's edges: it holds the confidences c with Low < c ≤ High (the
	// first bin also holds c = 0).
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Count is the number of predictions in the bin, Correct how many of them were right.
	Count   int `json:"count"`
	Correct int `json:"correct"`
	// Confidence is the mean confidence of the bin's predictions and Accuracy the fraction of
	// them that were right; both are 0 in an empty bin.
	Confidence float64 `json:"confidence"`
	Accuracy   float64 `json:"accuracy"`
}

// Calibration compares a classifier's confidence with its accuracy: a model is calibrated when,
// of the predictions it makes with confidence 0.8, 80 % are right.
type Calibration struct {
	// Bins split [0, 1] into equal parts, in order; empty bins are kept.
	Bins []CalibrationBin `json:"bins"`
	// ECE is the expected calibration error, Σ_b (n_b/n)·|Accuracy_b − Confidence_b|: the
	// gap between the two, averaged over the predictions (Naeini et al. 2015; Guo et al. 2017).
	ECE float64 `json:"ece"`
	// MeanConfidence and Accuracy are over all predictions; MeanConfidence − Accuracy is positive
	// for an over-confident model and negative for an under-confident one.
	MeanConfidence float64 `json:"mean_confidence"`
	Accuracy       float64 `json:"accuracy"`
}

// NewCalibration bins predictions by confidence (the probability the model gave its predicted
// class) into `bins` equal-width bins of [0, 1], as Guo et al. (2017) do: bin m holds the
// confidences in ((m−1)/bins, m/bins]. correct[i] says whether prediction i was right. The
// ECE depends on the number of bins (more bins, more noise per bin); 10 or 15 are usual.
// A confidence that is NaN or outside [0, 1] is an error, as is an empty input.
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb.
func NewCalibration(confidence []float64, correct []bool, bins int) (Calibration, error) {
	if bins < 1 || bins > MaxCalibrationBins {
		return Calibration{}, fmt.Errorf("metrics: calibration with %d bins, want 1 to %d", bins, MaxCalibrationBins)
	}
	if len(confidence) == 0 {
		return Calibration{}, fmt.Errorf("metrics: calibration of no predictions")
	}
	if len(correct) != len(confidence) {
		return Calibration{}, fmt.Errorf("metrics: calibration: %d confidences but %d correct flags", len(confidence), len(correct))
	}
	cal := Calibration{Bins: make([]CalibrationBin, bins)}
	for b := range cal.Bins {
		cal.Bins[b].Low, cal.Bins[b].High = float64(b)/float64(bins), float64(b+1)/float64(bins)
	}
	sums := make([]float64, bins)
	correctTotal := 0
	for i, c := range confidence {
		if !(c >= 0 && c <= 1) {
			return Calibration{}, fmt.Errorf("metrics: calibration: confidence[%d] = %v, want a value in [0, 1]", i, c)
		}
		// ceil(c·bins) − 1 puts c = m/bins into bin m−1, the right-closed convention; c = 0 goes to bin 0.
		// c·bins is rounded (7/25·25 = 7.000000000000001), so the bin is then moved to the one whose
		// stored edges Low < c ≤ High really hold c.
		b := min(max(int(math.Ceil(c*float64(bins)))-1, 0), bins-1)
		for b > 0 && c <= cal.Bins[b].Low {
			b--
		}
		for b < bins-1 && c > cal.Bins[b].High {
			b++
		}
		cal.Bins[b].Count++
		sums[b] += c
		cal.MeanConfidence += c
		if correct[i] {
			cal.Bins[b].Correct++
			correctTotal++
		}
	}
	n := float64(len(confidence))
	for b := range cal.Bins {
		bin := &cal.Bins[b]
		if bin.Count == 0 {
			continue
		}
		bin.Confidence = sums[b] / float64(bin.Count)
		bin.Accuracy = float64(bin.Correct) / float64(bin.Count)
		cal.ECE += float64(bin.Count) / n * math.Abs(bin.Accuracy-bin.Confidence)
	}
	cal.MeanConfidence /= n
	cal.Accuracy = float64(correctTotal) / n
	return cal, nil
}
