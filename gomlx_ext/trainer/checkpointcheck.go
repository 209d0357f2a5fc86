package trainer

import (
	"fmt"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// A checkpoint's SHA-256 proves only that the file is what its writer wrote, and anyone can
// compute one: everything the header says is checked here before it is used, and before anything
// is allocated from it, so that a crafted file is an error naming it, never a panic.

// maxCheckpointRank bounds a saved variable's number of dimensions (DeepNB's largest is 4).
const maxCheckpointRank = 16

// savableDTypes are the dtypes a checkpoint may hold: whole bytes per element, so that a
// variable's byte length is its element count times the element size.
var savableDTypes = map[dtypes.DType]bool{
	dtypes.Bool: true, dtypes.Int8: true, dtypes.Int16: true, dtypes.Int32: true, dtypes.Int64: true,
	dtypes.Uint8: true, dtypes.Uint16: true, dtypes.Uint32: true, dtypes.Uint64: true,
	dtypes.Float16: true, dtypes.BFloat16: true, dtypes.Float32: true, dtypes.Float64: true,
	dtypes.Complex64: true, dtypes.Complex128: true,
}

// validate checks every variable against the data bytes and the run state for consistency.
func (c *Checkpoint) validate() error {
	seen := make(map[string]bool, len(c.Variables))
	for _, v := range c.Variables {
		if _, err := v.checkedShape(len(c.data)); err != nil {
			return err
		}
		key := v.Scope + context.ScopeSeparator + v.Name
		if seen[key] {
			return fmt.Errorf("corrupted: variable %s saved twice", v.label())
		}
		seen[key] = true
	}
	return c.State.validate()
}

// checkedShape validates v against a data section of dataLen bytes and returns its shape.
func (v SavedVariable) checkedShape(dataLen int) (shapes.Shape, error) {
	if err := validScopeAndName(v.Scope, v.Name); err != nil {
		return shapes.Shape{}, fmt.Errorf("corrupted: variable %s: %w", v.label(), err)
	}
	// Written so that no sum can overflow: Offset+Length could wrap past the maximum int.
	if v.Offset < 0 || v.Length < 0 || v.Offset > dataLen || v.Length > dataLen-v.Offset {
		return shapes.Shape{}, fmt.Errorf("corrupted: variable %s at offset %d, length %d: outside the %d data bytes",
			v.label(), v.Offset, v.Length, dataLen)
	}
	return v.shape()
}

// shape returns v's shape after checking its dtype, rank and element count against its length;
// nothing is allocated from the header's numbers.
func (v SavedVariable) shape() (shapes.Shape, error) {
	dtype, err := dtypes.DTypeString(v.DType)
	if err != nil {
		return shapes.Shape{}, fmt.Errorf("variable %s: unknown dtype %q", v.label(), v.DType)
	}
	if !savableDTypes[dtype] {
		return shapes.Shape{}, fmt.Errorf("variable %s: dtype %q cannot be saved in a checkpoint", v.label(), v.DType)
	}
	if len(v.Dimensions) > maxCheckpointRank {
		return shapes.Shape{}, fmt.Errorf("variable %s: rank %d exceeds %d", v.label(), len(v.Dimensions), maxCheckpointRank)
	}
	elemSize := int(dtype.Size())
	maxElements := v.Length / elemSize
	elements := 1
	for _, d := range v.Dimensions {
		if d < 0 {
			return shapes.Shape{}, fmt.Errorf("variable %s: negative dimension in %v", v.label(), v.Dimensions)
		}
		if d > 0 && elements > maxElements/d {
			return shapes.Shape{}, fmt.Errorf("variable %s: dimensions %v hold more elements than its %d bytes", v.label(), v.Dimensions, v.Length)
		}
		elements *= d
	}
	s := shapes.Make(dtype, v.Dimensions...)
	if want := elements * elemSize; v.Length != want {
		return shapes.Shape{}, fmt.Errorf("variable %s: %d bytes for shape %s, want %d", v.label(), v.Length, s, want)
	}
	return s, nil
}

// validScopeAndName applies GoMLX's rules for absolute scopes and variable names, which it
// enforces with panics: the scope starts with the separator, has no empty element, and the name
// is not empty and holds no separator.
func validScopeAndName(scope, name string) error {
	sep := context.ScopeSeparator
	if !strings.HasPrefix(scope, sep) {
		return fmt.Errorf("scope %q must start with %q", scope, sep)
	}
	if scope != sep && slicesContainsEmpty(strings.Split(scope[len(sep):], sep)) {
		return fmt.Errorf("scope %q has an empty element", scope)
	}
	if name == "" {
		return fmt.Errorf("empty name in scope %q", scope)
	}
	if strings.Contains(name, sep) {
		return fmt.Errorf("name %q contains %q", name, sep)
	}
	return nil
}

func slicesContainsEmpty(elements []string) bool {
	for _, e := range elements {
		if e == "" {
			return true
		}
	}
	return false
}

// validate checks that the counters are not negative and agree with each other: resuming
// replays Epoch resets and StepInEpoch batches, so absurd values would be an endless loop.
func (s RunState) validate() error {
	if s.Step < 0 || s.Epoch < 0 || s.StepInEpoch < 0 || s.StepsPerEpoch < 0 || s.Examples < 0 || s.TrainBatches < 0 || s.EpochBatches < 0 {
		return fmt.Errorf("corrupted: negative counter in the run state (step %d, epoch %d, batch %d, batches per epoch %d, examples %d)",
			s.Step, s.Epoch, s.StepInEpoch, s.StepsPerEpoch, s.Examples)
	}
	// Every finished epoch took at least one step.
	if s.Epoch > s.Step || s.StepInEpoch > s.Step {
		return fmt.Errorf("corrupted: run state at epoch %d, batch %d after only %d steps", s.Epoch, s.StepInEpoch, s.Step)
	}
	if s.StepsPerEpoch > 0 && s.StepInEpoch > s.StepsPerEpoch {
		return fmt.Errorf("corrupted: run state at batch %d of an epoch of %d batches", s.StepInEpoch, s.StepsPerEpoch)
	}
	return nil
}

func (v SavedVariable) label() string {
	if !strings.HasPrefix(v.Scope, context.ScopeSeparator) {
		return fmt.Sprintf("%q (scope %q)", v.Name, v.Scope)
	}
	if strings.HasSuffix(v.Scope, context.ScopeSeparator) {
		return v.Scope + v.Name
	}
	return v.Scope + context.ScopeSeparator + v.Name
}
