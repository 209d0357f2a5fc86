package autodiff

import (
	"fmt"
	"math"
)

// SoftmaxCrossEntropy returns the mean over rows of −log softmax(logits[i])[labels[i]], the loss
// of fromscratch.SoftmaxCrossEntropy, built from Exp, Log, Sum and Sub so that Backward
// differentiates it. Each row computes log Σⱼ exp(zⱼ − m) + m − z_y with m the row's largest
// logit held as a constant: the expression equals log Σⱼ exp(zⱼ) − z_y for every m, so its
// derivative does too, and exp never overflows. It returns an error if logits is empty or
// ragged, or a label is out of range.
//
// Introduced in notebooks/06_autodiff.ipynb.
func SoftmaxCrossEntropy(logits [][]*Value, labels []int) (*Value, error) {
	if len(logits) == 0 || len(logits[0]) == 0 {
		return nil, fmt.Errorf("autodiff: SoftmaxCrossEntropy: no logits")
	}
	if len(labels) != len(logits) {
		return nil, fmt.Errorf("autodiff: SoftmaxCrossEntropy: %d labels for %d rows of logits", len(labels), len(logits))
	}
	classes := len(logits[0])
	rows := make([]*Value, len(logits))
	for i, z := range logits {
		if len(z) != classes {
			return nil, fmt.Errorf("autodiff: SoftmaxCrossEntropy: row %d has %d logits, row 0 has %d", i, len(z), classes)
		}
		if labels[i] < 0 || labels[i] >= classes {
			return nil, fmt.Errorf("autodiff: SoftmaxCrossEntropy: label %d of row %d is outside [0, %d)", labels[i], i, classes)
		}
		top := math.Inf(-1)
		for _, v := range z {
			if v == nil {
				return nil, fmt.Errorf("autodiff: SoftmaxCrossEntropy: row %d holds a nil logit", i)
			}
			top = math.Max(top, v.Data)
		}
		m := New(top, "max")
		exps := make([]*Value, classes)
		for j, v := range z {
			exps[j] = v.Sub(m).Exp()
		}
		rows[i] = Sum(exps...).Log().Add(m).Sub(z[labels[i]])
	}
	return Sum(rows...).Mul(Const(1 / float64(len(rows)))), nil
}
