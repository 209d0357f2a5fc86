package datasets

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// TrainValidationSplit splits data into a training and a validation set, the
// latter with round(validationFraction·N) examples, chosen at random from seed:
// the same seed gives the same split. With stratified, each class contributes
// validationFraction·count examples rounded up or down (so that the total is
// still round(validationFraction·N)), so both sets keep the class proportions
// of data to within one example per class; use it for small or unbalanced
// sets, where a plain random split can leave a class under-represented.
//
// Both sets keep the examples in their original relative order, and their data
// are copies: data is not modified.
func TrainValidationSplit(data *Images, validationFraction float64, seed uint64, stratified bool) (train, val *Images, err error) {
	if err := data.Validate(); err != nil {
		return nil, nil, fmt.Errorf("TrainValidationSplit: %w", err)
	}
	if !(validationFraction > 0 && validationFraction < 1) {
		return nil, nil, fmt.Errorf("TrainValidationSplit(%s): validation fraction %v must be in (0, 1)",
			data.Name, validationFraction)
	}
	rng := newRand(seed, streamSplit)
	isVal := make([]bool, data.N)
	if stratified {
		byClass := make(map[int32][]int)
		for i, l := range data.Labels {
			byClass[l] = append(byClass[l], i)
		}
		// Visit classes in label order: map order is random and would make
		// the generator's draws, hence the split, differ between runs.
		classes := make([]int32, 0, len(byClass))
		for l := range byClass {
			classes = append(classes, l)
		}
		slices.Sort(classes)
		quotas := stratifiedQuotas(validationFraction, data.N, classes, byClass)
		for c, l := range classes {
			members := byClass[l]
			rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
			for _, i := range members[:quotas[c]] {
				isVal[i] = true
			}
		}
	} else {
		k := int(math.Round(validationFraction * float64(data.N)))
		for _, i := range rng.Perm(data.N)[:k] {
			isVal[i] = true
		}
	}

	var trainIdx, valIdx []int
	for i, v := range isVal {
		if v {
			valIdx = append(valIdx, i)
		} else {
			trainIdx = append(trainIdx, i)
		}
	}
	if len(trainIdx) == 0 || len(valIdx) == 0 {
		return nil, nil, fmt.Errorf("TrainValidationSplit(%s): fraction %v of %d examples leaves %d for training "+
			"and %d for validation; both need at least one", data.Name, validationFraction, data.N,
			len(trainIdx), len(valIdx))
	}
	train, err = data.Subset(trainIdx)
	if err != nil {
		return nil, nil, err
	}
	val, err = data.Subset(valIdx)
	if err != nil {
		return nil, nil, err
	}
	train.Name = data.Name + " (train split)"
	val.Name = data.Name + " (validation split)"
	return train, val, nil
}

// stratifiedQuotas returns how many examples of each class (in the order of
// classes) go to validation: fraction·count rounded down, plus one for the
// classes with the largest remainders until the total is round(fraction·n)
// (the largest remainder method, as used to apportion seats). Rounding each
// class on its own could miss the total by up to half the number of classes.
func stratifiedQuotas(fraction float64, n int, classes []int32, byClass map[int32][]int) []int {
	quotas := make([]int, len(classes))
	remainders := make([]float64, len(classes))
	assigned := 0
	for c, l := range classes {
		exact := fraction * float64(len(byClass[l]))
		quotas[c] = int(exact)
		remainders[c] = exact - float64(quotas[c])
		assigned += quotas[c]
	}
	order := make([]int, len(classes))
	for c := range order {
		order[c] = c
	}
	// Stable: equal remainders go to the smaller label first, deterministically.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(remainders[b], remainders[a]) })
	for _, c := range order[:max(0, min(len(order), int(math.Round(fraction*float64(n)))-assigned))] {
		quotas[c]++
	}
	return quotas
}
