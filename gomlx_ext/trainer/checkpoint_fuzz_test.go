package trainer

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/ml/context"
)

// sealCheckpoint assembles a checkpoint file around header and data with a valid SHA-256: anyone
// can compute one, so what lies behind the checksum must hold up on its own.
func sealCheckpoint(header, data []byte) []byte {
	var out bytes.Buffer
	out.WriteString(checkpointMagic)
	_ = binary.Write(&out, binary.LittleEndian, uint64(len(header)))
	out.Write(header)
	out.Write(data)
	sum := sha256.Sum256(out.Bytes())
	out.Write(sum[:])
	return out.Bytes()
}

// craftedHeader is the header of a one-variable checkpoint with the given fields changed.
func craftedHeader(t testing.TB, edit func(v *SavedVariable, s *RunState)) []byte {
	t.Helper()
	v := SavedVariable{Scope: "/dense", Name: "weights", DType: "Float32", Dimensions: []int{2, 2}, Trainable: true, Length: 16}
	s := RunState{Step: 3, Epoch: 1, StepInEpoch: 1, StepsPerEpoch: 2, History: &History{}}
	if edit != nil {
		edit(&v, &s)
	}
	header, err := json.Marshal(&Checkpoint{State: s, Variables: []SavedVariable{v}})
	if err != nil {
		t.Fatal(err)
	}
	return header
}

// restoreTargets are the two paths of Restore: a fresh context (the variable is created) and one
// that already holds /dense/weights (its value is set).
func restoreTargets() []*context.Context {
	existing := context.New()
	existing.InAbsPath("/dense").VariableWithValue("weights", [][]float32{{0, 0}, {0, 0}})
	return []*context.Context{context.New(), existing}
}

// TestCraftedCheckpointsAreErrors: checkpoints with a valid checksum around a forged header are
// errors naming the variable, from DecodeCheckpoint or from Restore, never panics.
func TestCraftedCheckpointsAreErrors(t *testing.T) {
	data := make([]byte, 16)
	for _, tt := range []struct {
		name string
		edit func(v *SavedVariable, s *RunState)
		want string
	}{
		{"offset overflows the bounds check", func(v *SavedVariable, _ *RunState) { v.Offset = 1<<63 - 8 }, "outside the 16 data bytes"},
		{"empty scope", func(v *SavedVariable, _ *RunState) { v.Scope = "" }, `scope "" must start with "/"`},
		{"relative scope", func(v *SavedVariable, _ *RunState) { v.Scope = "dense" }, `scope "dense" must start with "/"`},
		{"empty scope element", func(v *SavedVariable, _ *RunState) { v.Scope = "/a//b" }, "empty element"},
		{"empty name", func(v *SavedVariable, _ *RunState) { v.Name = "" }, "empty name"},
		{"name with separator", func(v *SavedVariable, _ *RunState) { v.Name = "a/b" }, `name "a/b" contains "/"`},
		{"unknown dtype", func(v *SavedVariable, _ *RunState) { v.DType = "Float99" }, `unknown dtype "Float99"`},
		{"invalid dtype", func(v *SavedVariable, _ *RunState) { v.DType = "InvalidDType" }, `dtype "InvalidDType" cannot be saved`},
		{"sub-byte dtype", func(v *SavedVariable, _ *RunState) { v.DType = "S4" }, `dtype "S4" cannot be saved`},
		{"token dtype", func(v *SavedVariable, _ *RunState) { v.DType = "TOKEN" }, `dtype "TOKEN" cannot be saved`},
		{"rank too large", func(v *SavedVariable, _ *RunState) { v.Dimensions = make([]int, 100) }, "rank 100 exceeds"},
		{"element count overflows", func(v *SavedVariable, _ *RunState) { v.Dimensions = []int{1 << 40, 1 << 40, 1 << 40} }, "more elements than"},
		{"negative dimension", func(v *SavedVariable, _ *RunState) { v.Dimensions = []int{-2, -2} }, "negative dimension"},
		{"length does not match shape", func(v *SavedVariable, _ *RunState) { v.Dimensions = []int{2} }, "16 bytes for shape"},
		{"negative step", func(_ *SavedVariable, s *RunState) { s.Step = -1 }, "negative"},
		{"epoch beyond step", func(_ *SavedVariable, s *RunState) { s.Epoch = 1 << 40 }, "epoch"},
		{"batch beyond epoch", func(_ *SavedVariable, s *RunState) { s.StepInEpoch = 5 }, "batch 5"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw := sealCheckpoint(craftedHeader(t, tt.edit), data)
			ck, err := DecodeCheckpoint(raw)
			if err == nil {
				for _, ctx := range restoreTargets() {
					if err = ck.Restore(ctx); err != nil {
						break
					}
				}
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	// A duplicate variable would silently take the second value.
	v := SavedVariable{Scope: "/dense", Name: "weights", DType: "Float32", Dimensions: []int{2}, Length: 8}
	w := v
	w.Offset = 8
	header, _ := json.Marshal(&Checkpoint{State: RunState{History: &History{}}, Variables: []SavedVariable{v, w}})
	if _, err := DecodeCheckpoint(sealCheckpoint(header, data)); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate variable: got %v, want an error containing %q", err, "twice")
	}
}

// TestRestorePanicBecomesError: Restore checks every variable again (a Checkpoint can be changed
// after decoding) and turns any GoMLX panic into an error naming the checkpoint file and the
// variable.
func TestRestorePanicBecomesError(t *testing.T) {
	ck, err := DecodeCheckpoint(sealCheckpoint(craftedHeader(t, nil), make([]byte, 16)))
	if err != nil {
		t.Fatal(err)
	}
	ck.Path = "/runs/x/checkpoint-000000003.ckpt"
	ck.Variables[0].Scope = "no-separator" // past the decoder's validation: Restore must still not panic
	err = ck.Restore(context.New())
	if want := `variable "weights" (scope "no-separator")`; err == nil || !strings.Contains(err.Error(), ck.Path) || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error naming %s and %s", err, ck.Path, want)
	}
}

// FuzzDecodeCheckpoint seals the fuzzed header and data with a valid checksum, so that the fuzzer
// reaches the header parsing, the bounds and shape checks and Restore behind it. Nothing may
// panic; a checkpoint that decodes must restore or fail with an error.
func FuzzDecodeCheckpoint(f *testing.F) {
	f.Add(craftedHeader(f, nil), make([]byte, 16))
	f.Add(craftedHeader(f, func(v *SavedVariable, _ *RunState) { v.DType = "Float64"; v.Dimensions = []int{2} }), make([]byte, 16))
	f.Add(craftedHeader(f, func(v *SavedVariable, _ *RunState) { v.Scope = "/" }), make([]byte, 16))
	f.Add(craftedHeader(f, func(v *SavedVariable, _ *RunState) { v.Dimensions = nil; v.Length = 4; v.Offset = 12 }), make([]byte, 16))
	f.Add([]byte(`{"variables":[{"scope":"/a","name":"b","dtype":"Bool","dimensions":[3],"length":3}],"state":{}}`), []byte{1, 0, 1})
	f.Fuzz(func(t *testing.T, header, data []byte) {
		ck, err := DecodeCheckpoint(sealCheckpoint(header, data))
		if err != nil {
			return
		}
		for _, ctx := range restoreTargets() {
			_ = ck.Restore(ctx)
		}
	})
}
