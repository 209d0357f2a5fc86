// Package goblas is a pure-Go GoMLX backend, registered as "goblas", that runs float32 matrix
// products (DotGeneral) with its own kernel and everything else with GoMLX's own pure-Go backend
// ("go", simplego). The kernel is DeepNB's AVX2 + FMA register-tiled one (kernel_simd_amd64.go)
// when the build has GOEXPERIMENT=simd (make, the GoNB kernel spec and the Docker images set it)
// and the CPU has AVX2 and FMA; otherwise gonum's blocked, multi-threaded Sgemm, which builds and
// runs everywhere. Both agree with simplego within float32 rounding (the tests run on both).
//
// GoMLX code uses it unchanged: pick it with GOMLX_BACKEND=goblas or backends.NewWithConfig("goblas").
// A configuration after the colon is handed to simplego ("goblas:ops_sequential"), except
// "kernel=gonum" or "kernel=simd", which picks the kernel ("goblas:kernel=gonum").
//
// How: the Builder records every op (and builds it on a simplego builder at once, for shapes and
// errors). Compile splits the graph into stages: simplego sub-computations, compiled through
// simplego's exported Builder, alternating with layers of float32 products that goblas computes
// itself. Buffers are simplego's own and pass between stages without copies (shared buffers).
// A graph without float32 products compiles to a plain simplego executable.
//
// The generated record_gen.go has one method per backends.Builder op; regenerate it with
// `go generate ./gomlx_ext/goblas/` after a GoMLX upgrade.
package goblas

//go:generate go run ./internal/genrecord record_gen.go
