package fromscratch

import (
	"fmt"
	"math"
)

// The standard training losses, straight from their formulas, on plain float64 batches (rows are
// examples). Arguments come in d2l order, loss(yHat, y). Their GoMLX twins, with the same names,
// are in package gomlx_ext/ingraph.

// MSE returns the mean squared error 1/n Σ (ŷᵢ − yᵢ)², n the number of values. It returns an
// error if the slices are empty or of different lengths.
//
// Introduced in notebooks/03_losses.ipynb.
func MSE(yHat, y []float64) (float64, error) {
	if len(yHat) != len(y) {
		return 0, fmt.Errorf("fromscratch.MSE: yHat has %d values, y has %d", len(yHat), len(y))
	}
	if len(y) == 0 {
		return 0, fmt.Errorf("fromscratch.MSE: empty input")
	}
	var sum float64
	for i := range y {
		d := yHat[i] - y[i]
		sum += d * d
	}
	return sum / float64(len(y)), nil
}

// CrossEntropy returns −1/n Σᵢ Σₖ yᵢₖ · log ŷᵢₖ, the cross-entropy of predicted probabilities
// yHat[i] against target distributions y[i] (usually one-hot), averaged over the n examples.
//
// It is written naively on purpose: a predicted probability of exactly 0 for the true class
// gives +Inf, and 0·log 0 gives NaN. Prefer CrossEntropyLogits.
//
// Introduced in notebooks/03_losses.ipynb.
func CrossEntropy(yHat, y [][]float64) (float64, error) {
	if err := checkBatch("fromscratch.CrossEntropy", "yHat", yHat, y); err != nil {
		return 0, err
	}
	var sum float64
	for i := range y {
		for k := range y[i] {
			sum -= y[i][k] * math.Log(yHat[i][k])
		}
	}
	return sum / float64(len(y)), nil
}

// CrossEntropyLogits is CrossEntropy of softmax(logits), with log softmax computed stably by
// LogSoftmax, so it stays finite for logits like [1000, 0].
//
// Introduced in notebooks/03_losses.ipynb.
func CrossEntropyLogits(logits, y [][]float64) (float64, error) {
	if err := checkBatch("fromscratch.CrossEntropyLogits", "logits", logits, y); err != nil {
		return 0, err
	}
	var sum float64
	for i := range y {
		logProbs := LogSoftmax(logits[i])
		for k := range y[i] {
			if y[i][k] != 0 { // 0·(−Inf) would be NaN; a zero target contributes nothing.
				sum -= y[i][k] * logProbs[k]
			}
		}
	}
	return sum / float64(len(y)), nil
}

// SparseCrossEntropyLogits is CrossEntropyLogits with integer class labels instead of one-hot
// targets: −1/n Σᵢ log softmax(logitsᵢ)[labelᵢ].
func SparseCrossEntropyLogits(logits [][]float64, labels []int) (float64, error) {
	if len(logits) != len(labels) {
		return 0, fmt.Errorf("fromscratch.SparseCrossEntropyLogits: %d logit rows but %d labels", len(logits), len(labels))
	}
	if len(labels) == 0 {
		return 0, fmt.Errorf("fromscratch.SparseCrossEntropyLogits: empty batch")
	}
	var sum float64
	for i, label := range labels {
		if err := checkLabel(i, label, len(logits[i])); err != nil {
			return 0, fmt.Errorf("fromscratch.SparseCrossEntropyLogits: %w", err)
		}
		sum -= logits[i][label] - LogSumExp(logits[i])
	}
	return sum / float64(len(labels)), nil
}

// NaiveCrossEntropyLogits computes softmax first (NaiveSoftmax) and takes the log after.
// Mathematically it equals CrossEntropyLogits; numerically it returns NaN for logits like
// [1000, 0] and +Inf for [−1000, 0] with target class 0, where CrossEntropyLogits returns 0 and
// 1000. Shape errors are errors; Inf and NaN results are the point, not errors.
//
// Introduced in notebooks/03_losses.ipynb.
func NaiveCrossEntropyLogits(logits, y [][]float64) (float64, error) {
	if err := checkBatch("fromscratch.NaiveCrossEntropyLogits", "logits", logits, y); err != nil {
		return 0, err
	}
	probs := make([][]float64, len(logits))
	for i := range logits {
		probs[i] = NaiveSoftmax(logits[i])
	}
	return CrossEntropy(probs, y)
}

// SoftmaxCrossEntropy returns the mean cross-entropy of softmax(logits) against the labels and
// its gradient with respect to the logits,
//
//	δ = (softmax(logits) − onehot(labels)) / n,
//
// the compact result of chaining ∂L/∂p (−1/p at the true class) with the softmax Jacobian
// diag(p) − p·pᵀ.
//
// Introduced in notebooks/05_backprop.ipynb.
func SoftmaxCrossEntropy(logits [][]float64, labels []int) (loss float64, delta [][]float64, err error) {
	loss, delta, err = softmaxCrossEntropy(logits, labels)
	if err != nil {
		return 0, nil, fmt.Errorf("fromscratch: softmax cross-entropy: %w", err)
	}
	return loss, delta, nil
}

func softmaxCrossEntropy(logits [][]float64, labels []int) (loss float64, delta [][]float64, err error) {
	if err := checkMatrix("logits", logits); err != nil {
		return 0, nil, err
	}
	loss, err = SparseCrossEntropyLogits(logits, labels) // also checks the labels
	if err != nil {
		return 0, nil, err
	}
	n := float64(len(logits))
	delta = newMatrix(len(logits), len(logits[0]))
	for i, row := range logits {
		for j, p := range Softmax(row) {
			delta[i][j] = p / n
		}
		delta[i][labels[i]] -= 1 / n
	}
	return loss, delta, nil
}
