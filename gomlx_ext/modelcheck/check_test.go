package modelcheck

import (
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/layers"
	"github.com/deepnb/deepnb/internal/backendtest"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func TestMain(m *testing.M) { backendtest.Main(m) }

// call builds model through Call on a [4, 3] input inside a graph and returns Call's error.
func call(t *testing.T, model func(ctx *context.Context, x *graph.Node) []*graph.Node, want Want) (*Output, error) {
	t.Helper()
	var out *Output
	var callErr error
	exec, err := context.NewExec(backendtest.New(t), context.New(), func(ctx *context.Context, x *graph.Node) *graph.Node {
		out, callErr = Call(func(ctx *context.Context, _ any, in []*graph.Node) []*graph.Node { return model(ctx, in[0]) },
			ctx, nil, []*graph.Node{x}, want)
		if callErr == nil {
			return out.Outputs[0]
		}
		return x
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.Exec(tensors.FromFlatDataAndDimensions(make([]float32, 12), 4, 3)); err != nil {
		t.Fatal(err)
	}
	return out, callErr
}

func TestCallReportsTheLastLayer(t *testing.T) {
	out, err := call(t, func(ctx *context.Context, x *graph.Node) []*graph.Node {
		x = layers.Dense(ctx.In("hidden"), x, 5)
		// The random generator's state is a variable too, but no layer's.
		x = graph.Add(x, ctx.RandomUniform(x.Graph(), x.Shape()))
		return []*graph.Node{layers.Dense(ctx.In("out"), x, 2)}
	}, Want{Data: "d", Classes: 2, Labels: []int32{0, 1, 1}})
	if err != nil || out.Classes != 2 || out.LastLayer != "/out" {
		t.Fatalf("Call = %+v, %v; want 2 classes, last layer /out", out, err)
	}
	_, err = call(t, func(ctx *context.Context, x *graph.Node) []*graph.Node {
		x = layers.Dense(ctx.In("out"), x, 2)
		return []*graph.Node{graph.Add(x, ctx.RandomUniform(x.Graph(), x.Shape()))}
	}, Want{Data: "d", Labels: []int32{0, -1}})
	if want := "label -1 (example 1 of d) is not one of the model's 2 classes 0..1 (last layer /out)"; err == nil || err.Error() != want {
		t.Errorf("negative label: %v, want %s", err, want)
	}
	_, err = call(t, func(ctx *context.Context, x *graph.Node) []*graph.Node { return nil }, Want{Data: "d"})
	if want := "model graph: the model returned no output (no layer with variables), want logits [batch, classes]"; err == nil || err.Error() != want {
		t.Errorf("no output: %v, want %s", err, want)
	}
}
