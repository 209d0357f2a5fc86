package nbparams

import (
	"testing"
)

// FuzzParameters feeds Find arbitrary notebook bytes and Parse arbitrary SET strings (both come
// from the user: a notebook file and `make run SET=...`). Neither may panic; a SET that Parse
// accepts must inject into a cell that parses again with the same values.
func FuzzParameters(f *testing.F) {
	f.Add([]byte(`{"nbformat":4,"cells":[{"cell_type":"code","metadata":{"tags":["parameters"]},"source":"const (\n\tEpochs = 2\n\tRate = 1e-3\n\tName = \"cnn\"\n\tOn = false\n)\nvar Seed uint64 = 42\n"}]}`), "Epochs=3 Rate=0.5 Name=mlp On=true Seed=7")
	f.Add([]byte(`{"nbformat":4,"cells":[{"cell_type":"code","metadata":{"tags":["parameters"]},"source":["const Epochs = 1\n"]}]}`), "Epochs=-1")
	f.Add([]byte(`{"nbformat":4,"cells":[]}`), "")
	f.Add([]byte(`not json`), "=")
	f.Fuzz(func(t *testing.T, ipynb []byte, set string) {
		p, err := Find(ipynb)
		if err != nil {
			return
		}
		values, err := p.Parse(set)
		if err != nil {
			return
		}
		src := p.Source(values, "fuzz")
		again, err := parseCell(src)
		if err != nil {
			t.Fatalf("SET %q accepted, but the injected cell does not parse: %v\n%s", set, err, src)
		}
		want, got := p.Values(values), again.Values(nil)
		for name, v := range want {
			if got[name] != v {
				t.Fatalf("SET %q: %s is %q after injection, want %q\n%s", set, name, got[name], v, src)
			}
		}
		if _, err := Inject(ipynb, p, src); err != nil {
			t.Logf("inject: %v", err) // a notebook Find accepts may still be refused here, with an error
		}
	})
}
