package ingraph_test

import (
	"math"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
	"github.com/deepnb/deepnb/gomlx_ext/ingraph"
	"github.com/gomlx/gomlx/pkg/core/graph"
	gomlxlosses "github.com/gomlx/gomlx/pkg/ml/train/losses"
)

// evalScalar runs fn(a, b) on the test backend and returns the scalar result.
func evalScalar(t *testing.T, fn func(a, b *graph.Node) *graph.Node, a, b any) float64 {
	t.Helper()
	out, err := graph.ExecOnce(testBackend(t), fn, a, b)
	if err != nil {
		t.Fatalf("executing graph: %v", err)
	}
	if !out.Shape().IsScalar() {
		t.Fatalf("want a scalar loss, got shape %s", out.Shape())
	}
	switch v := out.Value().(type) {
	case float64:
		return v
	case float32:
		return float64(v)
	default:
		t.Fatalf("unexpected loss type %T", v)
		return 0
	}
}

func assertClose(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.12g, want %.12g (tolerance %g)", what, got, want, tol)
	}
}

// gomlxOrder flips our (yHat, y) order to GoMLX's (labels, predictions).
func gomlxOrder(fn gomlxlosses.LossFn) func(yHat, y *graph.Node) *graph.Node {
	return func(yHat, y *graph.Node) *graph.Node {
		return fn([]*graph.Node{y}, []*graph.Node{yHat})
	}
}

func flatten(x [][]float64) []float64 {
	var out []float64
	for _, row := range x {
		out = append(out, row...)
	}
	return out
}

func TestMSE(t *testing.T) {
	tests := []struct {
		name    string
		yHat, y [][]float64
		want    float64
	}{
		{
			// Differences −0.5, 0, 1, −0.5 → squares 0.25, 0, 1, 0.25 → sum 1.5 over 4 elements.
			name: "2x2", yHat: [][]float64{{1, 2}, {3, 4}}, y: [][]float64{{1.5, 2}, {2, 4.5}},
			want: 1.5 / 4,
		},
		{
			// A single column: differences 3 and −1 → (9 + 1) / 2.
			name: "column", yHat: [][]float64{{3}, {-1}}, y: [][]float64{{0}, {0}},
			want: 5,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertClose(t, "ingraph.MSE", evalScalar(t, ingraph.MSE, tc.yHat, tc.y), tc.want, 1e-12)
			assertClose(t, "GoMLX MeanSquaredError",
				evalScalar(t, gomlxOrder(gomlxlosses.MeanSquaredError), tc.yHat, tc.y), tc.want, 1e-12)
			plain, err := fromscratch.MSE(flatten(tc.yHat), flatten(tc.y))
			if err != nil {
				t.Fatalf("MSEPlain: %v", err)
			}
			assertClose(t, "MSEPlain", plain, tc.want, 1e-12)
		})
	}
}

func TestCrossEntropyFromProbabilities(t *testing.T) {
	yHat := [][]float64{{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}}
	y := [][]float64{{1, 0, 0}, {0, 0, 1}}
	// Only the true classes count: −(log 0.7 + log 0.1) / 2 examples.
	want := -(math.Log(0.7) + math.Log(0.1)) / 2

	assertClose(t, "ingraph.CrossEntropy", evalScalar(t, ingraph.CrossEntropy, yHat, y), want, 1e-12)
	// GoMLX clips to [1e-8, 1−1e-8] in float64, which does not touch these probabilities.
	assertClose(t, "GoMLX CategoricalCrossEntropy",
		evalScalar(t, gomlxOrder(gomlxlosses.CategoricalCrossEntropy), yHat, y), want, 1e-12)
	plain, err := fromscratch.CrossEntropy(yHat, y)
	if err != nil {
		t.Fatalf("CrossEntropyPlain: %v", err)
	}
	assertClose(t, "CrossEntropyPlain", plain, want, 1e-12)
}

func TestCrossEntropyLogitsMatchesGoMLX(t *testing.T) {
	tests := []struct {
		name   string
		logits [][]float64
		labels []int
	}{
		{name: "small", logits: [][]float64{{2, 1, 0}, {0.5, -1, 3}}, labels: []int{0, 2}},
		{name: "wrong-class", logits: [][]float64{{-3, 4, 0.25}, {1, 1, 1}, {10, -10, 0}}, labels: []int{0, 1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Hand formula: per example log Σ exp(x) − x[label], then the mean over examples.
			var want float64
			oneHot := make([][]float64, len(tc.labels))
			labels32 := make([]int32, len(tc.labels))
			labelsColumn := make([][]int32, len(tc.labels))
			for i, label := range tc.labels {
				var sumExp float64
				for _, x := range tc.logits[i] {
					sumExp += math.Exp(x)
				}
				want += math.Log(sumExp) - tc.logits[i][label]
				oneHot[i] = make([]float64, len(tc.logits[i]))
				oneHot[i][label] = 1
				labels32[i] = int32(label)
				labelsColumn[i] = []int32{int32(label)}
			}
			want /= float64(len(tc.labels))

			assertClose(t, "ingraph.CrossEntropyLogits", evalScalar(t, ingraph.CrossEntropyLogits, tc.logits, oneHot), want, 1e-12)
			assertClose(t, "GoMLX CategoricalCrossEntropyLogits",
				evalScalar(t, gomlxOrder(gomlxlosses.CategoricalCrossEntropyLogits), tc.logits, oneHot), want, 1e-12)
			assertClose(t, "ingraph.SparseCrossEntropyLogits", evalScalar(t, ingraph.SparseCrossEntropyLogits, tc.logits, labels32), want, 1e-12)
			assertClose(t, "ingraph.SparseCrossEntropyLogits with [batch,1] labels",
				evalScalar(t, ingraph.SparseCrossEntropyLogits, tc.logits, labelsColumn), want, 1e-12)
			assertClose(t, "GoMLX SparseCategoricalCrossEntropyLogits",
				evalScalar(t, gomlxOrder(gomlxlosses.SparseCategoricalCrossEntropyLogits), tc.logits, labelsColumn), want, 1e-12)
			assertClose(t, "ingraph.AsLossFn(CrossEntropyLogits)",
				evalScalar(t, gomlxOrder(ingraph.AsLossFn(ingraph.CrossEntropyLogits)), tc.logits, oneHot), want, 1e-12)

			plain, err := fromscratch.CrossEntropyLogits(tc.logits, oneHot)
			if err != nil {
				t.Fatalf("CrossEntropyLogitsPlain: %v", err)
			}
			assertClose(t, "CrossEntropyLogitsPlain", plain, want, 1e-12)
			sparse, err := fromscratch.SparseCrossEntropyLogits(tc.logits, tc.labels)
			if err != nil {
				t.Fatalf("SparseCrossEntropyLogitsPlain: %v", err)
			}
			assertClose(t, "SparseCrossEntropyLogitsPlain", sparse, want, 1e-12)
			// On moderate logits the naive version is still correct.
			naive, err := fromscratch.NaiveCrossEntropyLogits(tc.logits, oneHot)
			if err != nil {
				t.Fatalf("NaiveCrossEntropyLogitsPlain: %v", err)
			}
			assertClose(t, "NaiveCrossEntropyLogitsPlain", naive, want, 1e-12)
		})
	}
}

// TestNaiveOverflows shows the bad example of notebooks/03_losses.ipynb: softmax
// then log breaks on large logits, the log-softmax form does not.
func TestNaiveOverflows(t *testing.T) {
	tests := []struct {
		name      string
		logits, y [][]float64
		// stable is the exact loss: log Σ exp(x) − x[label] with log(e^1000 + e^0) = 1000 + log(1 + e^−1000) ≈ 1000.
		stable float64
		// naiveNaN says whether the naive loss is NaN (else +Inf).
		naiveNaN bool
	}{
		// exp(1000) = +Inf → softmax = [Inf/Inf, 1/Inf] = [NaN, 0] → NaN.
		{name: "[1000,0] label 0", logits: [][]float64{{1000, 0}}, y: [][]float64{{1, 0}}, stable: 0, naiveNaN: true},
		{name: "[1000,0] label 1", logits: [][]float64{{1000, 0}}, y: [][]float64{{0, 1}}, stable: 1000, naiveNaN: true},
		// exp(−1000) = 0 → softmax = [0, 1] → −log 0 = +Inf.
		{name: "[-1000,0] label 0", logits: [][]float64{{-1000, 0}}, y: [][]float64{{1, 0}}, stable: 1000, naiveNaN: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkNaive := func(what string, got float64) {
				t.Helper()
				if tc.naiveNaN && !math.IsNaN(got) {
					t.Errorf("%s = %g, want NaN", what, got)
				}
				if !tc.naiveNaN && !math.IsInf(got, 1) {
					t.Errorf("%s = %g, want +Inf", what, got)
				}
			}
			checkNaive("graph NaiveCrossEntropyLogits", evalScalar(t, ingraph.NaiveCrossEntropyLogits, tc.logits, tc.y))
			naive, err := fromscratch.NaiveCrossEntropyLogits(tc.logits, tc.y)
			if err != nil {
				t.Fatalf("NaiveCrossEntropyLogitsPlain: %v", err)
			}
			checkNaive("NaiveCrossEntropyLogitsPlain", naive)

			assertClose(t, "graph CrossEntropyLogits", evalScalar(t, ingraph.CrossEntropyLogits, tc.logits, tc.y), tc.stable, 1e-9)
			assertClose(t, "GoMLX CategoricalCrossEntropyLogits",
				evalScalar(t, gomlxOrder(gomlxlosses.CategoricalCrossEntropyLogits), tc.logits, tc.y), tc.stable, 1e-9)
			plain, err := fromscratch.CrossEntropyLogits(tc.logits, tc.y)
			if err != nil {
				t.Fatalf("CrossEntropyLogitsPlain: %v", err)
			}
			assertClose(t, "CrossEntropyLogitsPlain", plain, tc.stable, 1e-9)
		})
	}
}

// TestNaiveOverflowsSoonerInFloat32: exp overflows float32 above ~88.7, so
// logits of 100 already break the naive form there, but not in float64.
func TestNaiveOverflowsSoonerInFloat32(t *testing.T) {
	logits32 := [][]float32{{100, 0}}
	y32 := [][]float32{{1, 0}}
	if got := evalScalar(t, ingraph.NaiveCrossEntropyLogits, logits32, y32); !math.IsNaN(got) {
		t.Errorf("float32 naive loss = %g, want NaN", got)
	}
	assertClose(t, "float32 stable loss", evalScalar(t, ingraph.CrossEntropyLogits, logits32, y32), 0, 1e-6)
	// float64: exp(100) ≈ 2.7e43 is representable, loss = log(1 + e^−100) ≈ 3.7e−44.
	got := evalScalar(t, ingraph.NaiveCrossEntropyLogits, [][]float64{{100, 0}}, [][]float64{{1, 0}})
	assertClose(t, "float64 naive loss", got, 0, 1e-12)
}

// TestCrossEntropyLogitsGradient checks the textbook result
// ∂CE/∂logits = (softmax(logits) − y) / n, computed with GoMLX autodiff.
func TestCrossEntropyLogitsGradient(t *testing.T) {
	logits := [][]float64{{2, 1, 0}, {1000, 0, -5}}
	y := [][]float64{{0, 1, 0}, {0, 0, 1}}
	grad, err := graph.ExecOnce(testBackend(t), func(logits, y *graph.Node) *graph.Node {
		return graph.Gradient(ingraph.CrossEntropyLogits(logits, y), logits)[0]
	}, logits, y)
	if err != nil {
		t.Fatalf("gradient graph: %v", err)
	}
	got := grad.Value().([][]float64)
	n := float64(len(logits))
	for i := range logits {
		p := fromscratch.Softmax(logits[i])
		for k := range p {
			assertClose(t, "dCE/dlogits", got[i][k], (p[k]-y[i][k])/n, 1e-12)
		}
	}
}

func TestSoftmaxPlain(t *testing.T) {
	tests := []struct {
		name   string
		logits []float64
	}{
		{name: "small", logits: []float64{1, 2, 3}},
		{name: "huge", logits: []float64{1000, 999, -1000}},
		{name: "single", logits: []float64{-7}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := fromscratch.Softmax(tc.logits)
			var sum float64
			for i, v := range p {
				if math.IsNaN(v) || v < 0 || v > 1 {
					t.Errorf("softmax[%d] = %g, want a probability", i, v)
				}
				sum += v
			}
			assertClose(t, "Σ softmax", sum, 1, 1e-12)
			// Ratios are preserved: p[i]/p[0] = exp(x[i] − x[0]).
			for i := range p {
				if p[i] > 1e-300 {
					assertClose(t, "log ratio", math.Log(p[i]/p[0]), tc.logits[i]-tc.logits[0], 1e-9)
				}
			}
		})
	}
	if got := fromscratch.LogSumExp([]float64{math.Inf(1), 0}); !math.IsInf(got, 1) {
		t.Errorf("LogSumExpPlain([+Inf, 0]) = %g, want +Inf", got)
	}
	if got := fromscratch.LogSumExp(nil); !math.IsInf(got, -1) {
		t.Errorf("LogSumExpPlain(nil) = %g, want −Inf", got)
	}
}

func TestPlainErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"mse lengths", func() error { _, err := fromscratch.MSE([]float64{1}, []float64{1, 2}); return err }, "1 values, y has 2"},
		{"mse empty", func() error { _, err := fromscratch.MSE(nil, nil); return err }, "empty"},
		{"ce rows", func() error { _, err := fromscratch.CrossEntropy([][]float64{{1}}, nil); return err }, "1 examples, y has 0"},
		{"ce ragged", func() error {
			_, err := fromscratch.CrossEntropyLogits([][]float64{{1, 2}, {3}}, [][]float64{{1, 0}, {1}})
			return err
		}, "example 1"},
		{"sparse label range", func() error {
			_, err := fromscratch.SparseCrossEntropyLogits([][]float64{{1, 2}}, []int{2})
			return err
		}, "label 2, want 0..1"},
		{"sparse counts", func() error {
			_, err := fromscratch.SparseCrossEntropyLogits([][]float64{{1, 2}}, nil)
			return err
		}, "1 logit rows but 0 labels"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestGraphShapeErrors: graph functions panic while building, and GoMLX's
// Exec hands that back as an error naming the loss.
func TestGraphShapeErrors(t *testing.T) {
	tests := []struct {
		name string
		fn   func(a, b *graph.Node) *graph.Node
		a, b any
		want string
	}{
		{"mse", ingraph.MSE, []float64{1, 2}, []float64{1, 2, 3}, "ingraph.MSE"},
		{"ce", ingraph.CrossEntropyLogits, [][]float64{{1, 2}}, [][]float64{{1, 2, 3}}, "ingraph.CrossEntropyLogits"},
		{"sparse dtype", ingraph.SparseCrossEntropyLogits, [][]float64{{1, 2}}, []float64{1}, "integer dtype"},
		{"sparse shape", ingraph.SparseCrossEntropyLogits, [][]float64{{1, 2}}, []int32{1, 0}, "does not match"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := graph.ExecOnce(testBackend(t), tc.fn, tc.a, tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
