package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCompare: result files read back by `make bench`'s comparison (one of ours, one of the
// peer's) are compared or rejected with an error, never a panic.
func FuzzCompare(f *testing.F) {
	f.Add([]byte(`{"rows":[{"framework":"DeepNB (GoMLX)","model":"cnn","train_examples_per_sec":200}]}`),
		[]byte(`{"rows":[{"framework":"PyTorch 1.13.1","model":"cnn","train_examples_per_sec":2000,"infer_examples_per_sec":0}]}`))
	f.Add([]byte(`{"rows":[]}`), []byte(`{"rows":[{"framework":"","model":""}]}`))
	f.Add([]byte(`{"rows":[{"framework":"a","model":"m","train_examples_per_sec":-1,"seconds_to_target":1e308}]}`), []byte(`null`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, ours, peer []byte) {
		files := []string{filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")}
		for i, data := range [][]byte{ours, peer} {
			if err := os.WriteFile(files[i], data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		_ = compare(files, io.Discard)
	})
}
