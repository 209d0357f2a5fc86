package models

import (
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/backend"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func TestCNNShapesAndParameters(t *testing.T) {
	b, _, err := backend.New()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	for _, tt := range []struct {
		name       string
		cnn        CNN
		trainable  int
		batchNorms int
	}{
		// conv 3·3·1·16 (no bias) + BN 2·16 + conv 3·3·16·32 + BN 2·32 + dense 1568·128+128 + 128·10+10.
		{"fashion", FashionCNN(), 144 + 32 + 4608 + 64 + 1568*128 + 128 + 1290, 2},
		// conv 3·3·1·8+8 + dense 14·14·8·64+64 + 64·10+10.
		{"small", SmallCNN(), 80 + 1568*64 + 64 + 650, 0},
		// Two convolutions per block, no dense layer, 3 classes: 28 → 14 → 7.
		{"two per block", CNN{Filters: []int{4, 8}, ConvsPerBlock: 2, Classes: 3},
			(36 + 4) + (144 + 4) + (288 + 8) + (576 + 8) + 7*7*8*3 + 3, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.New()
			exec, err := context.NewExec(b, ctx, func(ctx *context.Context, x *Node) *Node { return tt.cnn.Build(ctx, x) })
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Exec(tensors.FromShape(shapesOf([]int{2, 28, 28, 1})))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := out[0].Shape().Dimensions, []int{2, tt.cnn.classes()}; got[0] != want[0] || got[1] != want[1] {
				t.Errorf("logits %v, want %v", got, want)
			}
			trainable, movingMeans := 0, 0
			for v := range ctx.IterVariables() {
				if v.Trainable {
					trainable += v.Shape().Size()
				}
				if v.Name() == "moving_mean" {
					movingMeans++
				}
			}
			if trainable != tt.trainable || movingMeans != tt.batchNorms {
				t.Errorf("%d trainable parameters and %d batch norms, want %d and %d (%s)",
					trainable, movingMeans, tt.trainable, tt.batchNorms, tt.cnn)
			}
		})
	}
}

func TestCNNValidate(t *testing.T) {
	for _, tt := range []struct {
		cnn  CNN
		want string
	}{
		{CNN{}, "no blocks"},
		{CNN{Filters: []int{8, 0}}, "block 1"},
		{CNN{Filters: []int{8}, BlockDropout: 1}, "BlockDropout"},
		{CNN{Filters: []int{8}, DenseDropout: -0.1}, "DenseDropout"},
		{CNN{Filters: []int{8}, Dense: -1}, "Dense"},
	} {
		if err := tt.cnn.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: got %v, want an error about %s", tt.cnn, err, tt.want)
		}
	}
	if got, want := FashionCNN().String(), "[conv16-pool-bn-relu] [conv32-pool-bn-relu] dense128 drop0.3 → 10"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
