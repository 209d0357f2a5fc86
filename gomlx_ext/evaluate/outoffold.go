package evaluate

import (
	"fmt"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// OutOfFold gives every example of data a prediction from a model that never saw it: for each
// fold (datasets.KFolds), a fresh model (new context, same cfg) is trained on the other folds'
// examples — batched by batch, shuffled with cfg.Seed — and predicts the fold. The result covers
// data's examples in their order, so that (*Predictions).Mistakes on data.Labels lists the
// training labels the models dispute most confidently: candidates for label errors.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func OutOfFold(b backends.Backend, model train.ModelFn, data *datasets.Images, folds [][]int, batch datasets.BatchConfig, cfg trainer.Config) (*Predictions, error) {
	if len(folds) < 2 {
		return nil, fmt.Errorf("out-of-fold %s: %d folds, want at least 2", data.Name, len(folds))
	}
	var out *Predictions
	covered := make([]bool, data.N)
	for f, fold := range folds {
		trainSet, err := data.Subset(datasets.Complement(data.N, fold))
		if err != nil {
			return nil, fmt.Errorf("out-of-fold %s, fold %d: %w", data.Name, f, err)
		}
		held, err := data.Subset(fold)
		if err != nil {
			return nil, fmt.Errorf("out-of-fold %s, fold %d: %w", data.Name, f, err)
		}
		batches, err := datasets.NewBatches(trainSet, batch)
		if err != nil {
			return nil, fmt.Errorf("out-of-fold %s, fold %d: %w", data.Name, f, err)
		}
		ctx := context.New()
		if _, err := trainer.Fit(b, ctx, model, batches, nil, "", cfg); err != nil {
			return nil, fmt.Errorf("out-of-fold %s, fold %d: %w", data.Name, f, err)
		}
		p, err := Predict(b, ctx, model, held, max(batch.BatchSize, DefaultBatchSize))
		if err != nil {
			return nil, fmt.Errorf("out-of-fold %s, fold %d: %w", data.Name, f, err)
		}
		if out == nil {
			out = &Predictions{NumClasses: p.NumClasses, Logits: make([]float32, data.N*p.NumClasses), Labels: make([]int32, data.N)}
		}
		for k, i := range fold {
			if covered[i] {
				return nil, fmt.Errorf("out-of-fold %s: example %d is in two folds", data.Name, i)
			}
			covered[i] = true
			copy(out.Logits[i*out.NumClasses:(i+1)*out.NumClasses], p.Logits[k*p.NumClasses:(k+1)*p.NumClasses])
			out.Labels[i] = p.Labels[k]
		}
	}
	for i, c := range covered {
		if !c {
			return nil, fmt.Errorf("out-of-fold %s: example %d is in no fold", data.Name, i)
		}
	}
	return out, nil
}
