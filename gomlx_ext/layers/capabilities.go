package layers

import "github.com/gomlx/gomlx/backends"

// HasNativeConvGradients reports whether backend b implements the ops that the gradients of
// GoMLX's stock convolution and max-pool need (Reverse, Pad, SelectAndScatterMax). The pure-Go
// backend of GoMLX v0.26 does not, so Conv2D and MaxPool2D supply their own gradients there. It
// asks the backend value the graph is built on (its Capabilities), so the layers never need to
// know how the backend was chosen.
func HasNativeConvGradients(b backends.Backend) bool {
	ops := b.Capabilities().Operations
	return ops[backends.OpTypeReverse] && ops[backends.OpTypePad] && ops[backends.OpTypeSelectAndScatterMax]
}
