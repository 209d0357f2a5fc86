// Package gradcheck compares the gradients GoMLX computes by automatic
// differentiation (graph.Gradient) with central finite differences, and
// optionally with a gradient written by hand, for any GoMLX graph function
// returning a scalar.
//
// Introduced in notebooks/05_backprop.ipynb.
//
// For every element θ of every parameter it evaluates
//
//	numeric = (f(θ + h) − f(θ − h)) / 2h
//
// in float64 and compares it with the autodiff value a using the relative
// error
//
//	rel(a, n) = |a − n| / max(|a|, |n|, floor)
//
// The floor (default DefaultFloor) keeps elements whose true gradient is
// zero from dividing by zero. Finite differences in float64 with h = 1e-6
// carry an absolute noise of roughly 1e-10·|f|, so an element whose gradient
// is near zero can show a large relative error while its absolute difference
// is tiny: the report prints both.
//
// It works on any backend, including the pure-Go "go" backend.
package gradcheck
