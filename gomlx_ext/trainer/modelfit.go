package trainer

import (
	"fmt"

	"github.com/deepnb/deepnb/gomlx_ext/modelcheck"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// modelFit is what Fit checks about the model against its data (see modelcheck): the output
// width against the data's classes and every label against the output width, and a panic while
// building the graph as an error naming the layer scope.
type modelFit struct {
	train, eval modelcheck.Want
	// classes and lastLayer describe the model once a graph was built (classes 0 before).
	classes   int
	lastLayer string
	// err is the problem the last graph build or label check found: GoMLX wraps the panic that
	// carries it in messages of its own, Fit reports this one line instead.
	err error
}

func newModelFit(trainData, evalData train.Dataset) *modelFit {
	f := &modelFit{train: modelcheck.Want{Data: trainData.Name(), Classes: numClasses(trainData),
		LabelSource: "the batch of " + trainData.Name()}}
	if evalData != nil {
		f.eval = modelcheck.Want{Data: evalData.Name(), Classes: numClasses(evalData)}
	}
	return f
}

// numClasses is the data's number of classes when it tells (datasets.Batches does), else 0.
func numClasses(data train.Dataset) int {
	if c, ok := data.(interface{ NumClasses() int }); ok {
		return c.NumClasses()
	}
	return 0
}

// wrap returns model checked by modelcheck.Call in every graph GoMLX builds: training graphs
// against the training data (and the batch's labels, set by checkBatch), evaluation graphs against
// the held-out data.
func (f *modelFit) wrap(model train.ModelFn) train.ModelFn {
	return func(ctx *context.Context, spec any, inputs []*graph.Node) []*graph.Node {
		want := f.eval
		if len(inputs) > 0 && ctx.IsTraining(inputs[0].Graph()) {
			want = f.train
		}
		out, err := modelcheck.Call(model, ctx, spec, inputs, want)
		if err != nil {
			f.err = err
			panic(err) // GoMLX's graph-building convention: its Exec returns it as an error.
		}
		f.classes, f.lastLayer = out.Classes, out.LastLayer
		return out.Outputs
	}
}

// checkBatch checks a training batch's labels against the model's classes when a graph was built,
// and leaves them for the check of the graph the step is about to build otherwise.
func (f *modelFit) checkBatch(labels []*tensors.Tensor) error {
	values := labelValues(labels)
	f.train.Labels = values
	if f.classes == 0 {
		return nil
	}
	return modelcheck.CheckLabels(values, f.classes, f.lastLayer, f.train.LabelSource)
}

// explain replaces an error of GoMLX's that carried a check's panic by the check's own line.
func (f *modelFit) explain(err error) error {
	if err != nil && f.err != nil {
		return f.err
	}
	return err
}

// labelValues copies int32 labels to Go; nil for other labels (the loss reports those).
func labelValues(labels []*tensors.Tensor) []int32 {
	if len(labels) == 0 || labels[0] == nil || labels[0].DType() != dtypes.Int32 {
		return nil
	}
	values, err := tensors.CopyFlatData[int32](labels[0])
	if err != nil {
		return nil
	}
	return values
}

// checkedEval serves the held-out data with its labels checked against the model's classes.
type checkedEval struct {
	train.Dataset
	fit *modelFit
}

func (c checkedEval) Yield() (spec any, inputs, labels []*tensors.Tensor, err error) {
	spec, inputs, labels, err = c.Dataset.Yield()
	if err != nil || c.fit.classes == 0 {
		return spec, inputs, labels, err
	}
	if err := modelcheck.CheckLabels(labelValues(labels), c.fit.classes, c.fit.lastLayer, "a batch of "+c.Name()); err != nil {
		c.fit.err = err
		finalize(inputs, labels)
		return nil, nil, nil, err
	}
	return spec, inputs, labels, nil
}

// IsOwnershipTransferred keeps the wrapped dataset's answer (train.DatasetCustomOwnership).
func (c checkedEval) IsOwnershipTransferred() bool {
	if o, ok := c.Dataset.(train.DatasetCustomOwnership); ok {
		return o.IsOwnershipTransferred()
	}
	return true
}

// catchPanic runs fn, GoMLX code that may panic with a value GoMLX does not catch itself (only
// errors are), and returns such a panic as an error.
func catchPanic(what string, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: %v", what, p)
		}
	}()
	return fn()
}
