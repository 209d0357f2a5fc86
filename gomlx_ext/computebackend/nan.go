package computebackend

import (
	"github.com/gomlx/gomlx/backends"
)

// Max and Min follow GoMLX's (and XLA's) semantics: a NaN in either operand gives NaN. compute's
// gobackend returns the other operand instead (measured: Max(NaN, 0) = 0), so a NaN that reaches
// a ReLU (Max(x, 0)) would vanish and a diverged or corrupted model would train on without its
// loss ever turning NaN, which DeepNB's divergence check relies on. For float operands the
// adapter selects the NaN back in; integer and boolean operands need nothing.
func (b *Builder) Max(lhs, rhs backends.Op) (backends.Op, error) {
	out, err := b.fn.Max(lhs, rhs)
	if err != nil {
		return nil, b.opError("Max", err)
	}
	return b.propagateNaN("Max", lhs, rhs, out)
}

// Min: see Max.
func (b *Builder) Min(lhs, rhs backends.Op) (backends.Op, error) {
	out, err := b.fn.Min(lhs, rhs)
	if err != nil {
		return nil, b.opError("Min", err)
	}
	return b.propagateNaN("Min", lhs, rhs, out)
}

// propagateNaN returns Where(IsNaN(lhs), lhs, Where(IsNaN(rhs), rhs, out)) for float operands.
func (b *Builder) propagateNaN(op string, lhs, rhs, out backends.Op) (backends.Op, error) {
	s, err := b.builder.OpShape(out)
	if err != nil {
		return nil, b.opError(op, err)
	}
	if !fromComputeShape(s).DType.IsFloat() {
		return out, nil
	}
	for _, x := range []backends.Op{rhs, lhs} {
		xs, err := b.builder.OpShape(x)
		if err != nil {
			return nil, b.opError(op, err)
		}
		if !xs.Equal(s) {
			// A scalar operand (GoMLX broadcasts everything else first): Where needs equal shapes.
			if x, err = b.fn.BroadcastInDim(x, s, nil); err != nil {
				return nil, b.opError(op+" (BroadcastInDim)", err)
			}
		}
		isNaN, err := b.fn.IsNaN(x)
		if err != nil {
			return nil, b.opError(op+" (IsNaN)", err)
		}
		if out, err = b.fn.Where(isNaN, x, out); err != nil {
			return nil, b.opError(op+" (Where)", err)
		}
	}
	return out, nil
}
