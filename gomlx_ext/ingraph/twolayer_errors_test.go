package ingraph_test

import (
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/deepnb/deepnb/gomlx_ext/gradcheck"
	"github.com/deepnb/deepnb/gomlx_ext/ingraph"
)

// TestTwoLayerBadLabelsAreErrors: labels out of range are errors naming the label, in the graph
// gradients and in the loss handed to gradcheck.
func TestTwoLayerBadLabelsAreErrors(t *testing.T) {
	p, err := fromscratch.RandomTwoLayer(3, 2, 2, 9)
	if err != nil {
		t.Fatal(err)
	}
	X := [][]float64{{1, 2, 3}, {4, 5, 6}}
	tests := []struct {
		name    string
		run     func() error
		wantSub string
	}{
		{"graph gradients label", func() error {
			_, _, err := ingraph.TwoLayerGradients(testBackend(t), p, fromscratch.ActReLU, X, []int{0, 3}, ingraph.Manual)
			return err
		}, "label 3"},
		{"loss func label", func() error {
			_, err := gradcheck.New(testBackend(t), ingraph.TwoLayerLossFunc(fromscratch.ActReLU, X, []int{0, 5})).
				Param("W1", p.W1).Param("b1", p.B1).Param("W2", p.W2).Param("b2", p.B2).Run()
			return err
		}, "label 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil {
				t.Fatalf("no error")
			}
			if !strings.Contains(err.Error(), tt.wantSub) {
				t.Errorf("error %q does not mention %q", err, tt.wantSub)
			}
		})
	}
}
