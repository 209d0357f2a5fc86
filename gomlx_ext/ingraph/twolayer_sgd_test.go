package ingraph_test

import (
	"math"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"

	"github.com/gomlx/gomlx/pkg/core/dtypes"

	"github.com/deepnb/deepnb/gomlx_ext/ingraph"
)

// TestSGDTrainerFollowsPlainGo runs both graph trainers and a plain-Go SGD
// loop (W ← W − α·Gradients) from the same weights on the same batches: in
// float64 all three must give the same losses and weights up to rounding.
func TestSGDTrainerFollowsPlainGo(t *testing.T) {
	b := testBackend(t)
	const steps, lr = 15, 0.3
	for i, s := range shapes[1:4] {
		t.Run(s.name, func(t *testing.T) {
			init, X, labels := randomProblem(t, s, uint64(400+i))
			pixels, y := pixelsOf(X, labels)
			// The trainers read float32 pixels: use exactly those values in plain Go too.
			for r := range X {
				for k := range X[r] {
					X[r][k] = float64(pixels[r*s.in+k])
				}
			}
			plain := init.Clone()
			var trainers []*ingraph.SGDTrainer
			for _, mode := range []ingraph.Mode{ingraph.Manual, ingraph.Autodiff} {
				tr, err := ingraph.NewSGDTrainer(b, init, s.act, mode, lr, dtypes.Float64)
				if err != nil {
					t.Fatalf("NewSGDTrainer(%s): %v", mode, err)
				}
				defer tr.Finalize()
				trainers = append(trainers, tr)
			}
			for step := 1; step <= steps; step++ {
				want, grads, err := plain.Gradients(s.act, X, labels)
				if err != nil {
					t.Fatalf("step %d: Gradients: %v", step, err)
				}
				sgdUpdate(plain, grads, lr)
				for _, tr := range trainers {
					got, err := tr.Step(pixels, y)
					if err != nil {
						t.Fatalf("step %d: %v", step, err)
					}
					if math.Abs(got-want) > 1e-12*math.Max(1, want) {
						t.Errorf("step %d: trainer loss %.15g, plain Go %.15g", step, got, want)
					}
				}
			}
			for i, tr := range trainers {
				if tr.Steps() != steps {
					t.Errorf("trainer %d: Steps() = %d, want %d", i, tr.Steps(), steps)
				}
				got, err := tr.Params()
				if err != nil {
					t.Fatalf("Params: %v", err)
				}
				if rel, where, err := got.MaxRelativeDifference(plain); err != nil || rel > 1e-9 {
					t.Errorf("trainer %d weights differ from plain Go by %g in %s (err %v)", i, rel, where, err)
				}
			}
			if first, _, _ := init.Forward(s.act, X, labels); !(func() bool {
				last, _, _ := plain.Forward(s.act, X, labels)
				return last < first
			})() {
				t.Errorf("%d steps of SGD at lr %g did not lower the loss on the training batch", steps, lr)
			}
		})
	}
}

func sgdUpdate(p, grads *fromscratch.TwoLayer, lr float64) {
	for k := range p.W1 {
		for j := range p.W1[k] {
			p.W1[k][j] -= lr * grads.W1[k][j]
		}
	}
	for k := range p.W2 {
		for j := range p.W2[k] {
			p.W2[k][j] -= lr * grads.W2[k][j]
		}
	}
	for j := range p.B1 {
		p.B1[j] -= lr * grads.B1[j]
	}
	for j := range p.B2 {
		p.B2[j] -= lr * grads.B2[j]
	}
}

// TestSGDTrainerFloat32: manual and autodiff trainers in float32 agree to
// float32 rounding over a few steps.
func TestSGDTrainerFloat32(t *testing.T) {
	b := testBackend(t)
	s := shape{in: 12, hidden: 8, out: 5, n: 16, act: fromscratch.ActReLU}
	init, X, labels := randomProblem(t, s, 500)
	pixels, y := pixelsOf(X, labels)
	manual, err := ingraph.NewSGDTrainer(b, init, s.act, ingraph.Manual, 0.2, dtypes.Float32)
	if err != nil {
		t.Fatalf("NewSGDTrainer: %v", err)
	}
	defer manual.Finalize()
	auto, err := ingraph.NewSGDTrainer(b, init, s.act, ingraph.Autodiff, 0.2, dtypes.Float32)
	if err != nil {
		t.Fatalf("NewSGDTrainer: %v", err)
	}
	defer auto.Finalize()
	for step := 1; step <= 10; step++ {
		lm, err := manual.Step(pixels, y)
		if err != nil {
			t.Fatalf("manual step %d: %v", step, err)
		}
		la, err := auto.Step(pixels, y)
		if err != nil {
			t.Fatalf("autodiff step %d: %v", step, err)
		}
		if math.Abs(lm-la) > 1e-5 {
			t.Errorf("step %d: manual loss %.8g, autodiff %.8g", step, lm, la)
		}
	}
}

func TestSGDTrainerRejectsBadInput(t *testing.T) {
	b := testBackend(t)
	init, err := fromscratch.RandomTwoLayer(4, 3, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		lr    float64
		dtype dtypes.DType
		mode  ingraph.Mode
	}{
		{name: "zero lr", lr: 0, dtype: dtypes.Float32},
		{name: "NaN lr", lr: math.NaN(), dtype: dtypes.Float32},
		{name: "int dtype", lr: 0.1, dtype: dtypes.Int32},
		{name: "unknown mode", lr: 0.1, dtype: dtypes.Float32, mode: ingraph.Mode(7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tr, err := ingraph.NewSGDTrainer(b, init, fromscratch.ActReLU, tt.mode, tt.lr, tt.dtype); err == nil {
				tr.Finalize()
				t.Errorf("NewSGDTrainer accepted %s", tt.name)
			}
		})
	}
	tr, err := ingraph.NewSGDTrainer(b, init, fromscratch.ActReLU, ingraph.Manual, 0.1, dtypes.Float32)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Step(make([]float32, 7), []int32{0, 1}); err == nil {
		t.Error("Step accepted 7 pixel values for 2 examples of 4")
	}
	if _, err := tr.Step(make([]float32, 8), []int32{0, 5}); err == nil {
		t.Error("Step accepted label 5 for 2 classes")
	}
	tr.Finalize()
	if _, err := tr.Step(make([]float32, 8), []int32{0, 1}); err == nil {
		t.Error("Step worked after Finalize")
	}
}
