//go:build !(goexperiment.simd && amd64)

package goblas

// simdUnavailable says why this build has no SIMD kernel.
const simdUnavailable = "built without GOEXPERIMENT=simd, or not for amd64"
