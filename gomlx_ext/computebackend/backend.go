package computebackend

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// BackendName is the name the adapter registers with GoMLX (GOMLX_BACKEND=compute).
const BackendName = "compute"

func init() {
	backends.Register(BackendName, New)
}

// Backend is a GoMLX v0.26 backend that runs everything on a compute.Backend.
type Backend struct {
	inner        compute.Backend
	capabilities backends.Capabilities
}

var _ backends.Backend = (*Backend)(nil)

// New creates the adapter over compute's gobackend; config is gobackend's configuration
// ("parallelism=2", "ops_sequential"; "help" lists them).
func New(config string) (backends.Backend, error) {
	inner, err := gobackend.New(config)
	if err != nil {
		return nil, fmt.Errorf("computebackend: gobackend configuration %q: %w", config, err)
	}
	return Wrap(inner), nil
}

// Wrap adapts any compute.Backend (gobackend, or another implementation of compute's API).
func Wrap(inner compute.Backend) *Backend {
	return &Backend{inner: inner, capabilities: mapCapabilities(inner.Capabilities())}
}

// Inner is the compute backend the adapter runs on.
func (b *Backend) Inner() compute.Backend { return b.inner }

// Name is the short name a training run prints.
func (b *Backend) Name() string { return "compute " + b.inner.Name() + " (github.com/gomlx/compute)" }

// String is the name used in GOMLX_BACKEND.
func (b *Backend) String() string { return BackendName }

// Description says what the inner backend is (gobackend names its SIMD level and parallelism).
func (b *Backend) Description() string { return b.inner.Description() }

// NumDevices is the inner backend's.
func (b *Backend) NumDevices() int { return b.inner.NumDevices() }

// DeviceDescription is the inner backend's.
func (b *Backend) DeviceDescription(deviceNum backends.DeviceNum) string {
	return b.inner.DeviceDescription(compute.DeviceNum(deviceNum))
}

// Capabilities lists the ops and dtypes both APIs name and the adapter forwards.
func (b *Backend) Capabilities() backends.Capabilities { return b.capabilities.Clone() }

// Builder starts a computation graph on the inner backend's main function.
func (b *Backend) Builder(name string) backends.Builder {
	cb := b.inner.Builder(name)
	return &Builder{backend: b, builder: cb, fn: cb.Main()}
}

// Finalize releases the inner backend.
func (b *Backend) Finalize() { b.inner.Finalize() }

// IsFinalized reports whether Finalize was called.
func (b *Backend) IsFinalized() bool { return b.inner.IsFinalized() }

// BufferFinalize releases a buffer now instead of at garbage collection.
func (b *Backend) BufferFinalize(buffer backends.Buffer) error {
	buf, err := toBuffer(buffer, "BufferFinalize")
	if err != nil {
		return err
	}
	return buf.Finalize()
}

// BufferShape returns the buffer's shape.
func (b *Backend) BufferShape(buffer backends.Buffer) (shapes.Shape, error) {
	buf, err := toBuffer(buffer, "BufferShape")
	if err != nil {
		return shapes.Shape{}, err
	}
	s, err := buf.Shape()
	if err != nil {
		return shapes.Shape{}, err
	}
	return fromComputeShape(s), nil
}

// BufferDeviceNum returns the device the buffer lives on.
func (b *Backend) BufferDeviceNum(buffer backends.Buffer) (backends.DeviceNum, error) {
	buf, err := toBuffer(buffer, "BufferDeviceNum")
	if err != nil {
		return 0, err
	}
	d, err := buf.DeviceNum()
	return backends.DeviceNum(d), err
}

// BufferToFlatData copies the buffer into flat, a slice of its dtype's Go type and size.
func (b *Backend) BufferToFlatData(buffer backends.Buffer, flat any) error {
	buf, err := toBuffer(buffer, "BufferToFlatData")
	if err != nil {
		return err
	}
	return buf.ToFlatData(flat)
}

// BufferFromFlatData copies flat into a new buffer of the given shape.
func (b *Backend) BufferFromFlatData(deviceNum backends.DeviceNum, flat any, shape shapes.Shape) (backends.Buffer, error) {
	if err := b.checkDType(shape); err != nil {
		return nil, err
	}
	return b.inner.BufferFromFlatData(compute.DeviceNum(deviceNum), flat, toComputeShape(shape))
}

// HasSharedBuffers is the inner backend's (true for gobackend).
func (b *Backend) HasSharedBuffers() bool { return b.inner.HasSharedBuffers() }

// NewSharedBuffer allocates a buffer whose flat Go slice GoMLX reads and writes in place.
func (b *Backend) NewSharedBuffer(deviceNum backends.DeviceNum, shape shapes.Shape) (backends.Buffer, any, error) {
	if err := b.checkDType(shape); err != nil {
		return nil, nil, err
	}
	buf, flat, err := b.inner.NewSharedBuffer(compute.DeviceNum(deviceNum), toComputeShape(shape))
	if err != nil {
		return nil, nil, err
	}
	return buf, flat, nil
}

// BufferData returns the buffer's flat Go slice (shared, no copy).
func (b *Backend) BufferData(buffer backends.Buffer) (any, error) {
	buf, err := toBuffer(buffer, "BufferData")
	if err != nil {
		return nil, err
	}
	return buf.Data()
}

// BufferCopyToDevice copies the buffer to another device of the inner backend.
func (b *Backend) BufferCopyToDevice(source backends.Buffer, deviceNum backends.DeviceNum) (backends.Buffer, error) {
	buf, err := toBuffer(source, "BufferCopyToDevice")
	if err != nil {
		return nil, err
	}
	out, err := buf.CopyToDevice(compute.DeviceNum(deviceNum))
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkDType rejects the dtypes whose flat Go types differ between GoMLX and compute (see
// Capabilities), with an error that names the dtype instead of a failed type assertion later.
func (b *Backend) checkDType(shape shapes.Shape) error {
	if shape.IsTuple() || b.capabilities.DTypes[shape.DType] {
		return nil
	}
	return fmt.Errorf("computebackend: dtype %s (shape %s) is not supported: GoMLX v0.26 and compute use different Go types for it", shape.DType, shape)
}
