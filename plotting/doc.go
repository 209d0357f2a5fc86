// Package plotting draws the figures of the DeepNB notebooks with
// gonum.org/v1/plot and shows them inline in GoNB.
//
// It takes plain numbers — float64 slices, small structs, count matrices —
// and knows nothing of GoMLX, so the same code serves notebooks, command
// line tools and tests. Every constructor validates its input and returns
// an error naming the series, trajectory, image or cell at fault; NaN and
// ±Inf are rejected rather than drawn as gaps.
//
// Where each part is introduced:
//
//   - LineChart, TrainingCurves and ImageGrid in notebooks/01_mnist_cnn.ipynb
//     (the MNIST training curve, drawn through trainplot.Curves, and grids
//     of digits captioned with their labels and predictions); the first
//     direct LineChart call is in notebooks/04_gradient_descent.ipynb;
//   - FunctionPlot in notebooks/02_forward_pass.ipynb (activations and
//     their derivatives);
//   - Contour in notebooks/04_gradient_descent.ipynb (loss surfaces with
//     gradient-descent paths, including diverging ones);
//   - ConfusionMatrix in notebooks/10_evaluate_mnist_cnn.ipynb;
//   - DecisionBoundary, RenderDOT (Graphviz's dot) and ShowSVGText in
//     notebooks/06_autodiff.ipynb;
//   - Histograms in notebooks/08_initialisation.ipynb (activations and
//     gradients per layer);
//   - PathSweep in notebooks/07_momentum.ipynb (one optimiser path per
//     slider position, drawn over the same level curves);
//   - SlidingWindow in notebooks/09_convolution.ipynb (a kernel's windows
//     over a padded input at a stride, and the output cells they make), and
//     there too FilterView, OnCanvas and CanvasSize (a digit, a filter and its
//     feature map, redrawn by a knob on a canvas of one size);
//   - CountHistograms in notebooks/13_data_cleaning.ipynb (counts on a log
//     axis: the shape distances of candidate duplicate pairs).
//
// A Figure holds one or more plots in a grid and renders to PNG or SVG, or
// to a file written atomically (temporary file in the same directory, then
// rename). Show, ShowSVG, ShowImage and Live display in a GoNB cell and do
// nothing elsewhere, so a notebook cell can both show and save:
//
//	fig, err := plotting.TrainingCurves(loss, accuracy)
//	if err != nil { ... }
//	_ = plotting.Show(fig)                       // inline in GoNB
//	err = fig.SavePNG("curves.png", 1000, 400)   // everywhere
//
// Text uses the Liberation fonts bundled with gonum, never system fonts,
// so a PNG is the same on every machine; the tests compare rendered PNGs
// with testdata/*_golden.png (go test ./plotting -regen refreshes them).
package plotting
