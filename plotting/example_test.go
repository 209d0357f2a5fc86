package plotting_test

import (
	"fmt"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/deepnb/deepnb/plotting"
)

// pngSize reports the pixel size of a PNG file, to show what was written.
func pngSize(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%s %d×%d", filepath.Base(path), cfg.Width, cfg.Height)
}

// The training curve of notebooks/01_mnist_cnn.ipynb: loss and accuracy
// side by side, train and test in each panel.
func ExampleTrainingCurves() {
	dir, err := os.MkdirTemp("", "deepnb-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	steps := []float64{0, 100, 200, 300}
	loss := []plotting.Series{
		{Name: "train", X: steps, Y: []float64{2.30, 0.45, 0.21, 0.12}},
		{Name: "test", X: steps, Y: []float64{2.28, 0.41, 0.19, 0.13}},
	}
	accuracy := []plotting.Series{
		{Name: "train", X: steps, Y: []float64{0.10, 0.87, 0.94, 0.96}},
		{Name: "test", X: steps, Y: []float64{0.11, 0.88, 0.94, 0.96}},
	}
	fig, err := plotting.TrainingCurves(loss, accuracy)
	if err != nil {
		log.Fatal(err)
	}
	_ = plotting.Show(fig) // displays in GoNB; does nothing here
	path := filepath.Join(dir, "curves.png")
	if err := fig.SavePNG(path, 1000, 400); err != nil {
		log.Fatal(err)
	}
	fmt.Println(pngSize(path))
	// Output: curves.png 1000×400
}

// A bad value is reported with the series and the index, not drawn.
func ExampleLineChart_nan() {
	_, err := plotting.LineChart("Loss", "step", "loss",
		plotting.Series{Name: "train", X: []float64{0, 1, 2}, Y: []float64{2.3, math.NaN(), 0.9}})
	fmt.Println(err)
	// Output: plotting: line chart "Loss": series "train" has Y[1]=NaN, want a finite value
}

// Activations and a derivative, as in notebooks/02_forward_pass.ipynb.
func ExampleFunctionPlot() {
	dir, err := os.MkdirTemp("", "deepnb-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	p, err := plotting.FunctionPlot("Activations", -4, 4, 161,
		plotting.NamedFunc{Name: "sigmoid", F: sigmoid},
		plotting.NamedFunc{Name: "sigmoid'", F: func(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }},
		plotting.NamedFunc{Name: "tanh", F: math.Tanh},
	)
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, "activations.png")
	if err := plotting.FigureOf(p).SavePNG(path, 640, 420); err != nil {
		log.Fatal(err)
	}
	fmt.Println(pngSize(path))
	// Output: activations.png 640×420
}

// Gradient descent on f = x² + 10y², like the contour plots of
// notebooks/04_gradient_descent.ipynb (which use f = ½wᵀAw): a good step
// size and one that diverges along y (its path is clipped to the box).
func ExampleContour() {
	dir, err := os.MkdirTemp("", "deepnb-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	f := func(x, y float64) float64 { return x*x + 10*y*y }
	run := func(name string, lr float64) plotting.Trajectory {
		x, y := 1.8, 0.5
		tr := plotting.Trajectory{Name: name, X: []float64{x}, Y: []float64{y}}
		for range 30 {
			x, y = x-lr*2*x, y-lr*20*y
			tr.X, tr.Y = append(tr.X, x), append(tr.Y, y)
		}
		return tr
	}
	p, err := plotting.Contour(f, -2, 2, -1, 1, 10, run("lr=0.05", 0.05), run("lr=0.12", 0.12))
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, "descent.png")
	if err := plotting.FigureOf(p).SavePNG(path, 640, 420); err != nil {
		log.Fatal(err)
	}
	fmt.Println(pngSize(path))
	// Output: descent.png 640×420
}

// A confusion matrix, as in notebooks/10_evaluate_mnist_cnn.ipynb.
func ExampleConfusionMatrix() {
	dir, err := os.MkdirTemp("", "deepnb-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	counts := [][]int{ // counts[true][pred]
		{50, 2, 0},
		{5, 40, 5},
		{0, 1, 47},
	}
	p, err := plotting.ConfusionMatrix(counts, []string{"cat", "dog", "bird"}, "Pets")
	if err != nil {
		log.Fatal(err)
	}
	fig := plotting.FigureOf(p)
	fig.WidthPx, fig.HeightPx = 420, 400
	path := filepath.Join(dir, "confusion.png")
	if err := fig.SavePNG(path, fig.WidthPx, fig.HeightPx); err != nil {
		log.Fatal(err)
	}
	fmt.Println(pngSize(path))
	// Output: confusion.png 420×400
}

// Digits captioned with their predictions, and the true label when wrong,
// as notebooks/01_mnist_cnn.ipynb captions its test digits.
func ExampleImageGrid() {
	dir, err := os.MkdirTemp("", "deepnb-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// Two 28×28 "digits": a vertical and a horizontal bar.
	vertical, horizontal := make([]float32, 28*28), make([]float32, 28*28)
	for i := 4; i < 24; i++ {
		vertical[i*28+14] = 1
		horizontal[14*28+i] = 1
	}
	img, err := plotting.ImageGrid([][]float32{vertical, horizontal}, 28, 28,
		[]string{"pred 1 (true 7)", "pred 4 (true 9)"}, 2)
	if err != nil {
		log.Fatal(err)
	}
	_ = plotting.ShowImage(img) // displays in GoNB; does nothing here
	path := filepath.Join(dir, "mistakes.png")
	if err := plotting.SaveImagePNG(path, img); err != nil {
		log.Fatal(err)
	}
	fmt.Println(pngSize(path))
	// Output: mistakes.png 192×118
}

// Redraw a chart in place while training: in GoNB the same output area
// is replaced at each Update; elsewhere Update does nothing.
func ExampleLive() {
	live := plotting.NewLive()
	var steps, losses []float64
	for step := range 5 {
		steps = append(steps, float64(step))
		losses = append(losses, 2.3/float64(step+1))
		p, err := plotting.LineChart("Loss", "step", "loss", plotting.Series{Name: "train", X: steps, Y: losses})
		if err != nil {
			log.Fatal(err)
		}
		if err := live.Update(plotting.FigureOf(p)); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("in notebook:", plotting.InNotebook())
	// Output: in notebook: false
}
