package fromscratch

import "math"

// Softmax returns exp(zᵢ) / Σⱼ exp(zⱼ): non-negative values that sum to 1.
// It subtracts max(z) first, which changes nothing mathematically (the
// factor e^−max cancels) but keeps exp from overflowing for large z.
// An empty z gives an empty result.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func Softmax(z []float64) []float64 {
	out := make([]float64, len(z))
	if len(z) == 0 {
		return out
	}
	m := z[0]
	for _, v := range z[1:] {
		m = math.Max(m, v)
	}
	var sum float64
	for i, v := range z {
		out[i] = math.Exp(v - m)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// SoftmaxJacobian returns J with J[i][j] = ∂softmax(z)ᵢ/∂zⱼ = sᵢ·(δᵢⱼ − sⱼ),
// where s = softmax(z). Softmax mixes its inputs, so its derivative is a
// matrix, not one number per element.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func SoftmaxJacobian(z []float64) [][]float64 {
	s := Softmax(z)
	j := make([][]float64, len(s))
	for r := range s {
		j[r] = make([]float64, len(s))
		for c := range s {
			j[r][c] = -s[r] * s[c]
		}
		j[r][r] += s[r]
	}
	return j
}

// LogSumExp returns log Σⱼ exp(xⱼ), computed stably as m + log Σⱼ exp(xⱼ − m)
// with m = maxⱼ xⱼ: the largest term becomes exp(0) = 1, so nothing
// overflows, and the sum is at least 1, so the log is finite. An empty row
// returns −Inf (the log of an empty sum).
func LogSumExp(logits []float64) float64 {
	if len(logits) == 0 {
		return math.Inf(-1)
	}
	m := logits[0]
	for _, x := range logits[1:] {
		m = math.Max(m, x)
	}
	if math.IsInf(m, 0) {
		// All −Inf (empty support) or a +Inf logit: shifting by m would give
		// Inf − Inf = NaN, and m is already the answer.
		return m
	}
	var sum float64
	for _, x := range logits {
		sum += math.Exp(x - m)
	}
	return m + math.Log(sum)
}

// LogSoftmax returns log softmax(x) = x − LogSumExp(x), without ever
// computing softmax itself: it stays finite for any finite logits.
//
// Introduced in notebooks/03_losses.ipynb.
func LogSoftmax(logits []float64) []float64 {
	lse := LogSumExp(logits)
	out := make([]float64, len(logits))
	for i, x := range logits {
		out[i] = x - lse
	}
	return out
}

// NaiveSoftmax returns exp(x) / Σⱼ exp(xⱼ) exactly as the formula reads. It
// is the bad example of notebooks/03_losses.ipynb: exp overflows to +Inf for
// logits above ~709.78 in float64, and then Inf/Inf = NaN; for logits below
// ~−745 every exp underflows to 0 and 0/0 = NaN. Use Softmax.
//
// Introduced in notebooks/03_losses.ipynb.
func NaiveSoftmax(logits []float64) []float64 {
	out := make([]float64, len(logits))
	var sum float64
	for i, x := range logits {
		out[i] = math.Exp(x)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}
