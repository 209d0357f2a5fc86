package layers

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// attentionRun runs SelfAttention on x and x with its last time step changed, with the same weights,
// and returns both outputs and the first run's weights, as [batch][time][features].
func attentionRun(t *testing.T, causal bool) (a, b, w [][][]float64) {
	t.Helper()
	const batch, time, features, dim = 2, 5, 3, 4
	rng := rand.New(rand.NewPCG(3, 4))
	x := randomValues(rng, batch, time, features)
	changed := tensors.FromValue(x.Value().([][][]float64))
	vals := changed.Value().([][][]float64)
	for i := range batch {
		for f := range features {
			vals[i][time-1][f] += 1.5
		}
	}
	changed = tensors.FromValue(vals)
	exec, err := context.NewExec(testBackend(t), context.New(), func(ctx *context.Context, x *Node) (*Node, *Node) {
		return SelfAttention(ctx.In("attention"), x, dim, causal)
	})
	if err != nil {
		t.Fatal(err)
	}
	r1, err := exec.Exec(x)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := exec.Exec(changed)
	if err != nil {
		t.Fatal(err)
	}
	if got := r1[0].Shape().Dimensions; len(got) != 3 || got[0] != batch || got[1] != time || got[2] != features {
		t.Fatalf("output shape %v", got)
	}
	if got := r1[1].Shape().Dimensions; len(got) != 3 || got[1] != time || got[2] != time {
		t.Fatalf("weights shape %v", got)
	}
	return r1[0].Value().([][][]float64), r2[0].Value().([][][]float64), r1[1].Value().([][][]float64)
}

func TestSelfAttentionCausalMask(t *testing.T) {
	a, b, w := attentionRun(t, true)
	for i := range a {
		for ti := 0; ti < len(a[i])-1; ti++ {
			for f := range a[i][ti] {
				if a[i][ti][f] != b[i][ti][f] {
					t.Fatalf("causal: changing the last step changed output [%d][%d][%d]: %g → %g", i, ti, f, a[i][ti][f], b[i][ti][f])
				}
			}
		}
		last := len(a[i]) - 1
		if a[i][last][0] == b[i][last][0] {
			t.Errorf("causal: the last output did not change with its own input")
		}
		for q, row := range w[i] {
			sum := 0.0
			for k, v := range row {
				if k > q && v != 0 {
					t.Errorf("weight of later key [%d][%d][%d] = %g, want 0", i, q, k, v)
				}
				sum += v
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("weights of query [%d][%d] sum to %g", i, q, sum)
			}
		}
	}
}

func TestSelfAttentionWithoutMaskSeesTheFuture(t *testing.T) {
	a, b, _ := attentionRun(t, false)
	if a[0][0][0] == b[0][0][0] {
		t.Fatal("without the mask, changing the last step should change the first output")
	}
}

func TestSelfAttentionGradientIsFinite(t *testing.T) {
	exec, err := context.NewExec(testBackend(t), context.New(), func(ctx *context.Context, x *Node) *Node {
		out, _ := SelfAttention(ctx.In("attention"), x, 4, true)
		return Gradient(ReduceAllSum(Square(out)), x)[0]
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := exec.Exec(randomValues(rand.New(rand.NewPCG(5, 6)), 2, 5, 3))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range r[0].Value().([][][]float64) {
		for _, row := range v {
			for _, g := range row {
				if math.IsNaN(g) || math.IsInf(g, 0) {
					t.Fatalf("gradient through the −∞ mask is %g", g)
				}
			}
		}
	}
}

func TestSelfAttentionBadShapes(t *testing.T) {
	for _, tt := range []struct {
		name string
		dims []int
		dim  int
		want string
	}{
		{"rank 2", []int{2, 5}, 4, "layers.SelfAttention(/attention): input must be [batch, time, features], got shape (Float64)[2 5]"},
		{"dim 0", []int{2, 5, 3}, 0, "layers.SelfAttention(/attention): dim must be positive, got 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			exec, err := context.NewExec(testBackend(t), context.New(), func(ctx *context.Context, x *Node) *Node {
				out, _ := SelfAttention(ctx.In("attention"), x, tt.dim, true)
				return out
			})
			if err == nil {
				_, err = exec.Exec(randomValues(rand.New(rand.NewPCG(1, 1)), tt.dims...))
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant prefix %s", err, tt.want)
			}
		})
	}
}
