// Package evaluate scores a trained model on a data set: Predict runs it over every image and
// keeps the logits; Predictions gives the accuracy, the report of package metrics (confusion
// matrix, per-class precision, recall and F1), the softmax probabilities and the mistakes, most
// confident first. The predicted class of a row is metrics.ArgMax (its NaN rule applies
// everywhere), and accuracy is metrics.Accuracy.
//
// It sits above gomlx_ext/trainer's inputs (datasets, a model and its variables) and draws
// nothing: pictures of the results are in gomlx_ext/trainplot.
//
// Introduced in notebooks/01_mnist_cnn.ipynb (Predict, Accuracy); reports and mistakes in
// notebooks/10_evaluate_mnist_cnn.ipynb.
package evaluate
