package layers

import "testing"

// TestPureGoLacksNativeConvGradients pins the fact the layers' own gradients exist for: if a GoMLX
// upgrade gives the pure-Go backend these ops, the stock gradients take over there too.
func TestPureGoLacksNativeConvGradients(t *testing.T) {
	b := testBackend(t)
	if b.Name() != "go" {
		t.Skipf("backend %q: this test is about the pure-Go one", b.Name())
	}
	if HasNativeConvGradients(b) {
		t.Errorf("the pure-Go backend of GoMLX v0.26 lacks Reverse/Pad/SelectAndScatterMax; did GoMLX change?")
	}
}
