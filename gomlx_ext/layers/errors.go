package layers

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/ml/context"
)

// layerName names a layer in its error messages by kind and scope, e.g. "layers.Dense(/logits)".
// At the root scope the bare "/" would not tell which of a model's layers failed, so the name says
// so and how to fix it.
func layerName(kind string, ctx *context.Context) string {
	if ctx == nil {
		return fmt.Sprintf("layers.%s(nil context)", kind)
	}
	if scope := ctx.Scope(); scope != context.RootScope {
		return fmt.Sprintf("layers.%s(%s)", kind, scope)
	}
	return fmt.Sprintf("layers.%s(at the root scope: give it its own with ctx.In)", kind)
}

// failf panics with an error naming the layer: GoMLX's graph-building convention. Exec, the
// trainer and evaluate.Predict return it as an error; a panic value that is not an error would
// escape GoMLX's recovery as a crash with a stack trace.
func failf(kind string, ctx *context.Context, format string, args ...any) {
	panic(fmt.Errorf("%s: %s", layerName(kind, ctx), fmt.Sprintf(format, args...)))
}
