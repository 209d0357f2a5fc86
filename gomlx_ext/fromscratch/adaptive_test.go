package fromscratch_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// TestAdamByHand: α = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, w₀ = [1, −2], gradients [1, −8]
// then [0.5, 2].
//
//	step 1: m = [0.1, −0.8], v = [0.001, 0.064]; m̂ = [1, −8], v̂ = [1, 64]
//	        w₁ = w₀ − 0.1·[1/(1+ε), −8/(8+ε)] = [0.9, −1.9]
//	step 2: m = [0.9·0.1 + 0.05, 0.9·(−0.8) + 0.2] = [0.14, −0.52]
//	        v = [0.999·0.001 + 0.001·0.25, 0.999·0.064 + 0.001·4] = [0.001249, 0.067936]
//	        m̂ = m/0.19, v̂ = v/0.001999
func TestAdamByHand(t *testing.T) {
	a, err := fromscratch.NewAdam(fromscratch.AdamConfig{LearningRate: 0.1, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}, 2)
	if err != nil {
		t.Fatal(err)
	}
	w := []float64{1, -2}
	if err := a.Update(w, []float64{1, -8}); err != nil {
		t.Fatal(err)
	}
	assertSliceClose(t, "w after step 1", w, []float64{1 - 0.1/(1+1e-8), -2 + 0.1*8/(8+1e-8)}, 1e-12)
	assertSliceClose(t, "m after step 1", a.M, []float64{0.1, -0.8}, 1e-15)
	assertSliceClose(t, "v after step 1", a.V, []float64{0.001, 0.064}, 1e-15)
	if err := a.Update(w, []float64{0.5, 2}); err != nil {
		t.Fatal(err)
	}
	want := []float64{1 - 0.1/(1+1e-8), -2 + 0.1*8/(8+1e-8)} // w₁, ≈ [0.9, −1.9]
	for i, m := range []float64{0.14, -0.52} {
		v := []float64{0.001249, 0.067936}[i]
		want[i] -= 0.1 * (m / 0.19) / (math.Sqrt(v/0.001999) + 1e-8)
	}
	assertSliceClose(t, "w after step 2", w, want, 1e-12)
	if a.Step != 2 {
		t.Errorf("Step = %d, want 2", a.Step)
	}
}

// TestRMSPropByHand: α = 0.01, ρ = 0.9, ε = 1e-8, w₀ = [1, −2], gradients [1, −8] then [0.5, 2].
//
//	no correction:   s₁ = [0.1, 6.4],  w₁ = w₀ − 0.01·[1/√0.1, −8/√6.4] (each 0.01·√10 ≈ 0.0316)
//	                 s₂ = [0.09 + 0.025, 5.76 + 0.4] = [0.115, 6.16]
//	with correction: ŝ₁ = s₁/0.1 = [1, 64]: the first step is α·sign(g); ŝ₂ = s₂/0.19
func TestRMSPropByHand(t *testing.T) {
	for _, corrected := range []bool{false, true} {
		r, err := fromscratch.NewRMSProp(fromscratch.RMSPropConfig{LearningRate: 0.01, Rho: 0.9, Epsilon: 1e-8, BiasCorrection: corrected}, 2)
		if err != nil {
			t.Fatal(err)
		}
		w := []float64{1, -2}
		if err := r.Update(w, []float64{1, -8}); err != nil {
			t.Fatal(err)
		}
		c1, c2 := 1.0, 1.0
		if corrected {
			c1, c2 = 0.1, 0.19
		}
		w1 := []float64{1 - 0.01*1/(math.Sqrt(0.1/c1)+1e-8), -2 + 0.01*8/(math.Sqrt(6.4/c1)+1e-8)}
		assertSliceClose(t, "w after step 1", w, w1, 1e-12)
		if corrected {
			assertSliceClose(t, "corrected first step", w, []float64{0.99, -1.99}, 1e-9)
		}
		if err := r.Update(w, []float64{0.5, 2}); err != nil {
			t.Fatal(err)
		}
		w2 := []float64{w1[0] - 0.01*0.5/(math.Sqrt(0.115/c2)+1e-8), w1[1] - 0.01*2/(math.Sqrt(6.16/c2)+1e-8)}
		assertSliceClose(t, "w after step 2", w, w2, 1e-12)
		assertSliceClose(t, "s after step 2", r.S, []float64{0.115, 6.16}, 1e-12)
	}
}

// TestAdamFirstStepIsSignOfGradient: with bias correction every weight moves by α at step 1,
// whatever the size of its gradient.
func TestAdamFirstStepIsSignOfGradient(t *testing.T) {
	a, err := fromscratch.NewAdam(fromscratch.DefaultAdam(), 3)
	if err != nil {
		t.Fatal(err)
	}
	w := []float64{0, 0, 0}
	if err := a.Update(w, []float64{0.5, -50, 2}); err != nil {
		t.Fatal(err)
	}
	assertSliceClose(t, "w after one step", w, []float64{-0.001, 0.001, -0.001}, 1e-9)
}

func TestAdaptiveErrors(t *testing.T) {
	bad := fromscratch.DefaultAdam()
	bad.Beta2 = 1
	_, err := fromscratch.NewAdam(bad, 2)
	assertErrorContains(t, err, "beta2 = 1")
	_, err = fromscratch.NewAdam(fromscratch.DefaultAdam(), 0)
	assertErrorContains(t, err, "size 0")
	a, _ := fromscratch.NewAdam(fromscratch.DefaultAdam(), 2)
	assertErrorContains(t, a.Update([]float64{1, 2}, []float64{1}), "grad 1, want 2")
	assertErrorContains(t, a.Update([]float64{1, 2}, []float64{1, math.NaN()}), "grad[1] = NaN")
	_, err = fromscratch.NewRMSProp(fromscratch.RMSPropConfig{LearningRate: 0.1, Rho: 0.9}, 2)
	assertErrorContains(t, err, "epsilon = 0")
	r, _ := fromscratch.NewRMSProp(fromscratch.RMSPropConfig{LearningRate: 0.1, Rho: 0.9, Epsilon: 1e-8}, 1)
	assertErrorContains(t, r.Update([]float64{1, 2}, []float64{1, 2}), "RMSProp step 1")
}
