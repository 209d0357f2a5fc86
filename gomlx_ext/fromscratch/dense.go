package fromscratch

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Dense is one fully connected layer, a = f(W·x + b).
//
// Introduced in notebooks/02_forward_pass.ipynb.
type Dense struct {
	// W holds the weights, shape [out][in]: W[j][i] multiplies input i on its
	// way to output j, so z = W·x is a matrix–vector product.
	W [][]float64
	// B holds one bias per output, len out.
	B []float64
	// Act is the nonlinearity f.
	Act Activation
}

// NewDense returns a layer of `in` inputs and `out` outputs with seeded
// random, non-zero parameters: weights uniform in ±√(6/(in+out)) (Glorot's
// range, which keeps z of the same scale as x) and biases uniform in ±0.5.
// Zeros would hide bugs: every output would be equal, and so would every
// gradient.
//
// Introduced in notebooks/02_forward_pass.ipynb.
func NewDense(in, out int, act Activation, seed uint64) (Dense, error) {
	if in < 1 || out < 1 {
		return Dense{}, fmt.Errorf("fromscratch.NewDense: %d inputs and %d outputs, want at least 1 each", in, out)
	}
	if !act.Valid() {
		return Dense{}, fmt.Errorf("fromscratch.NewDense: unknown activation %s", act)
	}
	rng := rand.New(rand.NewPCG(seed, uint64(in)<<32|uint64(out)))
	limit := math.Sqrt(6 / float64(in+out))
	d := Dense{W: make([][]float64, out), B: make([]float64, out), Act: act}
	for j := range d.W {
		d.W[j] = make([]float64, in)
		for i := range d.W[j] {
			d.W[j][i] = limit * (2*rng.Float64() - 1)
		}
		d.B[j] = rng.Float64() - 0.5
	}
	return d, nil
}

// Shape returns the number of outputs and inputs, the shape of W.
func (d Dense) Shape() (out, in int) {
	if len(d.W) == 0 {
		return 0, 0
	}
	return len(d.W), len(d.W[0])
}

// Params returns the number of parameters, out·in weights plus out biases.
func (d Dense) Params() int {
	out, in := d.Shape()
	return out*in + out
}

// Validate checks that W is a non-empty rectangle, B has one value per row
// of W, every value is finite and Act is known.
func (d Dense) Validate() error {
	if err := CheckMatrix("W", d.W); err != nil {
		return fmt.Errorf("fromscratch.Dense: %w", err)
	}
	if err := CheckVector("b", d.B, len(d.W)); err != nil {
		return fmt.Errorf("fromscratch.Dense: %w (one bias per row of W)", err)
	}
	if !d.Act.Valid() {
		return fmt.Errorf("fromscratch.Dense: unknown activation %s", d.Act)
	}
	return nil
}

// Forward returns z = W·x + b and a = f(z) for one input vector x.
func (d Dense) Forward(x []float64) (z, a []float64, err error) {
	if err := d.Validate(); err != nil {
		return nil, nil, err
	}
	out, in := d.Shape()
	if len(x) != in {
		return nil, nil, fmt.Errorf("fromscratch.Dense.Forward: x has %d values, W is %d×%d (want %d inputs)", len(x), out, in, in)
	}
	z = make([]float64, out)
	for j, row := range d.W {
		sum := d.B[j]
		for i, w := range row {
			sum += w * x[i]
		}
		z[j] = sum
	}
	a, err = d.Act.Apply(z)
	return z, a, err
}

// ForwardBatch applies Forward to every row of X (rows are examples) and
// returns the activations, one row per example: shape [n][out].
func (d Dense) ForwardBatch(X [][]float64) ([][]float64, error) {
	if len(X) == 0 {
		return nil, fmt.Errorf("fromscratch.Dense.ForwardBatch: empty batch")
	}
	A := make([][]float64, len(X))
	for n, x := range X {
		_, a, err := d.Forward(x)
		if err != nil {
			return nil, fmt.Errorf("example %d: %w", n, err)
		}
		A[n] = a
	}
	return A, nil
}
