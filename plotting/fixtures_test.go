package plotting_test

import (
	"math"

	"github.com/deepnb/deepnb/plotting"
)

// Deterministic data for golden images and examples: shaped like the real
// thing, but computed, so a test never depends on a training run.

// trainingHistory returns loss and accuracy curves like those of an MNIST
// CNN: train logged every 20 steps (with some wiggle), test every 100.
func trainingHistory() (loss, accuracy []plotting.Series) {
	var trainX, trainLoss, trainAcc, testX, testLoss, testAcc []float64
	for s := 0.0; s <= 1000; s += 20 {
		wiggle := 0.04 * math.Sin(s*0.37)
		trainX = append(trainX, s)
		trainLoss = append(trainLoss, 2.3*math.Exp(-s/150)+0.05+wiggle)
		trainAcc = append(trainAcc, math.Min(1, 1-0.9*math.Exp(-s/120)-0.02+wiggle/4))
	}
	for s := 0.0; s <= 1000; s += 100 {
		testX = append(testX, s)
		testLoss = append(testLoss, 2.25*math.Exp(-s/160)+0.08)
		testAcc = append(testAcc, 1-0.9*math.Exp(-s/130)-0.025)
	}
	loss = []plotting.Series{
		{Name: "train", X: trainX, Y: trainLoss},
		{Name: "test", X: testX, Y: testLoss},
	}
	accuracy = []plotting.Series{
		{Name: "train", X: trainX, Y: trainAcc},
		{Name: "test", X: testX, Y: testAcc},
	}
	return loss, accuracy
}

// activations are the functions of notebooks/02_forward_pass.ipynb.
func activations() []plotting.NamedFunc {
	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	return []plotting.NamedFunc{
		{Name: "sigmoid", F: sigmoid},
		{Name: "tanh", F: math.Tanh},
		{Name: "ReLU", F: func(x float64) float64 { return math.Max(0, x) }},
		{Name: "sigmoid'", F: func(x float64) float64 { s := sigmoid(x); return s * (1 - s) }},
	}
}

// bowl is an ill-conditioned quadratic, f = x² + 10y², the classic case
// where a step size good for one axis diverges on the other.
func bowl(x, y float64) float64 { return x*x + 10*y*y }

// descend runs gradient descent on bowl from (x, y) for steps steps.
func descend(name string, lr, x, y float64, steps int) plotting.Trajectory {
	tr := plotting.Trajectory{Name: name, X: []float64{x}, Y: []float64{y}}
	for range steps {
		x, y = x-lr*2*x, y-lr*20*y
		tr.X, tr.Y = append(tr.X, x), append(tr.Y, y)
	}
	return tr
}

// confusionCounts is a 10-class matrix with a strong diagonal and a few
// typical MNIST confusions (4↔9, 3↔5, 7→2).
func confusionCounts() [][]int {
	support := []int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	off := map[[2]int]int{
		{4, 9}: 14, {9, 4}: 9, {3, 5}: 11, {5, 3}: 8, {7, 2}: 12,
		{2, 7}: 5, {8, 3}: 6, {6, 0}: 4, {1, 8}: 3, {9, 7}: 7,
	}
	counts := make([][]int, 10)
	for t := range counts {
		counts[t] = make([]int, 10)
		diag := support[t]
		for p := range counts[t] {
			if v := off[[2]int{t, p}]; v > 0 {
				counts[t][p] = v
				diag -= v
			}
		}
		counts[t][t] = diag
	}
	return counts
}

// digitLike returns a 28×28 image in [0, 1] with a simple anti-aliased
// stroke: kind 0 a ring, 1 a vertical bar, 2 a diagonal, 3 a cross.
func digitLike(kind int) []float32 {
	const n = 28
	img := make([]float32, n*n)
	for r := range n {
		for c := range n {
			x, y := float64(c)-13.5, float64(r)-13.5
			var d float64 // distance to the stroke's centre line
			switch kind % 4 {
			case 0:
				d = math.Abs(math.Hypot(x, y*0.8) - 8)
			case 1:
				d = math.Abs(x)
				if math.Abs(y) > 10 {
					d = math.Inf(1)
				}
			case 2:
				d = math.Abs(x+y) / math.Sqrt2
				if math.Abs(x-y) > 20 {
					d = math.Inf(1)
				}
			case 3:
				d = math.Min(math.Abs(x-y), math.Abs(x+y)) / math.Sqrt2
				if math.Hypot(x, y) > 10 {
					d = math.Inf(1)
				}
			}
			v := math.Max(0, math.Min(1, 2.2-d))
			img[r*n+c] = float32(v)
		}
	}
	return img
}

// digitGrid returns 8 images with prediction captions.
func digitGrid() (images [][]float32, captions []string) {
	truth := []int{0, 1, 7, 4, 0, 1, 2, 9}
	pred := []int{0, 1, 2, 4, 6, 1, 7, 4}
	for k := range truth {
		images = append(images, digitLike(k))
		captions = append(captions, captionFor(pred[k], truth[k]))
	}
	return images, captions
}

func captionFor(pred, truth int) string {
	if pred == truth {
		return "pred " + string(rune('0'+pred))
	}
	return "pred " + string(rune('0'+pred)) + " (true " + string(rune('0'+truth)) + ")"
}
