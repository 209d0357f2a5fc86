package main

// CPUPluginVersion is the release of go-xla's CPU PJRT binaries installed in the images: the
// version go-xla v0.1.4 (pinned by go.mod) was tested against, its DefaultCPUVersion
// (a cgo test checks they match).
const CPUPluginVersion = "v0.83.3"

// CUDAPlugin names JAX's CUDA 13 PJRT wheels (jax-cuda13-pjrt), the ones go-xla's installer uses.
const CUDAPlugin = "cuda13"

// CUDAPluginVersion is the jax-cuda13-pjrt release installed in the CUDA image: the newest one
// when go-xla v0.1.4 was released (2025-12-17), so the one its installer's "latest" resolved to
// then. Not yet run on a GPU by DeepNB (see docker/README.md).
const CUDAPluginVersion = "0.8.1"
