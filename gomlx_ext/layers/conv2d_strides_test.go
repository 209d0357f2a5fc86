package layers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Strided convolution: the im2col path's gradients against finite differences, with and without
// rows that no window reaches (8 rows, k = 3, stride 2 leaves the last one out).
func TestConvIm2colStridedGradient(t *testing.T) {
	for _, tt := range []struct {
		name          string
		padding       Padding
		k, stride     int
		height, width int
	}{
		{"valid3_s2", Valid, 3, 2, 7, 6},
		{"valid3_s2_leftover", Valid, 3, 2, 8, 8},
		{"same3_s2", Same, 3, 2, 6, 5},
		{"valid2_s3", Valid, 2, 3, 8, 7},
		{"same4_s3", Same, 4, 3, 7, 8},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(13, 14))
			checkGradients(t, func(in []*Node) *Node { return convIm2col(in[0], in[1], tt.padding, tt.stride) },
				randomValues(rng, 2, tt.height, tt.width, 2), randomValues(rng, tt.k, tt.k, 2, 3))
		})
	}
}

// Conv2D, on the im2col path and on GoMLX's native Convolve (whose forward pass runs on every
// backend), equals the plain-Go loops of gomlx_ext/fromscratch, strides and bias included.
func TestConv2DEqualsFromScratch(t *testing.T) {
	b := testBackend(t)
	rng := rand.New(rand.NewPCG(15, 16))
	for _, k := range []int{1, 2, 3} {
		for _, stride := range []int{1, 2, 3} {
			for _, padding := range []Padding{Valid, Same} {
				for _, native := range []bool{false, true} {
					name := fmt.Sprintf("k%d_s%d_%v_native=%v", k, stride, padding == Same, native)
					x := randomValues(rng, 2, 9, 7, 3)
					kernel := randomValues(rng, k, k, 3, 4)
					bias := randomValues(rng, 4)

					ctx := context.New()
					ctx.In("conv").VariableWithValue("weights", kernel)
					ctx.In("conv").VariableWithValue("biases", bias)
					exec, err := context.NewExec(b, ctx, func(ctx *context.Context, x *Node) *Node {
						conv := Conv2D(ctx.In("conv").Reuse(), x).Filters(4).KernelSize(k).Strides(stride).Padding(padding)
						conv.forceIm2col, conv.forceNative = !native, native
						return conv.Done()
					})
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					out, err := exec.Exec(x)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}

					fsPadding := fromscratch.PadValid
					if padding == Same {
						fsPadding = fromscratch.PadSame
					}
					want, err := fromscratch.Conv2D(
						fromscratch.Maps{N: 2, H: 9, W: 7, C: 3, Data: tensors.MustCopyFlatData[float64](x)},
						fromscratch.Kernel{KH: k, KW: k, In: 3, Out: 4, Data: tensors.MustCopyFlatData[float64](kernel)},
						tensors.MustCopyFlatData[float64](bias), stride, fsPadding)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if got := out[0].Shape().Dimensions; fmt.Sprint(got) != fmt.Sprint(want.Shape()) {
						t.Fatalf("%s: Conv2D shape %v, loops give %v", name, got, want.Shape())
					}
					got := tensors.MustCopyFlatData[float64](out[0])
					for i := range got {
						if math.Abs(got[i]-want.Data[i]) > 1e-12 {
							t.Fatalf("%s: element %d = %.15g, loops give %.15g", name, i, got[i], want.Data[i])
						}
					}
				}
			}
		}
	}
}

func TestConv2DStridesMustBePositive(t *testing.T) {
	exec, err := context.NewExec(testBackend(t), context.New(), func(ctx *context.Context, x *Node) *Node {
		return Conv2D(ctx.In("strided"), x).Filters(2).Strides(0).Done()
	})
	if err == nil {
		_, err = exec.Exec(randomValues(rand.New(rand.NewPCG(1, 1)), 1, 5, 5, 1))
	}
	if err == nil || !strings.Contains(err.Error(), "layers.Conv2D(/strided): Strides must be a positive number, got 0") {
		t.Errorf("Strides(0): error = %v, want one naming the layer and the setting", err)
	}
}
