package fromscratch

import "math"

// Layer normalisation (Ba, Kiros & Hinton, 2016), introduced beside batch norm in
// notebooks/14_batchnorm_by_hand.ipynb: the same normalise-scale-shift, but each example is
// normalised over its own D features, so no example's output depends on another's and training
// and inference compute the same thing.

// LayerNormCache holds what LayerNormBackward needs from LayerNormForward.
type LayerNormCache struct {
	XHat      [][]float64 // the normalised input, N × D
	Mean, Var []float64   // each example's mean and biased variance over its features, N
	Gamma     []float64   // the per-feature scale γ, D
	Eps       float64
}

// LayerNormForward normalises every row of x (N × D) over its D features, then applies the
// per-feature gamma and beta.
func LayerNormForward(x [][]float64, gamma, beta []float64, eps float64) ([][]float64, LayerNormCache, error) {
	if err := checkNormArgs("LayerNormForward", x, gamma, beta, eps); err != nil {
		return nil, LayerNormCache{}, err
	}
	n, d := len(x), len(x[0])
	c := LayerNormCache{XHat: newMatrix(n, d), Mean: make([]float64, n), Var: make([]float64, n),
		Gamma: append([]float64(nil), gamma...), Eps: eps}
	y := newMatrix(n, d)
	for i, row := range x {
		for _, v := range row {
			c.Mean[i] += v / float64(d)
		}
		for _, v := range row {
			c.Var[i] += (v - c.Mean[i]) * (v - c.Mean[i]) / float64(d)
		}
		for j, v := range row {
			c.XHat[i][j] = (v - c.Mean[i]) / math.Sqrt(c.Var[i]+eps)
			y[i][j] = gamma[j]*c.XHat[i][j] + beta[j]
		}
	}
	return y, c, nil
}

// LayerNormBackward returns ∂L/∂x, ∂L/∂γ, ∂L/∂β given dy = ∂L/∂y. It is batch norm's compact
// formula with the roles of examples and features swapped, applied to g = γ·dy (γ is now per
// feature, inside the normalised axis):
//
//	dx_nj = 1/(D √(σ²_n+ε)) · (D g_nj − Σ_k g_nk − x̂_nj Σ_k g_nk x̂_nk).
func LayerNormBackward(dy [][]float64, c LayerNormCache) (dx [][]float64, dgamma, dbeta []float64, err error) {
	if len(c.XHat) == 0 {
		return nil, nil, nil, errEmptyCache("LayerNormBackward")
	}
	if err := sameDims("LayerNormBackward: dy", dy, "the cached x̂", c.XHat); err != nil {
		return nil, nil, nil, err
	}
	n, d := len(dy), len(dy[0])
	dgamma, dbeta = make([]float64, d), make([]float64, d)
	dx = newMatrix(n, d)
	for i := range n {
		sumG, sumGX := 0.0, 0.0
		for j := range d {
			dbeta[j] += dy[i][j]
			dgamma[j] += dy[i][j] * c.XHat[i][j]
			g := c.Gamma[j] * dy[i][j]
			sumG += g
			sumGX += g * c.XHat[i][j]
		}
		k := 1 / (float64(d) * math.Sqrt(c.Var[i]+c.Eps))
		for j := range d {
			dx[i][j] = k * (float64(d)*c.Gamma[j]*dy[i][j] - sumG - c.XHat[i][j]*sumGX)
		}
	}
	return dx, dgamma, dbeta, nil
}
