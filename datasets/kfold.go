package datasets

import "fmt"

// KFolds splits the indices 0..n−1 into k disjoint folds of sizes differing by at most one, in a
// random order drawn from seed. Training k models, each on all folds but one, and predicting the
// fold it did not see gives every example an out-of-fold prediction: what a model that never saw
// the example thinks its label is.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func KFolds(n, k int, seed uint64) ([][]int, error) {
	if k < 2 || k > n {
		return nil, fmt.Errorf("KFolds: %d folds of %d examples: want 2 ≤ k ≤ n", k, n)
	}
	order := newRand(seed, streamFolds).Perm(n)
	folds := make([][]int, k)
	for f := range folds {
		folds[f] = order[f*n/k : (f+1)*n/k]
	}
	return folds, nil
}

// Complement returns the indices 0..n−1 that are not in fold, in increasing order: the training
// examples of the model that predicts fold.
//
// Introduced in notebooks/13_data_cleaning.ipynb.
func Complement(n int, fold []int) []int {
	in := make([]bool, n)
	for _, i := range fold {
		if i >= 0 && i < n {
			in[i] = true
		}
	}
	out := make([]int, 0, n-len(fold))
	for i, skip := range in {
		if !skip {
			out = append(out, i)
		}
	}
	return out
}
