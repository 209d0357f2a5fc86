package fromscratch

import "fmt"

// DenseForwardXW returns z = a·W + b for a batch a [n, in], W [in, out] and
// b [out]: zᵢⱼ = Σₖ aᵢₖ Wₖⱼ + bⱼ. This is the batch-first layout (X·W, W with
// one row per input) of GoMLX and of TwoLayer; Dense keeps the textbook
// layout W·x + b with W [out][in], one row per output.
func DenseForwardXW(a, W [][]float64, b []float64) ([][]float64, error) {
	z, err := denseForwardXW(a, W, b)
	if err != nil {
		return nil, fmt.Errorf("fromscratch: dense forward: %w", err)
	}
	return z, nil
}

func denseForwardXW(a, W [][]float64, b []float64) ([][]float64, error) {
	if err := checkMatrix("input", a); err != nil {
		return nil, err
	}
	if err := checkMatrix("W", W); err != nil {
		return nil, err
	}
	if len(a[0]) != len(W) {
		return nil, fmt.Errorf("input is [%d %d] but W is [%d %d]", len(a), len(a[0]), len(W), len(W[0]))
	}
	if err := checkVector("b", b, len(W[0])); err != nil {
		return nil, err
	}
	z := newMatrix(len(a), len(W[0]))
	for i, ai := range a {
		copy(z[i], b)
		for k, aik := range ai {
			if aik == 0 { // ReLU outputs and blank pixels: a zero adds nothing.
				continue
			}
			for j, wkj := range W[k] {
				z[i][j] += aik * wkj
			}
		}
	}
	return z, nil
}

// DenseBackwardXW is the chain rule through z = a·W + b. Given δ = ∂L/∂z
// [n, out] it returns
//
//	dW = aᵀ·δ     [in, out]   ∂L/∂Wₖⱼ = Σᵢ aᵢₖ δᵢⱼ (W is used by every example)
//	db = Σᵢ δᵢ    [out]       b is added to every example
//	dA = δ·Wᵀ     [n, in]     ∂L/∂aᵢₖ = Σⱼ δᵢⱼ Wₖⱼ, passed on to the layer below
//
// Introduced in notebooks/05_backprop.ipynb.
func DenseBackwardXW(a, W, delta [][]float64) (dW [][]float64, db []float64, dA [][]float64, err error) {
	dW, db, dA, err = denseBackwardXW(a, W, delta)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("fromscratch: dense backward: %w", err)
	}
	return dW, db, dA, nil
}

func denseBackwardXW(a, W, delta [][]float64) (dW [][]float64, db []float64, dA [][]float64, err error) {
	for _, m := range []struct {
		name string
		m    [][]float64
	}{{"input", a}, {"W", W}, {"delta", delta}} {
		if err := checkMatrix(m.name, m.m); err != nil {
			return nil, nil, nil, err
		}
	}
	in, out := len(W), len(W[0])
	if len(a[0]) != in || len(delta[0]) != out || len(a) != len(delta) {
		return nil, nil, nil, fmt.Errorf("input [%d %d], W [%d %d] and delta [%d %d] do not fit z = input·W + b",
			len(a), len(a[0]), in, out, len(delta), len(delta[0]))
	}
	dW, db, dA = newMatrix(in, out), make([]float64, out), newMatrix(len(a), in)
	for i, di := range delta {
		for j, dij := range di {
			db[j] += dij
		}
		for k, aik := range a[i] {
			var sum float64
			for j, dij := range di {
				dW[k][j] += aik * dij
				sum += dij * W[k][j]
			}
			dA[i][k] = sum
		}
	}
	return dW, db, dA, nil
}
