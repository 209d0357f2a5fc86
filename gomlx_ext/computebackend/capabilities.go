package computebackend

import (
	"reflect"

	"github.com/gomlx/compute"
	cdtypes "github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// mapCapabilities translates compute's capabilities into GoMLX v0.26's: an op by its name (both
// enumerations name ops the same), a dtype by its number where both modules use the same Go type
// for its flat data (not Float16 and BFloat16, which each module defines itself). Dot, which
// compute dropped, is offered where DotGeneral is, since Builder.Dot is built on it.
func mapCapabilities(c compute.Capabilities) backends.Capabilities {
	out := backends.Capabilities{Operations: map[backends.OpType]bool{}, DTypes: map[dtypes.DType]bool{}}
	for op, ok := range c.Operations {
		if !ok {
			continue
		}
		if gop, err := backends.OpTypeString(op.String()); err == nil {
			out.Operations[gop] = true
		}
	}
	if out.Operations[backends.OpTypeDotGeneral] {
		out.Operations[backends.OpTypeDot] = true
	}
	for dt, ok := range c.DTypes {
		if ok && sameGoType(dtypes.DType(dt), dt) {
			out.DTypes[dtypes.DType(dt)] = true
		}
	}
	return out
}

// sameGoType reports whether GoMLX's dtype g and compute's c have the same name and the same Go
// type, so flat slices pass between the modules unchanged.
func sameGoType(g dtypes.DType, c cdtypes.DType) bool {
	if g.String() != c.String() {
		return false
	}
	gt, ct := g.GoType(), c.GoType()
	return gt != nil && ct != nil && gt == ct && gt.Kind() != reflect.Invalid
}
