package layers

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// convIm2col convolves x [B, H, W, C] with kernel [k, k, C, F] at the given stride as one matrix
// product of the image patches [B, H', W', k·k·C] with the kernel reshaped to [k·k·C, F]. Only ops
// the pure-Go backend can run are used: shifted (strided) Slices and Concatenate forward; for the
// gradient, two matrix products and the patches' gradient summed back at their offsets.
func convIm2col(x, kernel *Node, padding Padding, stride int) *Node {
	return convIm2colBias(x, kernel, nil, padding, stride)
}

// convIm2colBias is convIm2col plus a bias [F] per filter (nil: none), folded into the product: the
// patches gain a column of ones and the kernel matrix the bias as its last row. The bias then costs
// one more term of each dot product instead of a broadcast Add over the whole output, and its
// gradient (the sum of dy over every position) comes out of the kernel-gradient product as that
// product's last row instead of a separate reduction — on the pure-Go backend the broadcast and
// the reduction cost more than the extra row.
func convIm2colBias(x, kernel, bias *Node, padding Padding, stride int) *Node {
	k := kernel.Shape().Dimensions[0]
	channels := x.Shape().Dimensions[3]
	filters := kernel.Shape().Dimensions[3]
	rows := k * k * channels // rows of the kernel matrix, without the bias row
	inputs := []*Node{x, kernel}
	if bias != nil {
		inputs = append(inputs, bias)
	}
	var patches, padded *Node
	return CustomGradient(inputs,
		func(in []*Node) *Node {
			padded = padSpatial(in[0], padding, k)
			patches = extractPatches(padded, k, stride)
			kernel2d := Reshape(in[1], rows, filters)
			if bias != nil {
				pd := patches.Shape().Dimensions
				ones := Ones(x.Graph(), shapes.Make(x.DType(), pd[0], pd[1], pd[2], 1))
				patches = Concatenate([]*Node{patches, ones}, 3)
				kernel2d = Concatenate([]*Node{kernel2d, Reshape(in[2], 1, filters)}, 0)
			}
			return DotGeneral(patches, []int{3}, nil, kernel2d, []int{0}, nil)
		},
		func(in []*Node, _, dy *Node) []*Node {
			kernel2d := Reshape(in[1], rows, filters)
			// [rows(+1), F]: the kernel's gradient, then (with a bias) the bias's.
			dMatrix := DotGeneral(patches, []int{0, 1, 2}, nil, dy, []int{0, 1, 2}, nil)
			dKernel := Reshape(Slice(dMatrix, AxisRange(0, rows), AxisRange()), k, k, channels, filters)
			dPatches := DotGeneral(dy, []int{3}, nil, kernel2d, []int{1}, nil)
			// A strided window grid is the stride-1 grid with the skipped positions' gradient
			// zero; rows and columns past the last window get no gradient either.
			folded := foldPatches(dilateSpatial(dPatches, stride), k, channels)
			paddedDims := padded.Shape().Dimensions
			fd := folded.Shape().Dimensions
			folded = zeroBorder(folded, fd[0], 0, paddedDims[1]-fd[1], 0, paddedDims[2]-fd[2], fd[1], fd[2], channels)
			dx := unpadSpatial(folded, padding, k)
			if bias == nil {
				return []*Node{dx, dKernel}
			}
			dBias := Reshape(Slice(dMatrix, AxisRange(rows, rows+1), AxisRange()), filters)
			return []*Node{dx, dKernel, dBias}
		})
}

// extractPatches returns [B, (H−k)/s+1, (W−k)/s+1, k·k·C]: for each output position, the k×k
// window, ordered (row, column, channel) to match a [k, k, C, F] kernel reshaped to [k·k·C, F].
func extractPatches(x *Node, k, stride int) *Node {
	outH := (x.Shape().Dimensions[1]-k)/stride + 1
	outW := (x.Shape().Dimensions[2]-k)/stride + 1
	rows := func(i int) SliceAxisSpec { return AxisRange(i, i+(outH-1)*stride+1).Stride(stride) }
	cols := func(j int) SliceAxisSpec { return AxisRange(j, j+(outW-1)*stride+1).Stride(stride) }
	if k == 1 {
		return Slice(x, AxisRange(), rows(0), cols(0), AxisRange())
	}
	windows := make([]*Node, 0, k*k)
	for i := range k {
		for j := range k {
			windows = append(windows, Slice(x, AxisRange(), rows(i), cols(j), AxisRange()))
		}
	}
	return Concatenate(windows, 3)
}

// dilateSpatial spreads x [B, h, w, C] out to [B, (h−1)·s+1, (w−1)·s+1, C], with s−1 zeros
// between neighbouring rows and columns (interior padding, built from Concatenate and Reshape
// because the pure-Go backend has no Pad op).
func dilateSpatial(x *Node, s int) *Node {
	if s == 1 {
		return x
	}
	g, dtype := x.Graph(), x.DType()
	dims := x.Shape().Dimensions
	batch, h, w, c := dims[0], dims[1], dims[2], dims[3]
	y := Reshape(x, batch, h, 1, w, 1, c)
	y = Concatenate([]*Node{y, Zeros(g, shapes.Make(dtype, batch, h, 1, w, s-1, c))}, 4)
	y = Concatenate([]*Node{y, Zeros(g, shapes.Make(dtype, batch, h, s-1, w, s, c))}, 2)
	y = Reshape(y, batch, h*s, w*s, c)
	return Slice(y, AxisRange(), AxisRange(0, (h-1)*s+1), AxisRange(0, (w-1)*s+1), AxisRange())
}

// foldPatches is the adjoint of extractPatches: it adds each window's gradient back at its offset,
// giving [B, H'+k−1, W'+k−1, C]. Offsets are built by concatenating zeros, because the pure-Go
// backend has no Pad op.
func foldPatches(dPatches *Node, k, channels int) *Node {
	dims := dPatches.Shape().Dimensions
	batch, outH, outW := dims[0], dims[1], dims[2]
	var sum *Node
	for i := range k {
		for j := range k {
			start := (i*k + j) * channels
			window := Slice(dPatches, AxisRange(), AxisRange(), AxisRange(), AxisRange(start, start+channels))
			placed := zeroBorder(window, batch, i, k-1-i, j, k-1-j, outH, outW, channels)
			if sum == nil {
				sum = placed
			} else {
				sum = Add(sum, placed)
			}
		}
	}
	return sum
}

// zeroBorder surrounds x [B, h, w, C] with top/bottom rows and left/right columns of zeros.
func zeroBorder(x *Node, batch, top, bottom, left, right, h, w, channels int) *Node {
	g, dtype := x.Graph(), x.DType()
	zeros := func(dims ...int) *Node { return Zeros(g, shapes.Make(dtype, dims...)) }
	if left > 0 || right > 0 {
		parts := make([]*Node, 0, 3)
		if left > 0 {
			parts = append(parts, zeros(batch, h, left, channels))
		}
		parts = append(parts, x)
		if right > 0 {
			parts = append(parts, zeros(batch, h, right, channels))
		}
		x = Concatenate(parts, 2)
	}
	fullW := w + left + right
	if top > 0 || bottom > 0 {
		parts := make([]*Node, 0, 3)
		if top > 0 {
			parts = append(parts, zeros(batch, top, fullW, channels))
		}
		parts = append(parts, x)
		if bottom > 0 {
			parts = append(parts, zeros(batch, bottom, fullW, channels))
		}
		x = Concatenate(parts, 1)
	}
	return x
}

// padSpatial adds the zero border Same padding needs ((k−1)/2 before, the rest after, as XLA and
// Keras do); Valid returns x unchanged.
func padSpatial(x *Node, padding Padding, k int) *Node {
	if padding != Same || k == 1 {
		return x
	}
	dims := x.Shape().Dimensions
	before := (k - 1) / 2
	after := k - 1 - before
	return zeroBorder(x, dims[0], before, after, before, after, dims[1], dims[2], dims[3])
}

// unpadSpatial crops what padSpatial added.
func unpadSpatial(x *Node, padding Padding, k int) *Node {
	if padding != Same || k == 1 {
		return x
	}
	dims := x.Shape().Dimensions
	before := (k - 1) / 2
	after := k - 1 - before
	return Slice(x, AxisRange(), AxisRange(before, dims[1]-after), AxisRange(before, dims[2]-after), AxisRange())
}
