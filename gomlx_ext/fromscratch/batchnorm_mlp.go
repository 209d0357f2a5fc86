package fromscratch

import (
	"fmt"
	"math"
)

// BatchNormMLP is a DeepMLP with batch normalisation (training mode) between every hidden
// layer's pre-activation and its activation: z = a·W + b, u = BN(z; γ, β), a' = f(u). The last
// layer stays linear. Its bias b is redundant under BN (the batch mean removes it; its gradient
// is zero), and is kept so the two networks have the same weights.
//
// Introduced in notebooks/14_batchnorm_by_hand.ipynb.
type BatchNormMLP struct {
	Net         *DeepMLP
	Gamma, Beta [][]float64 // per hidden layer, as many values as its units
	Eps         float64
}

// NewBatchNormMLP adds batch norm, with γ = 1 and β = 0, to every hidden layer of net (which it
// then owns: training moves net's weights).
func NewBatchNormMLP(net *DeepMLP, eps float64) (*BatchNormMLP, error) {
	if net == nil || net.Layers() < 2 {
		return nil, fmt.Errorf("fromscratch.NewBatchNormMLP: want a network with at least one hidden layer")
	}
	if !(eps > 0) || math.IsInf(eps, 0) {
		return nil, fmt.Errorf("fromscratch.NewBatchNormMLP: eps = %g, want a finite value > 0", eps)
	}
	m := &BatchNormMLP{Net: net, Eps: eps}
	for l := 0; l+1 < net.Layers(); l++ {
		units := len(net.B[l])
		g := make([]float64, units)
		for j := range g {
			g[j] = 1
		}
		m.Gamma, m.Beta = append(m.Gamma, g), append(m.Beta, make([]float64, units))
	}
	return m, nil
}

// Pass runs one training-mode forward and backward pass. In the trace, Z[l] is layer l's
// pre-activation before batch norm, A[l] its activation, Delta[l] = ∂L/∂Z[l]; DGamma and DBeta
// are returned beside it.
func (m *BatchNormMLP) Pass(X [][]float64, labels []int) (tr *DeepTrace, dgamma, dbeta [][]float64, err error) {
	net := m.Net
	L := net.Layers()
	f, _, ok := net.Hidden.Elementwise()
	if !ok {
		return nil, nil, nil, fmt.Errorf("fromscratch: BatchNormMLP: hidden activation %s is not element-wise", net.Hidden)
	}
	tr = &DeepTrace{Z: make([][][]float64, L), A: make([][][]float64, L), Delta: make([][][]float64, L),
		DW: make([][][]float64, L), DB: make([][]float64, L)}
	normed := make([][][]float64, L-1)
	caches := make([]BatchNormCache, L-1)
	input := X
	for l := range L {
		z, err := denseForwardXW(input, net.W[l], net.B[l])
		if err != nil {
			return nil, nil, nil, fmt.Errorf("fromscratch: BatchNormMLP layer %d: %w", l+1, err)
		}
		tr.Z[l], tr.A[l] = z, z
		if l < L-1 {
			if normed[l], caches[l], err = BatchNormForward(z, m.Gamma[l], m.Beta[l], m.Eps); err != nil {
				return nil, nil, nil, fmt.Errorf("fromscratch: BatchNormMLP layer %d: %w", l+1, err)
			}
			tr.A[l] = mapMatrix(normed[l], f)
		}
		input = tr.A[l]
	}
	loss, delta, err := softmaxCrossEntropy(tr.Z[L-1], labels)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("fromscratch: BatchNormMLP output layer %d: %w", L, err)
	}
	tr.Loss = loss
	dgamma, dbeta = make([][]float64, L-1), make([][]float64, L-1)
	for l := L - 1; l >= 0; l-- {
		tr.Delta[l] = delta
		below := X
		if l > 0 {
			below = tr.A[l-1]
		}
		dW, db, dA, err := denseBackwardXW(below, net.W[l], delta)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("fromscratch: BatchNormMLP layer %d backward: %w", l+1, err)
		}
		tr.DW[l], tr.DB[l] = dW, db
		if l == 0 {
			break
		}
		// a = f(u): ∂L/∂u, then back through batch norm to ∂L/∂z of layer l−1.
		du, err := net.Hidden.backward(normed[l-1], dA)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("fromscratch: BatchNormMLP layer %d backward: %w", l, err)
		}
		if delta, dgamma[l-1], dbeta[l-1], err = BatchNormBackwardCompact(du, caches[l-1]); err != nil {
			return nil, nil, nil, fmt.Errorf("fromscratch: BatchNormMLP layer %d batch norm backward: %w", l, err)
		}
	}
	return tr, dgamma, dbeta, nil
}

// SGDStep runs Pass and moves every weight, bias, γ and β by −lr times its gradient; it returns
// the trace of the pass.
func (m *BatchNormMLP) SGDStep(X [][]float64, labels []int, lr float64) (*DeepTrace, error) {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return nil, fmt.Errorf("fromscratch: BatchNormMLP SGD step: learning rate %g, want a finite value > 0", lr)
	}
	tr, dgamma, dbeta, err := m.Pass(X, labels)
	if err != nil {
		return nil, err
	}
	for l := range m.Net.W {
		for k, row := range m.Net.W[l] {
			for j := range row {
				row[j] -= lr * tr.DW[l][k][j]
			}
		}
		for j := range m.Net.B[l] {
			m.Net.B[l][j] -= lr * tr.DB[l][j]
		}
	}
	for l := range m.Gamma {
		for j := range m.Gamma[l] {
			m.Gamma[l][j] -= lr * dgamma[l][j]
			m.Beta[l][j] -= lr * dbeta[l][j]
		}
	}
	return tr, nil
}
