package results

import (
	"strings"
	"testing"
)

// FuzzBackendLines: the executed notebook JSON that `make reproduce` reads gives backend lines or
// an error, never a panic; every line returned is a distinct "backend:" line.
func FuzzBackendLines(f *testing.F) {
	f.Add([]byte(`{"cells":[{"cell_type":"code","outputs":[{"output_type":"stream","name":"stdout","text":["backend: go (SimpleGo)\n","x"]}]}]}`))
	f.Add([]byte(`{"cells":[{"cell_type":"code","outputs":[{"output_type":"stream","name":"stdout","text":"back"},{"output_type":"stream","name":"stdout","text":"end: xla:cpu\n"}]}]}`))
	f.Add([]byte(`{"cells":[{"cell_type":"markdown"},{"cell_type":"code","outputs":null}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := BackendLines(data)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, l := range lines {
			if seen[l] {
				t.Fatalf("line %q returned twice", l)
			}
			seen[l] = true
			_ = BackendConfig(l)
			if !strings.Contains(l, "backend") {
				t.Fatalf("returned %q, not a backend line", l)
			}
		}
	})
}
