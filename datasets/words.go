package datasets

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
)

// The English word list of Debian's wamerican package, the data of the
// character-level language model introduced in
// notebooks/16_char_language_model.ipynb.
const (
	// WordsPath is where wamerican installs the list (one word a line).
	WordsPath = "/usr/share/dict/american-english"
	// WordsSHA256 is the sha256 of the list in wamerican 2020.12.07-2
	// (Debian 12); it has 104,334 lines.
	WordsSHA256 = "9f513f1ceadb6a01c5485b7dbdfd5118dc66cd70b59cae2851292112d4066a32"
)

// LoadWords reads the word list at path (WordsPath for the default),
// verifies its sha256 against WordsSHA256 unless DEEPNB_SKIP_CHECKSUM=1,
// and returns ParseWords of its contents.
func LoadWords(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("word list %s not found: install it with `sudo apt-get install wamerican` (or `make setup`): %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading word list %s: %w", path, err)
	}
	if !SkipChecksum() {
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != WordsSHA256 {
			return nil, fmt.Errorf("word list %s: sha256 is %s, want %s (a different or corrupt list; set %s=1 to use it anyway)",
				path, got, WordsSHA256, SkipChecksumEnv)
		}
	}
	return ParseWords(data), nil
}

// ParseWords returns the distinct words of a one-word-a-line list that
// consist of the letters a–z only, sorted. Surrounding spaces and a
// trailing '\r' are trimmed. Every other line is dropped, which removes
// exactly: proper nouns and acronyms (any capital letter: "Aaron",
// "NASA"), possessives and contractions ("dog's", "can't"), accented
// words ("café"), hyphenated or numeric entries, and empty lines. Words
// are not lowercased first, so "Bill" (a name) does not become a second
// "bill"; the result therefore needs no other deduplication than the one
// done here for lists that repeat a line.
func ParseWords(data []byte) []string {
	var words []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), len(data)+1)
	for sc.Scan() {
		w := bytes.TrimSpace(sc.Bytes())
		if len(w) == 0 || !isLowerAZ(w) {
			continue
		}
		words = append(words, string(w))
	}
	slices.Sort(words)
	return slices.Compact(words)
}

func isLowerAZ(w []byte) bool {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// WordSplit is a split of a word list into disjoint train, validation and
// test words.
type WordSplit struct {
	Train, Validation, Test []string
}

// SplitWords shuffles words with a PCG generator seeded by seed and
// splits them by word: the first valFrac go to Validation, the next
// testFrac to Test, the rest to Train (counts rounded down). The same
// words and seed give the same split; words itself is not modified.
// Repeated words are rejected, since a word in two parts would leak.
func SplitWords(words []string, seed uint64, valFrac, testFrac float64) (WordSplit, error) {
	if !(valFrac >= 0 && testFrac >= 0 && valFrac+testFrac < 1) {
		return WordSplit{}, fmt.Errorf("splitting words: fractions validation %g and test %g must be ≥ 0 with a sum below 1", valFrac, testFrac)
	}
	seen := make(map[string]bool, len(words))
	for _, w := range words {
		if seen[w] {
			return WordSplit{}, fmt.Errorf("splitting words: %q appears more than once", w)
		}
		seen[w] = true
	}
	shuffled := slices.Clone(words)
	slices.Sort(shuffled) // the split depends on the set of words, not on their order
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	nVal := int(valFrac * float64(len(shuffled)))
	nTest := int(testFrac * float64(len(shuffled)))
	return WordSplit{
		Validation: shuffled[:nVal],
		Test:       shuffled[nVal : nVal+nTest],
		Train:      shuffled[nVal+nTest:],
	}, nil
}
