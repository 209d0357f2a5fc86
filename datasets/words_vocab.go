package datasets

import "fmt"

// The characters of the language model of notebooks/16_char_language_model.ipynb:
// the boundary token '.' (index 0), which marks both the start and the end of
// a word, then 'a'…'z' (indices 1…26).
const (
	// Boundary is the token that begins and ends every word.
	Boundary = '.'
	// VocabSize is the number of tokens: the boundary and 26 letters.
	VocabSize = 27
)

// CharIndex returns the token index of c: 0 for Boundary, 1…26 for a…z.
func CharIndex(c byte) (int, error) {
	switch {
	case c == Boundary:
		return 0, nil
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 1, nil
	}
	return 0, fmt.Errorf("character %q is not in the vocabulary (a–z and %q)", c, Boundary)
}

// IndexChar is the inverse of CharIndex; it panics on an index outside
// [0, VocabSize), which is a programming error.
func IndexChar(i int) byte {
	if i < 0 || i >= VocabSize {
		panic(fmt.Sprintf("token index %d outside [0, %d)", i, VocabSize))
	}
	if i == 0 {
		return Boundary
	}
	return byte('a' + i - 1)
}

// EncodeWord returns the token indices of word followed by the boundary:
// "ab" → [1 2 0]. The leading boundary is the context of the first
// letter and is added by the model's context, not here.
func EncodeWord(word string) ([]int, error) {
	ids := make([]int, 0, len(word)+1)
	for i := 0; i < len(word); i++ {
		id, err := CharIndex(word[i])
		if err != nil || id == 0 {
			return nil, fmt.Errorf("encoding word %q: position %d: character %q is not a–z", word, i, word[i])
		}
		ids = append(ids, id)
	}
	return append(ids, 0), nil
}

// Contexts turns words into (context, next token) pairs for a model that
// sees the previous k tokens: each word is padded on the left with k
// boundaries, so "ab" with k=2 gives [0 0]→1, [0 1]→2, [1 2]→0. X is
// row-major, len(Y)×k; every word contributes len(word)+1 targets, so the
// mean loss over Y is the loss per character counting the end boundary.
func Contexts(words []string, k int) (X []int32, Y []int32, err error) {
	if k < 1 {
		return nil, nil, fmt.Errorf("contexts: k = %d, want ≥ 1", k)
	}
	for _, w := range words {
		ids, err := EncodeWord(w)
		if err != nil {
			return nil, nil, fmt.Errorf("contexts: %w", err)
		}
		window := make([]int32, k)
		for _, id := range ids {
			X = append(X, window...)
			Y = append(Y, int32(id))
			copy(window, window[1:])
			window[k-1] = int32(id)
		}
	}
	return X, Y, nil
}
