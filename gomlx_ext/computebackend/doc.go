// Package computebackend is DeepNB's default pure-Go GoMLX backend, registered as "compute": an
// adapter that implements GoMLX v0.26's backends.Backend on a github.com/gomlx/compute backend,
// by default compute's gobackend. gobackend is the pure-Go backend that GoMLX split out of its
// own repository after v0.26: assembly AVX2/AVX-512 matrix micro-kernels, direct convolution
// kernels (forward and both gradients), SIMD reductions and elementwise ops, and native
// ReduceWindow/SelectAndScatterMax for max-pooling. The proxy serves GoMLX only up to v0.26,
// whose own pure-Go backend (simplego, "go") has scalar kernels and lacks the ops that the stock
// convolution and max-pool gradients need; this adapter is the few hundred lines between the two
// APIs, so DeepNB trains on GoMLX's maintained kernels without forking either module.
//
// Notebook 01 (01_mnist_cnn) is the first to train on it; every notebook and command that runs
// without a PJRT plugin does (gomlx_ext/backend picks it).
//
// Pick it with GOMLX_BACKEND=compute or backends.NewWithConfig("compute"). A configuration after
// the colon goes to gobackend ("compute:parallelism=2"; "compute:help" lists the options).
// GOMLX_BACKEND=go stays GoMLX's stock simplego, the reference the conformance tests compare with.
//
// How: GoMLX builds every gradient in its graph package, so a backend only sees forward ops. Of
// backends.Builder's methods, all but a few have a compute.Function method of the same name whose
// parameters convert one to one (ops are opaque values on both sides, shapes and dtypes convert
// field by field, enums by number, which a test checks by name); ops_gen.go forwards those and is
// generated from both interfaces by internal/genops (`go generate ./gomlx_ext/computebackend/`).
// builder.go writes the rest by hand: Compile (compute's Main().Return + Compile), DotGeneral
// (compute adds a config), Dot (gone from compute; built on DotGeneral), RNGBitGenerator
// (compute names the algorithm: Philox, whose [3]uint64 state is GoMLX v0.26's RNG state).
// Buffers are compute's own and pass through without copies.
//
// Seeded random streams differ from simplego's (Philox against simplego's generator), so a seed
// gives other initial weights and dropout masks here than on GOMLX_BACKEND=go; for one graph
// and one set of inputs the two agree within float32 rounding.
//
// Half-precision dtypes are not offered (Capabilities leaves them out): GoMLX v0.26 and compute
// use different Go types for Float16 and BFloat16 flat data.
package computebackend

//go:generate go run ./internal/genops ops_gen.go
