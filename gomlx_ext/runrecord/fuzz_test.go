package runrecord

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad reads arbitrary bytes as a run's record.json (cmd/compare and Show read records other
// runs wrote, possibly by hand or by another version): Load must return a record or an error,
// never panic, and whatever it accepts must go into the comparison table.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"format":1,"name":"a","settings":{"-lr":"0.01"},"final":{"test_accuracy":0.9}}`))
	f.Add([]byte(`{"format":1,"name":"a","history":{"Points":[{"Step":1,"Loss":2.3}]}}`))
	f.Add([]byte(`{"format":2}`))
	f.Add([]byte(`{"format":1,"name":"a","final":{"x":1e999}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Load(dir)
		if err != nil {
			return
		}
		if _, err := Table([]string{"fuzzed"}, []*Record{r}); err != nil {
			t.Logf("table: %v", err)
		}
	})
}
