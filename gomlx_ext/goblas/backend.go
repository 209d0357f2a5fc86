package goblas

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
)

// BackendName is the name goblas registers with GoMLX (GOMLX_BACKEND=goblas).
const BackendName = "goblas"

func init() {
	backends.Register(BackendName, New)
}

// Backend is simplego with goblas's Builder; buffers and data transfer are simplego's.
type Backend struct {
	backends.Backend // the simplego backend everything but Builder goes to.
	kernel           kernel
}

var _ backends.Backend = (*Backend)(nil)

// New creates the backend. config's "kernel=simd" or "kernel=gonum" picks the products' kernel
// (default: simd where the build and the CPU have it, else gonum); the rest is passed to simplego
// (e.g. "ops_sequential").
func New(config string) (backends.Backend, error) {
	k, config, err := chooseKernel(config)
	if err != nil {
		return nil, err
	}
	inner, err := simplego.New(config)
	if err != nil {
		return nil, fmt.Errorf("goblas: %w", err)
	}
	if !inner.HasSharedBuffers() {
		return nil, fmt.Errorf("goblas: the simplego backend has no shared buffers")
	}
	return &Backend{Backend: inner, kernel: k}, nil
}

// Name is the short name a training run prints.
func (b *Backend) Name() string { return "goblas (simplego + " + b.kernel.description + ")" }

// String is the name used in GOMLX_BACKEND.
func (b *Backend) String() string { return BackendName }

// Description says what runs where.
func (b *Backend) Description() string {
	return "pure Go: float32 matrix products with " + b.kernel.description + ", every other op with " + b.Backend.Name()
}

// Builder returns a recording builder; see the package documentation.
func (b *Backend) Builder(name string) backends.Builder {
	return newBuilder(b, name)
}
