// Package metrics scores classifiers from plain label slices: accuracy,
// the confusion matrix, per-class precision, recall and F1, their macro
// and support-weighted averages, a Wilson confidence interval for an
// accuracy and for the difference of two accuracies (on independent sets,
// or paired on the same examples), McNemar's paired test for comparing two
// classifiers on the same examples, calibration (reliability bins and the
// expected calibration error), and a Report that prints as a table and
// marshals to JSON.
//
// Introduced in notebooks/10_evaluate_mnist_cnn.ipynb (the report, the
// Wilson interval, the intervals of differences, calibration); McNemar
// in notebooks/07_momentum.ipynb. The exercise solutions of
// notebooks/01_mnist_cnn.ipynb call Wilson and McNemar first, without
// explaining them.
//
// Labels are int32 class indices in [0, numClasses), the dtype GoMLX's
// ArgMax produces; ArgMax here turns a flat [batch, numClasses] logits
// slice into such labels. The package needs no GoMLX: everything is
// plain Go, so a command-line tool or a test can score predictions read
// from a file.
//
// Conventions, chosen to never produce NaN (they match scikit-learn's
// classification_report with zero_division=0):
//
//   - precision of a class that is never predicted is 0;
//   - recall of a class that never occurs in yTrue is 0;
//   - F1 is 0 when precision + recall is 0;
//   - macro averages are the unweighted means over the classes that occur
//     in yTrue or yPred; a class absent from both carries no evidence and
//     is left out (it still appears in the per-class table, with zeros).
//     The macro F1 is the mean of the per-class F1 scores, not the F1 of
//     the macro precision and recall.
package metrics
