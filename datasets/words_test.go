package datasets

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseWordsFilter(t *testing.T) {
	in := "Aaron\naardvark\naardvark's\ncafé\ncan't\nNASA\n  zebra \r\nbill\nBill\n\nx-ray\nbill\nabc1\n"
	got := ParseWords([]byte(in))
	want := []string{"aardvark", "bill", "zebra"}
	if !slices.Equal(got, want) {
		t.Fatalf("ParseWords = %q, want %q", got, want)
	}
}

func FuzzParseWords(f *testing.F) {
	f.Add([]byte("Aaron\naardvark\naardvark's\ncafé\n\nzebra\r\n"))
	f.Add([]byte(""))
	f.Add([]byte("a\na\na"))
	f.Fuzz(func(t *testing.T, data []byte) {
		words := ParseWords(data)
		for i, w := range words {
			if w == "" || !isLowerAZ([]byte(w)) {
				t.Fatalf("word %d %q is not a–z", i, w)
			}
			if i > 0 && words[i-1] >= w {
				t.Fatalf("words not strictly sorted at %d: %q, %q", i, words[i-1], w)
			}
			if !strings.Contains(string(data), w) {
				t.Fatalf("word %q not in the input", w)
			}
		}
	})
}

func TestSplitWordsDisjointCompleteDeterministic(t *testing.T) {
	var words []string
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			words = append(words, string([]rune{a, b}))
		}
	}
	s, err := SplitWords(words, 7, 0.1, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Validation) != 67 || len(s.Test) != 67 || len(s.Train) != len(words)-134 {
		t.Fatalf("sizes %d/%d/%d", len(s.Train), len(s.Validation), len(s.Test))
	}
	all := slices.Concat(s.Train, s.Validation, s.Test)
	slices.Sort(all)
	if !slices.Equal(all, words) {
		t.Fatal("the three parts are not a partition of the words")
	}
	reversed := slices.Clone(words)
	slices.Reverse(reversed)
	again, _ := SplitWords(reversed, 7, 0.1, 0.1)
	if !slices.Equal(again.Validation, s.Validation) || !slices.Equal(again.Test, s.Test) {
		t.Fatal("same words and seed gave a different split")
	}
	other, _ := SplitWords(words, 8, 0.1, 0.1)
	if slices.Equal(other.Validation, s.Validation) {
		t.Fatal("another seed gave the same validation words")
	}
}

func TestSplitWordsRejects(t *testing.T) {
	for _, tc := range []struct {
		name      string
		words     []string
		val, test float64
	}{
		{"duplicate", []string{"a", "b", "a"}, 0.1, 0.1},
		{"negative", []string{"a"}, -0.1, 0.1},
		{"sum one", []string{"a"}, 0.5, 0.5},
	} {
		if _, err := SplitWords(tc.words, 1, tc.val, tc.test); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestLoadWordsErrors(t *testing.T) {
	t.Setenv(SkipChecksumEnv, "")
	dir := t.TempDir()
	missing := filepath.Join(dir, "american-english")
	_, err := LoadWords(missing)
	if err == nil || !strings.Contains(err.Error(), "apt-get install wamerican") || !strings.Contains(err.Error(), missing) {
		t.Fatalf("missing file: %v", err)
	}
	wrong := filepath.Join(dir, "words")
	if err := os.WriteFile(wrong, []byte("apple\nbanana\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadWords(wrong)
	if err == nil || !strings.Contains(err.Error(), wrong) || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("checksum mismatch: %v", err)
	}
	t.Setenv(SkipChecksumEnv, "1")
	words, err := LoadWords(wrong)
	if err != nil || !slices.Equal(words, []string{"apple", "banana"}) {
		t.Fatalf("skipping the checksum: %q, %v", words, err)
	}
}

func TestLoadWordsInstalled(t *testing.T) {
	if _, err := os.Stat(WordsPath); err != nil {
		t.Skipf("%s not installed", WordsPath)
	}
	words, err := LoadWords(WordsPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(words) < 50000 {
		t.Fatalf("only %d words kept", len(words))
	}
	t.Logf("%d a–z words", len(words))
}

func TestContexts(t *testing.T) {
	X, Y, err := Contexts([]string{"ab"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(X, []int32{0, 0, 0, 1, 1, 2}) || !slices.Equal(Y, []int32{1, 2, 0}) {
		t.Fatalf("X=%v Y=%v", X, Y)
	}
	if _, _, err := Contexts([]string{"aB"}, 2); err == nil || !strings.Contains(err.Error(), "aB") {
		t.Fatalf("bad word: %v", err)
	}
	for i := range VocabSize {
		j, err := CharIndex(IndexChar(i))
		if err != nil || j != i {
			t.Fatalf("round trip %d → %d, %v", i, j, err)
		}
	}
}
