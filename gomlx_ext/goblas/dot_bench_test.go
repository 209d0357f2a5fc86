package goblas

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX's own style for graph code.
)

// BenchmarkDotGeneral times the seed CNN's matrix products (batch 128) on stock simplego and on
// goblas, as one-op graphs, and reports GFLOP/s.
func BenchmarkDotGeneral(b *testing.B) {
	stock, fast := newBackends(b)
	rng := rand.New(rand.NewPCG(5, 6))
	shapes := []struct {
		name                   string
		lhsDims, rhsDims       []int
		lhsC, lhsB, rhsC, rhsB []int
		m, n, k                int
	}{
		{"dense_forward_128x5408x128", []int{128, 5408}, []int{5408, 128}, []int{1}, nil, []int{0}, nil, 128, 128, 5408},
		{"dense_dW_5408x128x128", []int{128, 5408}, []int{128, 128}, []int{0}, nil, []int{0}, nil, 5408, 128, 128},
		{"dense_dX_128x5408x128", []int{128, 128}, []int{5408, 128}, []int{1}, nil, []int{1}, nil, 128, 5408, 128},
		{"conv_forward_86528x32x9", []int{86528, 9}, []int{9, 32}, []int{1}, nil, []int{0}, nil, 86528, 32, 9},
		{"conv_dW_9x32x86528", []int{86528, 9}, []int{86528, 32}, []int{0}, nil, []int{0}, nil, 9, 32, 86528},
	}
	for _, s := range shapes {
		for _, be := range []backends.Backend{stock, fast} {
			b.Run(s.name+"/"+be.String(), func(b *testing.B) {
				lhs, rhs := randomTensor(rng, s.lhsDims...), randomTensor(rng, s.rhsDims...)
				exec := MustNewExec(be, func(l, r *Node) *Node { return DotGeneral(l, s.lhsC, s.lhsB, r, s.rhsC, s.rhsB) })
				defer exec.Finalize()
				exec.MustExec1(lhs, rhs).FinalizeAll()
				b.ResetTimer()
				for b.Loop() {
					exec.MustExec1(lhs, rhs).FinalizeAll()
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
