package plotting

import (
	"strings"
	"testing"
)

func TestFitSVGWidth(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"graphviz", `<?xml version="1.0"?>` + "\n" + `<svg width="1125pt" height="260pt" viewBox="0.00 0.00 1125.00 260.00" xmlns="http://www.w3.org/2000/svg"><g/></svg>`,
			[]string{`<svg style="max-width:100%;height:auto" width="1125pt"`, `viewBox="0.00 0.00 1125.00 260.00"`, `<?xml version="1.0"?>`}},
		{"own style kept", `<svg width="10" height="5" viewBox="0 0 10 5" style="background:white"></svg>`,
			[]string{`style="max-width:100%;height:auto;background:white"`}},
		{"viewBox added", `<svg width="300pt" height="100pt"></svg>`,
			[]string{`viewBox="0 0 300 100"`, `max-width:100%`}},
	} {
		out, err := FitSVGWidth([]byte(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s: %s\nwant it to contain %s", c.name, out, w)
			}
		}
		if strings.Count(string(out), "<svg") != 1 || !strings.HasSuffix(string(out), "</svg>") {
			t.Errorf("%s: the document changed beyond its root tag: %s", c.name, out)
		}
	}
	if _, err := FitSVGWidth([]byte("<html></html>")); err == nil {
		t.Error("FitSVGWidth of a document without <svg> gave no error")
	}
}
