package evaluate

import (
	"fmt"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/metrics"
	"github.com/deepnb/deepnb/gomlx_ext/modelcheck"
	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// Predictions are a model's outputs on a set of images.
//
// Introduced in notebooks/01_mnist_cnn.ipynb.
type Predictions struct {
	// Logits is [N × NumClasses], row-major.
	Logits     []float32
	NumClasses int
	// Labels is the arg-max class of each row (metrics.ArgMax, whose NaN rule applies).
	Labels []int32
}

// Predict runs model (with the trained variables in ctx) over every image of data, batchSize at a
// time (the last, smaller batch compiles one more graph). Before running, it checks that the
// model's output is [batch, classes] with data's number of classes and every label below it
// (modelcheck.Call); those mistakes, and a panic while building the model's graph, are errors of
// one line naming the layer scope.
//
// Introduced in notebooks/01_mnist_cnn.ipynb.
func Predict(b backends.Backend, ctx *context.Context, model train.ModelFn, data *datasets.Images, batchSize int) (*Predictions, error) {
	if batchSize <= 0 {
		return nil, fmt.Errorf("predict %s: batch size must be positive, got %d", data.Name, batchSize)
	}
	if err := data.Validate(); err != nil {
		return nil, fmt.Errorf("predict: %w", err)
	}
	// Every graph built (the first batch's, the smaller last one's) checks the model against the
	// data: its output width against the classes, every label against the output width.
	want := modelcheck.Want{Data: data.Name, Classes: data.NumClasses(), Labels: data.Labels}
	var buildErr error
	exec, err := context.NewExec(b, ctx.Reuse(), func(ctx *context.Context, x *Node) *Node {
		out, err := modelcheck.Call(model, ctx, nil, []*Node{x}, want)
		if err != nil {
			buildErr = err
			panic(err) // GoMLX's graph-building convention: Exec returns it as an error.
		}
		return out.Outputs[0]
	})
	if err != nil {
		return nil, fmt.Errorf("predict %s: %w", data.Name, err)
	}
	size := data.ImageSize()
	p := &Predictions{Labels: make([]int32, 0, data.N)}
	for start := 0; start < data.N; start += batchSize {
		n := min(batchSize, data.N-start)
		x := tensors.FromFlatDataAndDimensions(data.Pixels[start*size:(start+n)*size], n, data.Height, data.Width, data.Channels)
		var out []*tensors.Tensor
		err := catchPanic(func() (err error) {
			out, err = exec.Exec(x)
			return err
		})
		x.FinalizeAll()
		if err != nil {
			if buildErr != nil {
				err = buildErr // GoMLX wraps the check's panic in messages of its own.
			}
			return nil, fmt.Errorf("predict %s: images %d..%d: %w", data.Name, start, start+n-1, err)
		}
		logits, err := tensors.CopyFlatData[float32](out[0])
		if err != nil {
			return nil, fmt.Errorf("predict %s: logits must be float32: %w", data.Name, err)
		}
		classes := out[0].Shape().Dimensions[1]
		out[0].FinalizeAll()
		p.NumClasses = classes
		p.Logits = append(p.Logits, logits...)
		p.Labels = append(p.Labels, metrics.ArgMax(logits, classes)...)
	}
	return p, nil
}

// Accuracy is the fraction of predictions equal to labels (metrics.Accuracy: labels outside the
// classes are an error).
func (p *Predictions) Accuracy(labels []int32) (float64, error) {
	if len(labels) != len(p.Labels) || len(labels) == 0 {
		return 0, fmt.Errorf("accuracy: %d predictions for %d labels", len(p.Labels), len(labels))
	}
	return metrics.Accuracy(labels, p.Labels, p.NumClasses)
}

// DefaultBatchSize is the batch size DeepNB predicts with: inference keeps no activations for a
// backward pass, so batches larger than training's fit in memory and compile fewer graphs.
const DefaultBatchSize = 500

// catchPanic runs fn, GoMLX code that may panic with a value GoMLX does not catch itself (it
// catches errors only), and returns such a panic as an error.
func catchPanic(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn()
}
