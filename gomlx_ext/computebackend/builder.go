package computebackend

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// Builder is GoMLX v0.26's graph builder on compute's: every op goes to the main function of a
// compute.Builder. ops_gen.go holds the ops that forward one to one; this file the rest.
type Builder struct {
	backend *Backend
	builder compute.Builder
	fn      compute.Function
}

var _ backends.Builder = (*Builder)(nil)

// opError names the op and the graph, since compute's errors name only the op's inputs.
func (b *Builder) opError(op string, err error) error {
	return fmt.Errorf("computebackend: graph %q, op %s: %w", b.builder.Name(), op, err)
}

// Name is the graph's name.
func (b *Builder) Name() string { return b.builder.Name() }

// OpShape returns the shape of an op built by this builder.
func (b *Builder) OpShape(op backends.Op) (shapes.Shape, error) {
	s, err := b.builder.OpShape(op)
	if err != nil {
		return shapes.Shape{}, b.opError("OpShape", err)
	}
	return fromComputeShape(s), nil
}

// Parameter declares an input of the graph. Sharding needs several devices, which the pure-Go
// backend does not have.
func (b *Builder) Parameter(name string, shape shapes.Shape, sharding *backends.ShardingSpec) (backends.Op, error) {
	if sharding != nil {
		return nil, fmt.Errorf("computebackend: graph %q, parameter %q: sharding is not supported (one device)", b.builder.Name(), name)
	}
	if err := b.backend.checkDType(shape); err != nil {
		return nil, fmt.Errorf("graph %q, parameter %q: %w", b.builder.Name(), name, err)
	}
	v, err := b.fn.Parameter(name, toComputeShape(shape), nil)
	if err != nil {
		return nil, b.opError("Parameter "+name, err)
	}
	return v, nil
}

// Compile returns the graph's outputs and compiles it: compute's Main().Return + Compile.
func (b *Builder) Compile(outputs []backends.Op, shardings []*backends.ShardingSpec) (backends.Executable, error) {
	for i, s := range shardings {
		if s != nil {
			return nil, fmt.Errorf("computebackend: graph %q, output %d: sharding is not supported (one device)", b.builder.Name(), i)
		}
	}
	if err := b.fn.Return(toValues(outputs), nil); err != nil {
		return nil, b.opError("Compile (Return)", err)
	}
	exec, err := b.builder.Compile()
	if err != nil {
		return nil, b.opError("Compile", err)
	}
	return &Executable{name: b.builder.Name(), inner: exec}, nil
}

// DotGeneral is compute's with the default configuration (accumulate and output in the inputs'
// dtype), which is GoMLX v0.26's semantics.
func (b *Builder) DotGeneral(lhs backends.Op, lhsContracting, lhsBatch []int, rhs backends.Op, rhsContracting, rhsBatch []int) (backends.Op, error) {
	v, err := b.fn.DotGeneral(lhs, lhsContracting, lhsBatch, rhs, rhsContracting, rhsBatch, compute.DotGeneralConfig{})
	if err != nil {
		return nil, b.opError("DotGeneral", err)
	}
	return v, nil
}

// Dot is GoMLX v0.26's rank-1/rank-2 product (compute has only DotGeneral): it contracts lhs's
// last axis with rhs's first.
func (b *Builder) Dot(lhs, rhs backends.Op) (backends.Op, error) {
	ls, err := b.builder.OpShape(lhs)
	if err != nil {
		return nil, b.opError("Dot", err)
	}
	rs, err := b.builder.OpShape(rhs)
	if err != nil {
		return nil, b.opError("Dot", err)
	}
	lr, rr := ls.Rank(), rs.Rank()
	if lr < 1 || lr > 2 || rr < 1 || rr > 2 || (lr == 1 && rr == 2) {
		return nil, fmt.Errorf("computebackend: graph %q, op Dot: operand ranks %d and %d (shapes %s, %s): want vector·vector, matrix·vector or matrix·matrix",
			b.builder.Name(), lr, rr, ls, rs)
	}
	return b.DotGeneral(lhs, []int{lr - 1}, nil, rhs, []int{0}, nil)
}

// RNGBitGenerator draws random bits with Philox, whose [3]uint64 state is the shape GoMLX v0.26
// gives its RNG state (backends.RNGStateShape).
func (b *Builder) RNGBitGenerator(state backends.Op, shape shapes.Shape) (backends.Op, backends.Op, error) {
	newState, values, err := b.fn.RNGBitGenerator(state, toComputeShape(shape), compute.RNGPhilox)
	if err != nil {
		return nil, nil, b.opError("RNGBitGenerator", err)
	}
	return newState, values, nil
}

// DistributedSPMD, DistributedAutoSharding and DeviceAssignment: the pure-Go backend is one
// device; a request for one device is accepted, anything more is an error.
func (b *Builder) DistributedSPMD(numDevices int) error {
	if numDevices == 1 {
		return nil
	}
	return fmt.Errorf("computebackend: graph %q: SPMD over %d devices is not supported (one device)", b.builder.Name(), numDevices)
}

// DistributedAutoSharding: see DistributedSPMD.
func (b *Builder) DistributedAutoSharding(meshes ...backends.Mesh) error {
	return fmt.Errorf("computebackend: graph %q: auto-sharding over %d meshes is not supported (one device)", b.builder.Name(), len(meshes))
}

// DeviceAssignment: see DistributedSPMD.
func (b *Builder) DeviceAssignment(devices ...backends.DeviceNum) error {
	if len(devices) == 1 && int(devices[0]) < b.backend.NumDevices() && devices[0] >= 0 {
		cd := compute.DeviceNum(devices[0])
		if err := b.builder.DeviceAssignment(cd); err != nil {
			return b.opError("DeviceAssignment", err)
		}
		return nil
	}
	return fmt.Errorf("computebackend: graph %q: device assignment %v is not supported (devices 0..%d, one at a time)", b.builder.Name(), devices, b.backend.NumDevices()-1)
}
