package layers

import (
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
)

// The native path (GoMLX's Convolve and MaxPool) is what Conv2D and MaxPool2D run on backends that
// have their gradients (XLA). These tests check those gradients against finite differences there,
// as the im2col tests do for DeepNB's own path; on the pure-Go backend they are skipped, since
// autodiff of Convolve needs the Reverse op that backend lacks. scripts/gpu_check.sh runs them
// on XLA-CUDA.

func skipWithoutNativeGradients(t *testing.T) {
	t.Helper()
	if b := testBackend(t); !HasNativeConvGradients(b) {
		t.Skipf("backend %q has no native convolution/pooling gradients; DeepNB's own path is tested instead", b.Name())
	}
}

func TestNativeConvolutionGradient(t *testing.T) {
	skipWithoutNativeGradients(t)
	rng := rand.New(rand.NewPCG(5, 9))
	for _, padding := range []Padding{Valid, Same} {
		checkGradients(t, func(in []*Node) *Node { return stockConvolve(in[0], in[1], padding, 1) },
			randomValues(rng, 2, 6, 5, 3), randomValues(rng, 3, 3, 3, 4))
	}
}

func TestNativeMaxPoolGradient(t *testing.T) {
	skipWithoutNativeGradients(t)
	rng := rand.New(rand.NewPCG(6, 10))
	checkGradients(t, func(in []*Node) *Node {
		return MaxPool(in[0]).Window(2).Strides(2).NoPadding().Done()
	}, randomValues(rng, 2, 6, 4, 3))
}
