package modelcheck

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// Want is what a classifier's output must fit.
type Want struct {
	// Data names the data set in errors, e.g. "MNIST train".
	Data string
	// Classes is the data's number of classes (datasets.Images.NumClasses); 0 when the data does
	// not say, and then only Labels bound the model's output width.
	Classes int
	// Labels are labels the output must cover (the batch's, or the whole data set's): each must
	// be at least 0 and below the model's number of outputs. nil checks none.
	Labels []int32
	// LabelSource names Labels in errors, e.g. "the batch of MNIST train"; "" means Data.
	LabelSource string
}

// Output is what Call learnt about a model's graph.
type Output struct {
	// Outputs are what the model returned.
	Outputs []*graph.Node
	// Classes is the width of the logits, the last axis of Outputs[0].
	Classes int
	// LastLayer is the scope of the last variable the model's graph used (its last layer with
	// weights, e.g. "/dense_logits"), "" when it used none.
	LastLayer string
}

// Call builds model(ctx, spec, inputs) and checks its first output against want: logits of shape
// [batch, classes], batch the first axis of inputs[0], classes equal to want.Classes when known and
// above every label of want.Labels. A panic inside model, whatever its value, is recovered. Every
// problem comes back as an error of one line that names the layer scope: the model's last layer for
// an output that does not fit, the last layer the graph reached for a panic.
//
// Call is meant to run inside a graph-building function (a train.ModelFn wrapper): there the
// caller panics with the error, GoMLX's convention, and its Exec returns it.
func Call(model train.ModelFn, ctx *context.Context, spec any, inputs []*graph.Node, want Want) (*Output, error) {
	if len(inputs) == 0 {
		return nil, errors.New("model graph: no inputs")
	}
	g := inputs[0].Graph()
	first := g.NumParameters()
	var outputs []*graph.Node
	if err := catch(func() { outputs = model(ctx, spec, inputs) }); err != nil {
		where := "the graph had used no layer's variables yet"
		if scope := lastVariableScope(g, first); scope != "" {
			where = "the last layer whose variables the graph used: " + scope
		}
		return nil, fmt.Errorf("model graph: %w (%s)", err, where)
	}
	out := &Output{Outputs: outputs, LastLayer: lastVariableScope(g, first)}
	last := "no layer with variables"
	if out.LastLayer != "" {
		last = "last layer " + out.LastLayer
	}
	if len(outputs) == 0 || outputs[0] == nil {
		return nil, fmt.Errorf("model graph: the model returned no output (%s), want logits [batch, classes]", last)
	}
	logits := outputs[0]
	batch := inputs[0].Shape().Dimensions
	if logits.Rank() != 2 || len(batch) == 0 || logits.Shape().Dimensions[0] != batch[0] {
		return nil, fmt.Errorf("model graph: the model's output %s for inputs %s is not logits [batch, classes] (%s): flatten before the last layer",
			logits.Shape(), inputs[0].Shape(), last)
	}
	out.Classes = logits.Shape().Dimensions[1]
	if want.Classes > 0 && out.Classes != want.Classes {
		return nil, fmt.Errorf("model graph: the model has %d outputs (%s, output %s) but %s has %d classes: make the last layer %d wide",
			out.Classes, last, logits.Shape(), want.Data, want.Classes, want.Classes)
	}
	source := want.LabelSource
	if source == "" {
		source = want.Data
	}
	if err := CheckLabels(want.Labels, out.Classes, out.LastLayer, source); err != nil {
		return nil, err
	}
	return out, nil
}

// CheckLabels returns an error naming the first label that is not a class of a model with classes
// outputs (negative, or classes or more), nil when they all are. lastLayer and data name the
// model's last layer scope and the data set in the error.
func CheckLabels(labels []int32, classes int, lastLayer, data string) error {
	for i, l := range labels {
		if l < 0 || int(l) >= classes {
			last := "no layer with variables"
			if lastLayer != "" {
				last = "last layer " + lastLayer
			}
			return fmt.Errorf("label %d (example %d of %s) is not one of the model's %d classes 0..%d (%s)",
				l, i, data, classes, classes-1, last)
		}
	}
	return nil
}

// catch runs fn and returns the value of its panic as an error: errors as they are, anything else
// (a string, a runtime error) as its message.
func catch(fn func()) (err error) {
	defer func() {
		switch p := recover().(type) {
		case nil:
		case runtime.Error:
			err = fmt.Errorf("runtime panic: %w", p)
		case error:
			err = p
		default:
			err = fmt.Errorf("%v", p)
		}
	}()
	fn()
	return nil
}

// lastVariableScope is the scope of the last context variable among the parameters g created
// from handle first on, skipping GoMLX's own ("#rngState"); "" when there is none.
func lastVariableScope(g *graph.Graph, first int) string {
	for h := g.NumParameters() - 1; h >= first; h-- {
		scope, name := context.VariableScopeAndNameFromParameterName(g.GetParameterByHandle(graph.ParameterHandle(h)).GetParameterName())
		if name != "" && !strings.HasPrefix(name, "#") {
			return scope
		}
	}
	return ""
}
