package fromscratch

import (
	"fmt"
	"math"
)

// NumericalRank returns the number of linearly independent columns of m ([rows][cols]), counted
// as the eigenvalues of the Gram matrix mᵀm above relTol times the largest one: a layer whose
// 64 units all compute the same function of the batch has activations of rank 1, whatever its
// width. relTol must be in (0, 1); a value well above float64 rounding (1e-10) treats columns
// that agree to about 5 significant digits as independent and bit-identical ones as the same.
//
// Introduced in notebooks/08_initialisation.ipynb.
func NumericalRank(m [][]float64, relTol float64) (int, error) {
	if !(relTol > 0 && relTol < 1) {
		return 0, fmt.Errorf("fromscratch.NumericalRank: relTol = %g, want 0 < relTol < 1", relTol)
	}
	if len(m) == 0 || len(m[0]) == 0 {
		return 0, fmt.Errorf("fromscratch.NumericalRank: empty matrix")
	}
	cols := len(m[0])
	for i, row := range m {
		if err := CheckVector(fmt.Sprintf("row %d", i), row, cols); err != nil {
			return 0, fmt.Errorf("fromscratch.NumericalRank: %w", err)
		}
	}
	gram := newMatrix(cols, cols)
	for _, row := range m {
		for j, a := range row {
			for k, b := range row {
				gram[j][k] += a * b
			}
		}
	}
	values, err := symmetricEigenvalues(gram)
	if err != nil {
		return 0, fmt.Errorf("fromscratch.NumericalRank: eigenvalues of the %d×%d Gram matrix: %w", cols, cols, err)
	}
	top := values[len(values)-1]
	if top == 0 {
		return 0, nil
	}
	rank := 0
	for _, v := range values {
		if math.Abs(v) > relTol*top {
			rank++
		}
	}
	return rank, nil
}
