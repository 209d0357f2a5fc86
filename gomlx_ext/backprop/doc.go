// Package backprop writes the forward and backward pass of a two-layer
// perceptron by hand, twice: in plain Go on float64 slices (to read and to
// check) and as GoMLX graph ops without automatic differentiation (to train
// at the speed of matrix products). Both follow the same layer-by-layer chain
// rule, so each can be checked against the other, against GoMLX's
// graph.Gradient and against central finite differences (package gradcheck).
//
// Introduced in notebooks/05_backprop.ipynb.
//
// The network, for a batch X of n examples (rows), with notation shared by all
// DeepNB notebooks:
//
//	z¹ = X·W¹ + b¹        W¹: [in, hidden]
//	a¹ = f(z¹)            f: ReLU or Tanh
//	z² = a¹·W² + b²       W²: [hidden, out], the logits
//	L  = −1/n Σᵢ log softmax(z²ᵢ)[yᵢ]
//
// and its backward pass, δ = ∂L/∂z for each layer:
//
//	δ²     = (softmax(z²) − onehot(y)) / n
//	∂L/∂W² = a¹ᵀ·δ²,   ∂L/∂b² = Σᵢ δ²ᵢ
//	δ¹     = (δ²·W²ᵀ) ⊙ f'(z¹)
//	∂L/∂W¹ = Xᵀ·δ¹,    ∂L/∂b¹ = Σᵢ δ¹ᵢ
//
// Plain Go: Params.Forward, Params.Backward, Params.Gradients and the blocks
// they are made of (DenseForward, DenseBackward, Activation.Backward,
// SoftmaxCrossEntropyDelta). Graph: GraphForward, GraphBackward,
// GraphAutodiff. Training: SGDTrainer runs plain SGD steps with either
// gradient (Manual or Autodiff). Checking: CheckGradients and GraphGradients.
package backprop
