// Package backend chooses the GoMLX backend DeepNB trains on and says which one runs.
//
// GoMLX v0.26 reaches XLA through PJRT plugins loaded by go-xla (the successor of gopjrt). When the
// "xla" backend is compiled in but no plugin is installed, GoMLX's own default tries to download one
// at start-up, which fails on offline machines with a DNS error. New never downloads: it honours
// $GOMLX_BACKEND, otherwise picks XLA only when a plugin is already installed, and falls back to a
// pure-Go backend everywhere else: "compute" (gomlx_ext/computebackend: GoMLX's compute gobackend, with
// SIMD and assembly kernels, adapted to GoMLX v0.26's API; equal to simplego within float32 rounding).
// GOMLX_BACKEND=go gives stock simplego.
//
// Builds without cgo (or with the build tag noxla) contain only the pure-Go backend.
//
// Introduced in notebooks/01_mnist_cnn.ipynb.
package backend
