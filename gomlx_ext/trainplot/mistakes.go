package trainplot

import (
	"fmt"
	"image"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/evaluate"
	"github.com/deepnb/deepnb/plotting"
)

// MistakesGrid draws the first n mistakes (evaluate.Predictions.Mistakes) (images from data, which must hold pixels in [0, 1]:
// pass the set before normalisation) in a grid of cols columns, each captioned with the true
// class, the predicted one and the model's confidence.
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb.
func MistakesGrid(data *datasets.Images, mistakes []evaluate.Mistake, n, cols int) (image.Image, error) {
	if data.Channels != 1 {
		return nil, fmt.Errorf("mistakes grid: %s has %d channels, only grey images are drawn", data.Name, data.Channels)
	}
	n = min(n, len(mistakes))
	if n == 0 {
		return nil, fmt.Errorf("mistakes grid: no mistakes to draw")
	}
	name := func(c int32) string {
		if int(c) < len(data.ClassNames) {
			return data.ClassNames[c]
		}
		return fmt.Sprint(c)
	}
	images := make([][]float32, n)
	captions := make([]string, n)
	for k, m := range mistakes[:n] {
		if m.Index < 0 || m.Index >= data.N {
			return nil, fmt.Errorf("mistakes grid: example %d is not in %s (%d images)", m.Index, data.Name, data.N)
		}
		images[k] = data.Image(m.Index)
		captions[k] = fmt.Sprintf("true %s\npred %s %.0f%%", name(m.True), name(m.Predicted), 100*m.Confidence)
	}
	return plotting.ImageGrid(images, data.Height, data.Width, captions, cols)
}
