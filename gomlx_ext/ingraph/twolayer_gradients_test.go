package ingraph_test

import (
	"math"
	"slices"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/deepnb/deepnb/gomlx_ext/gradcheck"
	"github.com/deepnb/deepnb/gomlx_ext/ingraph"
)

// TestManualGradientsMatchFiniteDifferencesAndAutodiff checks the plain-Go
// Backward against graph.Gradient and central finite differences, every
// element of every parameter, on random networks.
func TestManualGradientsMatchFiniteDifferencesAndAutodiff(t *testing.T) {
	b := testBackend(t)
	for i, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			p, X, labels := randomProblem(t, s, uint64(100+i))
			checker, err := ingraph.NewTwoLayerGradientCheck(b, p, s.act, X, labels)
			if err != nil {
				t.Fatalf("NewGradientCheck: %v", err)
			}
			// Central differences in float64 carry ~1e-10 of absolute noise
			// (rounding of f divided by 2h), so an element whose gradient is
			// 1e-5 can show a relative error of 1e-5 while being right. The
			// floor 1e-4 judges such small elements by their absolute error
			// (≤ 1e-9) instead; larger ones keep the 1e-5 relative bound.
			report, err := checker.Floor(1e-4).Tolerance(1e-5).Run()
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if !report.Passed() {
				t.Fatalf("manual gradient disagrees (max rel %g):\n%s\n%s", report.ManualMaxRelErr, report, report.ManualTable())
			}
			loss, _, err := p.Forward(s.act, X, labels)
			if err != nil {
				t.Fatalf("Forward: %v", err)
			}
			if math.Abs(report.Value-loss) > 1e-12*math.Max(1, loss) {
				t.Errorf("graph loss %.15g, plain-Go loss %.15g", report.Value, loss)
			}
		})
	}
}

// TestGraphBackwardMatchesAutodiff compares the three exact gradients —
// plain Go, GraphBackward, graph.Gradient — which differ only by rounding.
func TestGraphBackwardMatchesAutodiff(t *testing.T) {
	b := testBackend(t)
	for i, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			p, X, labels := randomProblem(t, s, uint64(200+i))
			plainLoss, plain, err := p.Gradients(s.act, X, labels)
			if err != nil {
				t.Fatalf("Gradients: %v", err)
			}
			for _, mode := range []ingraph.Mode{ingraph.Manual, ingraph.Autodiff} {
				loss, grads, err := ingraph.TwoLayerGradients(b, p, s.act, X, labels, mode)
				if err != nil {
					t.Fatalf("GraphGradients(%s): %v", mode, err)
				}
				if math.Abs(loss-plainLoss) > 1e-12*math.Max(1, plainLoss) {
					t.Errorf("%s: loss %.15g, plain Go %.15g", mode, loss, plainLoss)
				}
				rel, where, err := grads.MaxRelativeDifference(plain)
				if err != nil {
					t.Fatalf("MaxRelativeDifference: %v", err)
				}
				if rel > 1e-9 {
					t.Errorf("%s vs plain Go: max relative difference %g in %s", mode, rel, where)
				}
			}
		})
	}
}

// brokenBackward is Params.Backward rebuilt from the exported blocks with
// one deliberate mistake, the kind a hand derivation makes.
func brokenBackward(t *testing.T, bug string, p *fromscratch.TwoLayer, act fromscratch.Activation, X [][]float64, labels []int) *fromscratch.TwoLayer {
	t.Helper()
	_, cache, err := p.Forward(act, X, labels)
	if err != nil {
		t.Fatalf("Forward: %v", err)
	}
	_, delta2, err := fromscratch.SoftmaxCrossEntropy(cache.Logits, labels)
	if err != nil {
		t.Fatalf("SoftmaxCrossEntropy: %v", err)
	}
	if bug == "no 1/n" {
		for _, row := range delta2 {
			for j := range row {
				row[j] *= float64(len(X))
			}
		}
	}
	dW2, db2, dA1, err := fromscratch.DenseBackwardXW(cache.A1, p.W2, delta2)
	if err != nil {
		t.Fatalf("DenseBackward 2: %v", err)
	}
	delta1 := dA1 // bug "no f'(z)": the activation's derivative is skipped
	if bug != "no f'(z)" {
		if delta1, err = act.Backward(cache.Z1, dA1); err != nil {
			t.Fatalf("Activation.Backward: %v", err)
		}
	}
	dW1, db1, _, err := fromscratch.DenseBackwardXW(cache.X, p.W1, delta1)
	if err != nil {
		t.Fatalf("DenseBackward 1: %v", err)
	}
	if bug == "b2 not summed" {
		db2 = delta2[0] // only the first example's contribution
	}
	return &fromscratch.TwoLayer{W1: dW1, B1: db1, W2: dW2, B2: db2}
}

// TestBrokenBackwardIsDetected: each bug must fail the check, naming the
// parameters it corrupts, while the correct blocks assembled the same way pass.
func TestBrokenBackwardIsDetected(t *testing.T) {
	b := testBackend(t)
	s := shape{in: 5, hidden: 6, out: 3, n: 4}
	tests := []struct {
		bug        string
		act        fromscratch.Activation
		wantFailed []string
	}{
		{bug: "none", act: fromscratch.ActTanh, wantFailed: nil},
		{bug: "none", act: fromscratch.ActReLU, wantFailed: nil},
		{bug: "no f'(z)", act: fromscratch.ActTanh, wantFailed: []string{"W1", "b1"}},
		{bug: "no f'(z)", act: fromscratch.ActReLU, wantFailed: []string{"W1", "b1"}},
		{bug: "no 1/n", act: fromscratch.ActTanh, wantFailed: []string{"W1", "b1", "W2", "b2"}},
		{bug: "b2 not summed", act: fromscratch.ActReLU, wantFailed: []string{"b2"}},
	}
	for i, tt := range tests {
		t.Run(tt.bug+" "+tt.act.String(), func(t *testing.T) {
			s.act = tt.act
			p, X, labels := randomProblem(t, s, uint64(300+i))
			grads := brokenBackward(t, tt.bug, p, tt.act, X, labels)
			report, err := gradcheck.New(b, ingraph.TwoLayerLossFunc(tt.act, X, labels)).
				Param("W1", p.W1).Param("b1", p.B1).Param("W2", p.W2).Param("b2", p.B2).
				Manual("W1", grads.W1).Manual("b1", grads.B1).Manual("W2", grads.W2).Manual("b2", grads.B2).
				Floor(1e-4).Tolerance(1e-5). // see TestManualGradientsMatchFiniteDifferencesAndAutodiff
				Run()
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if report.Passed() != (tt.wantFailed == nil) {
				t.Fatalf("Passed() = %v with bug %q:\n%s", report.Passed(), tt.bug, report.ManualTable())
			}
			if got := report.Failed(); !slices.Equal(got, tt.wantFailed) {
				t.Errorf("Failed() = %v, want %v\n%s", got, tt.wantFailed, report.ManualTable())
			}
		})
	}
}
