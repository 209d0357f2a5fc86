package fromscratch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/deepnb/deepnb/gomlx_ext/fromscratch"
)

// onesKernel is a k×k single-channel kernel of ones: positive weights never cancel a signal, so
// every pixel in the receptive field changes the output.
func onesKernel(k int) fromscratch.Kernel {
	kernel, err := fromscratch.NewKernel(k, k, 1, 1)
	if err != nil {
		panic(err)
	}
	for i := range kernel.Data {
		kernel.Data[i] = 1
	}
	return kernel
}

// stackForward runs a stack of convolutions (kernel of ones) and max-poolings.
func stackForward(stack []fromscratch.Window) func(x fromscratch.Maps) (fromscratch.Maps, error) {
	return func(x fromscratch.Maps) (fromscratch.Maps, error) {
		var err error
		for _, w := range stack {
			if strings.HasPrefix(w.Name, "pool") {
				x, err = fromscratch.MaxPool2D(x, w.Size, w.Stride)
			} else {
				x, err = fromscratch.Conv2D(x, onesKernel(w.Size), nil, w.Stride, fromscratch.PadValid)
			}
			if err != nil {
				return x, fmt.Errorf("layer %s: %w", w.Name, err)
			}
		}
		return x, nil
	}
}

func TestReceptiveField(t *testing.T) {
	for _, tt := range []struct {
		stack []fromscratch.Window
		sizes []int
		input int
	}{
		{[]fromscratch.Window{{"conv1", 3, 1}, {"conv2", 3, 1}}, []int{3, 5}, 11},
		{[]fromscratch.Window{{"conv1", 3, 1}, {"conv2", 3, 1}, {"conv3", 3, 1}}, []int{3, 5, 7}, 13},
		// The seed CNN's convolution and pooling, then one more 3×3 convolution.
		{[]fromscratch.Window{{"conv1", 3, 1}, {"pool1", 2, 2}, {"conv2", 3, 1}}, []int{3, 4, 8}, 20},
		{[]fromscratch.Window{{"conv1", 5, 2}, {"conv2", 3, 2}, {"conv3", 3, 1}}, []int{5, 9, 17}, 29},
		{[]fromscratch.Window{{"conv1", 3, 1}, {"pool1", 2, 2}, {"conv2", 3, 1}, {"pool2", 2, 2}, {"conv3", 3, 1}}, []int{3, 4, 8, 10, 18}, 30},
	} {
		fields, err := fromscratch.ReceptiveField(tt.stack)
		if err != nil {
			t.Fatal(err)
		}
		for l, f := range fields {
			if f.Size != tt.sizes[l] {
				t.Errorf("%v: layer %d field %d, want %d", tt.stack, l, f.Size, tt.sizes[l])
			}
		}
		// Measured: the pixels that move the centre output of the whole stack.
		rows, cols, err := fromscratch.MeasureReceptiveField(stackForward(tt.stack), tt.input, tt.input)
		if err != nil {
			t.Fatal(err)
		}
		last := fields[len(fields)-1].Size
		if rows != last || cols != last {
			t.Errorf("%v: measured field %d×%d, the recurrence gives %d", tt.stack, rows, cols, last)
		}
	}
}

func TestReceptiveFieldErrors(t *testing.T) {
	if _, err := fromscratch.ReceptiveField(nil); err == nil {
		t.Error("ReceptiveField(nil): no error")
	}
	_, err := fromscratch.ReceptiveField([]fromscratch.Window{{"conv1", 3, 1}, {"bad", 3, 0}})
	if err == nil || !strings.Contains(err.Error(), `layer 1 ("bad")`) {
		t.Errorf("stride 0: error = %v, want one naming layer 1", err)
	}
	_, _, err = fromscratch.MeasureReceptiveField(stackForward([]fromscratch.Window{{"conv1", 5, 1}}), 3, 3)
	if err == nil || !strings.Contains(err.Error(), "does not fit") {
		t.Errorf("kernel larger than input: error = %v", err)
	}
}
