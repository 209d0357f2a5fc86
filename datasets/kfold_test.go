package datasets

import (
	"slices"
	"testing"
)

func TestKFolds(t *testing.T) {
	folds, err := KFolds(103, 5, 9)
	if err != nil {
		t.Fatal(err)
	}
	seen := make([]int, 103)
	for _, f := range folds {
		if len(f) < 103/5 || len(f) > 103/5+1 {
			t.Errorf("fold of %d examples, want %d or %d", len(f), 103/5, 103/5+1)
		}
		for _, i := range f {
			seen[i]++
		}
		rest := Complement(103, f)
		if len(rest)+len(f) != 103 || !slices.IsSorted(rest) {
			t.Errorf("complement of %d: %d indices (sorted %v)", len(f), len(rest), slices.IsSorted(rest))
		}
		for _, i := range rest {
			if slices.Contains(f, i) {
				t.Fatalf("complement holds %d, which is in the fold", i)
			}
		}
	}
	for i, c := range seen {
		if c != 1 {
			t.Fatalf("index %d is in %d folds, want 1", i, c)
		}
	}
	again, _ := KFolds(103, 5, 9)
	other, _ := KFolds(103, 5, 10)
	if !slices.Equal(folds[0], again[0]) || slices.Equal(folds[0], other[0]) {
		t.Error("want the same folds for the same seed and others for another seed")
	}
	for _, bad := range [][2]int{{10, 1}, {3, 4}} {
		if _, err := KFolds(bad[0], bad[1], 1); err == nil {
			t.Errorf("KFolds(%d, %d): want an error", bad[0], bad[1])
		}
	}
}
