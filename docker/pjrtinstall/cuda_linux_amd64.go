//go:build linux && amd64

package main

import "github.com/gomlx/go-xla/pkg/installer"

// installCUDA installs JAX's CUDA PJRT plugin and NVIDIA's libraries into p.Dir/nvidia, and
// links libcublas*.so.13 into p.Dir's parent, as go-xla's pjrt_installer does.
func installCUDA(p plan) error {
	return installer.CudaInstall(CUDAPlugin, p.Version, p.Dir, false, p.Verbosity)
}
