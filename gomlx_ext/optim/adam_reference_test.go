package optim_test

import (
	"fmt"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// TestGoMLXAdamMatchesFromScratch: GoMLX's Adam and RMSProp, in float64, take the same steps
// as the plain-Go references of package fromscratch (notebook 08 shows the formulas). GoMLX's
// RMSProp is Adam without the first moment: β₂ = 0.999 and a bias-corrected second moment.
func TestGoMLXAdamMatchesFromScratch(t *testing.T) {
	type reference interface{ Update(w, grad []float64) error }
	adam, err := fromscratch.NewAdam(fromscratch.AdamConfig{LearningRate: 0.1, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-7}, 2)
	if err != nil {
		t.Fatal(err)
	}
	rms, err := fromscratch.NewRMSProp(fromscratch.RMSPropConfig{LearningRate: 0.05, Rho: 0.999, Epsilon: 1e-7, BiasCorrection: true}, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opt  optimizers.Interface
		ref  reference
	}{
		{"adam", optimizers.Adam().LearningRate(0.1).Betas(0.8, 0.99).Done(), adam},
		{"rmsprop", optimizers.RMSProp().LearningRate(0.05).Done(), rms},
	} {
		t.Run(tc.name, func(t *testing.T) {
			step := stepper(t, context.New(), tc.opt, quadraticLoss)
			w := append([]float64(nil), quadW0...)
			for i := range 25 {
				if err := tc.ref.Update(w, quadGrad(w)); err != nil {
					t.Fatal(err)
				}
				assertSliceClose(t, fmt.Sprintf("%s step %d", tc.name, i+1), step(), w, 1e-12)
			}
		})
	}
}
