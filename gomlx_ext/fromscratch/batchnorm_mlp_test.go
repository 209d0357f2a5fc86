package fromscratch_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// TestBatchNormMLPGradients checks the backward pass through dense, batch-norm and tanh layers
// against central differences of the loss, for a few weights, γs and βs of every layer.
func TestBatchNormMLPGradients(t *testing.T) {
	net, err := fromscratch.NewDeepMLP([]int{4, 6, 5, 3}, fromscratch.ActTanh, fromscratch.Init{Kind: fromscratch.InitGlorot}, 7)
	if err != nil {
		t.Fatal(err)
	}
	m, err := fromscratch.NewBatchNormMLP(net, 1e-5)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	X := randMatrix(rng, 7, 4, 1.5, 0.3)
	labels := []int{0, 1, 2, 0, 1, 2, 1}
	m.Gamma[1][2], m.Beta[0][1] = 1.7, -0.4 // not the defaults, which hide bugs
	tr, dgamma, dbeta, err := m.Pass(X, labels)
	if err != nil {
		t.Fatal(err)
	}
	lossAt := func(p *float64, v float64) float64 {
		old := *p
		*p = v
		defer func() { *p = old }()
		tr, _, _, err := m.Pass(X, labels)
		if err != nil {
			t.Fatal(err)
		}
		return tr.Loss
	}
	check := func(name string, p *float64, analytic float64) {
		t.Helper()
		at := *p
		num := fromscratch.Derivative(func(v float64) float64 { return lossAt(p, v) }, at, 0)
		if d := math.Abs(num - analytic); !(d < 1e-8) {
			t.Errorf("%s: analytic %g, central difference %g", name, analytic, num)
		}
	}
	for l := range net.W {
		check("W", &net.W[l][1][2], tr.DW[l][1][2])
		check("b", &net.B[l][0], tr.DB[l][0])
	}
	for l := range m.Gamma {
		check("gamma", &m.Gamma[l][2], dgamma[l][2])
		check("beta", &m.Beta[l][1], dbeta[l][1])
	}
	if _, err := m.SGDStep(X, labels, 0); err == nil {
		t.Error("SGDStep accepted learning rate 0")
	}
	if _, err := fromscratch.NewBatchNormMLP(net, 0); err == nil {
		t.Error("NewBatchNormMLP accepted eps 0")
	}
}
