package datasets_test

import (
	"cmp"
	"math"
	"os"
	"testing"

	"github.com/deepnb/deepnb/datasets"
	"github.com/deepnb/deepnb/gomlx_ext/backend"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/train/losses"
)

// The tensors Batches yields plug straight into GoMLX's sparse cross-entropy
// (labels [B, 1] int32 next to logits [B, 10]): logits that put all weight on
// the yielded labels give a loss near 0, all-zero logits give ln 10.
func TestBatchesFeedSparseCrossEntropy(t *testing.T) {
	be, err := backend.NewWithConfig(cmp.Or(os.Getenv(backend.EnvVar), backend.PureGo))
	if err != nil {
		t.Fatal(err)
	}
	defer be.Finalize()
	mnist, _, err := datasets.LoadMNISTDefault()
	if err != nil {
		t.Fatal(err)
	}
	b, err := datasets.NewBatches(mnist, datasets.BatchConfig{BatchSize: 32, Shuffle: true, DropIncomplete: true})
	if err != nil {
		t.Fatal(err)
	}
	_, inputs, labels, err := b.Yield()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		confidence float64 // logits = confidence · one-hot(label)
		want, tol  float64
	}{
		{"confident and right", 20, 0, 1e-6},
		{"uniform", 0, math.Log(10), 1e-5},
	} {
		loss, err := ExecOnce(be, func(x, y *Node) *Node {
			x.AssertDims(32, 28, 28, 1)
			y.AssertDims(32, 1)
			logits := MulScalar(OneHot(Reshape(y, 32), 10, dtypes.Float32), tt.confidence)
			return losses.SparseCategoricalCrossEntropyLogits([]*Node{y}, []*Node{logits})
		}, inputs[0], labels[0])
		if err != nil {
			t.Fatal(err)
		}
		if got := float64(tensors.ToScalar[float32](loss)); math.Abs(got-tt.want) > tt.tol {
			t.Errorf("%s: loss %v, want %v", tt.name, got, tt.want)
		}
	}
}
