package models

import (
	"fmt"
	"strings"

	"github.com/gomlx/gomlx/pkg/ml/train"
)

// MLPHidden is the width of the hidden layer of the "mlp" model: the 784-128-10 perceptron of
// the seed text.
const MLPHidden = 128

// Named is one entry of the table of models that cmd/train and cmd/bench choose from by name.
type Named struct {
	// Name is what -model (cmd/train) and -models (cmd/bench) accept.
	Name string
	// Description says what the model is, for flag help.
	Description string
	// New builds the model function.
	New func() train.ModelFn
}

// Table lists every model the commands know, in the order their help lists them.
var Table = []Named{
	{Name: "cnn", Description: "the seed's Conv2D-MaxPool-Dense network", New: func() train.ModelFn { return SeedCNNModelFn }},
	{Name: "mlp", Description: fmt.Sprintf("784-%d-%d", MLPHidden, NumClasses), New: func() train.ModelFn { return MLPModelFn(NumClasses, MLPHidden) }},
	{Name: "fashion-cnn", Description: "notebook 12's conv blocks with batch norm and dropout", New: func() train.ModelFn { return FashionCNN().ModelFn() }},
	{Name: "small-cnn", Description: "one conv block (8 filters) and a 64-unit dense layer", New: func() train.ModelFn { return SmallCNN().ModelFn() }},
}

// ByName returns the model function of the table entry called name, or an error listing the
// names there are.
func ByName(name string) (train.ModelFn, error) {
	for _, m := range Table {
		if m.Name == name {
			return m.New(), nil
		}
	}
	return nil, fmt.Errorf("model %q: want one of %s", name, strings.Join(Names(), ", "))
}

// Names returns the names of the table's models, in order.
func Names() []string {
	names := make([]string, len(Table))
	for i, m := range Table {
		names[i] = m.Name
	}
	return names
}

// Help describes the table's models for a flag's usage text: "cnn (the seed's ...), mlp (...)".
func Help() string {
	parts := make([]string, len(Table))
	for i, m := range Table {
		parts[i] = fmt.Sprintf("%s (%s)", m.Name, m.Description)
	}
	return strings.Join(parts, ", ")
}
