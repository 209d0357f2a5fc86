// Package trainplot draws pictures of training and evaluation: a run's loss and accuracy curves
// (Curves), several runs compared (Compare), curves redrawn live while a notebook trains
// (LiveCurves, a trainer.Config.OnRecord callback; Watch, for a cell that trains run after run),
// a grid of the most confident mistakes (MistakesGrid), a learning-rate range test (LRRange), and
// the learning curves per epoch (EpochCurves). It sits above gomlx_ext/trainer and
// gomlx_ext/evaluate, which draw nothing, and below cmd/ and the notebooks.
//
// Introduced in notebooks/01_mnist_cnn.ipynb (Curves), notebooks/08_initialisation.ipynb (LRRange)
// notebooks/10_evaluate_mnist_cnn.ipynb (LiveCurves, MistakesGrid) and
// notebooks/11_fashion_regularization.ipynb (EpochCurves, Watch). Compare is used by no
// notebook or command, only by the package's tests.
package trainplot
