package main

import (
	"fmt"
	"github.com/deepnb/deepnb/gomlx_ext/evaluate"
	"image"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/metrics"
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"github.com/deepnb/deepnb/plotting"
	"github.com/gomlx/gomlx/pkg/ml/train"
)

// runData is what one run trains, validates and tests on.
type runData struct {
	name, dir string
	train     *datasets.Images
	// eval is the set evaluated during training: the validation split, or the test set.
	eval     *datasets.Images
	evalName string
	// test is scored once, after training. Every model here takes pixels in [0, 1] as loaded.
	test *datasets.Images
}

func (d *runData) valImages() int {
	if d.evalName == "validation" {
		return d.eval.N
	}
	return 0
}

func loadData(o options) (*runData, error) {
	d := &runData{dir: o.dataDir}
	var err error
	switch o.dataset {
	case "fashion":
		d.name = "Fashion-MNIST"
		if d.dir == "" {
			if d.dir, err = datasets.FashionMNISTDir(); err != nil {
				return nil, err
			}
		}
		d.train, d.test, err = datasets.LoadFashionMNIST(d.dir)
	default:
		d.name = "MNIST"
		if d.dir == "" {
			if d.dir, err = datasets.MNISTDir(); err != nil {
				return nil, err
			}
		}
		d.train, d.test, err = datasets.LoadMNIST(d.dir)
	}
	if err != nil {
		return nil, err
	}
	if o.trainLimit > 0 && o.trainLimit < d.train.N {
		if d.train, err = d.train.Take(o.trainLimit); err != nil {
			return nil, err
		}
	}
	d.eval, d.evalName = d.test, "test"
	if o.valSplit > 0 {
		if d.train, d.eval, err = datasets.TrainValidationSplit(d.train, o.valSplit, o.seed, true); err != nil {
			return nil, err
		}
		d.evalName = "validation"
	}
	if o.batchSize > d.train.N {
		return nil, fmt.Errorf("-batch %d: larger than the %d training images", o.batchSize, d.train.N)
	}
	return d, nil
}

// batches serves the training set (shuffled, augmented with -augment) and the evaluation set.
func (d *runData) batches(o options) (trainBatches, evalBatches *datasets.Batches, err error) {
	cfg := datasets.BatchConfig{BatchSize: o.batchSize, Shuffle: true, Seed: o.seed, DropIncomplete: true}
	if o.augment {
		aug := datasets.AugmentConfig{MaxShift: 2, MaxRotationDegrees: 10}
		if o.dataset == "fashion" {
			aug.FlipProbability = 0.5 // a mirrored garment is still one; a mirrored digit is not
		}
		augmenter, err := datasets.NewAugmenter(aug)
		if err != nil {
			return nil, nil, err
		}
		cfg.Augment, cfg.AugmentName = augmenter.Apply, augmenter.String()
	}
	if trainBatches, err = datasets.NewBatches(d.train, cfg); err != nil {
		return nil, nil, err
	}
	if evalBatches, err = datasets.NewBatches(d.eval, datasets.BatchConfig{BatchSize: min(evaluate.DefaultBatchSize, d.eval.N)}); err != nil {
		return nil, nil, err
	}
	return trainBatches, evalBatches, nil
}

func modelFor(name string) (train.ModelFn, error) { return models.ByName(name) }

func confusionFigure(r *metrics.Report, classNames []string, name string) (*plotting.Figure, error) {
	p, err := plotting.ConfusionMatrix(r.Confusion, classNames, name+": confusion matrix")
	if err != nil {
		return nil, err
	}
	return plotting.FigureOf(p), nil
}

func savePNG(path string, img image.Image) error { return plotting.SaveImagePNG(path, img) }
