package trainer

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/metrics"
)

// A checkpoint file is
//
//	magic | header length (uint64, little-endian) | header (JSON) | variable bytes | SHA-256 of all before
//
// one file per checkpoint, so that a single rename publishes it (GoMLX's own checkpoints write a
// .bin and a .json in place, one after the other: a kill can leave either half-written). The
// checksum makes a damaged file an error that names it, never a silently wrong model.
const (
	checkpointMagic  = "DeepNB checkpoint v1\n"
	checkpointFormat = 1
	// maxHeaderBytes bounds the JSON header (history included) read from a file.
	maxHeaderBytes = 256 << 20
)

// Checkpoint is a saved training state: every variable of a context (weights, optimizer moments,
// the global step, the random generator, batch-norm averages, metric state) plus where training
// was and what it had measured.
type Checkpoint struct {
	// Path is the file it was loaded from or saved to.
	Path string `json:"-"`
	// State is where training stood when the checkpoint was written.
	State RunState `json:"state"`
	// Variables describes the saved variables, in the order of their bytes.
	Variables []SavedVariable `json:"variables"`

	data []byte // the variable bytes, back to back
}

// RunState is the part of a checkpoint that lets a run continue exactly where it stopped.
type RunState struct {
	// Step is the number of training steps (batches) done.
	Step int `json:"step"`
	// Epoch (from 0) and StepInEpoch say where in the data the next step starts.
	Epoch       int `json:"epoch"`
	StepInEpoch int `json:"step_in_epoch"`
	// StepsPerEpoch is 0 until the first epoch has ended (or the dataset reported it).
	StepsPerEpoch int `json:"steps_per_epoch"`
	// Examples is the number of training examples processed.
	Examples int `json:"examples"`
	// Settings describes the run's settings; resuming with other settings is an error.
	Settings Settings `json:"settings"`
	// Finished is set when training ended (all epochs done, or stopped early).
	Finished bool `json:"finished"`
	// StoppedEarly is set when early stopping ended the run.
	StoppedEarly bool `json:"stopped_early,omitempty"`
	// History measured so far.
	History *History `json:"history"`
	// TrainLossEMA and TrainAccuracyEMA are the moving averages of the training batches' loss and
	// accuracy (History.Train), over TrainBatches batches so far.
	TrainLossEMA     float64 `json:"train_loss_ema"`
	TrainAccuracyEMA float64 `json:"train_accuracy_ema"`
	TrainBatches     int     `json:"train_batches"`
	// EarlyLoss is the first batch's training loss, which the divergence check compares with.
	EarlyLoss float64 `json:"early_loss,omitempty"`
	// Epoch accumulators: sums over the current epoch's batches.
	EpochLossSum     float64 `json:"epoch_loss_sum"`
	EpochAccuracySum float64 `json:"epoch_accuracy_sum"`
	EpochBatches     int     `json:"epoch_batches"`
	// Early stopping's state.
	Best EarlyStopState `json:"best"`
	// Saved is when the checkpoint was written.
	Saved time.Time `json:"saved"`
}

// SavedVariable locates one variable's value in a checkpoint.
type SavedVariable struct {
	Scope      string `json:"scope"`
	Name       string `json:"name"`
	DType      string `json:"dtype"`
	Dimensions []int  `json:"dimensions"`
	Trainable  bool   `json:"trainable"`
	Offset     int    `json:"offset"`
	Length     int    `json:"length"`
}

// metricsScope holds GoMLX's metric accumulators. Their scope names carry a random UUID per
// process, so a restored copy would never be found again: they are not saved (the trainer keeps
// its own moving averages in RunState).
var metricsScope = context.ScopeSeparator + metrics.Scope + context.ScopeSeparator

// Capture reads every variable of ctx (except GoMLX's metric accumulators) into a Checkpoint, in
// memory, with the given state.
func Capture(ctx *context.Context, state RunState) (*Checkpoint, error) {
	ck := &Checkpoint{State: state}
	var data bytes.Buffer
	var err error
	ctx.EnumerateVariables(func(v *context.Variable) {
		if err != nil || strings.HasPrefix(v.Scope()+context.ScopeSeparator, metricsScope) {
			return
		}
		if !v.HasValue() {
			err = fmt.Errorf("checkpoint: variable %s has no value yet (not initialised)", v.ScopeAndName())
			return
		}
		value, verr := v.Value()
		if verr != nil {
			err = fmt.Errorf("checkpoint: reading variable %s: %w", v.ScopeAndName(), verr)
			return
		}
		start := data.Len()
		if verr := value.ConstBytes(func(raw []byte) { data.Write(raw) }); verr != nil {
			err = fmt.Errorf("checkpoint: reading variable %s: %w", v.ScopeAndName(), verr)
			return
		}
		ck.Variables = append(ck.Variables, SavedVariable{
			Scope: v.Scope(), Name: v.Name(), DType: v.Shape().DType.String(),
			Dimensions: slices.Clone(v.Shape().Dimensions), Trainable: v.Trainable,
			Offset: start, Length: data.Len() - start,
		})
	})
	if err != nil {
		return nil, err
	}
	ck.data = data.Bytes()
	return ck, nil
}

// Encode returns the checkpoint's file contents.
func (c *Checkpoint) Encode() ([]byte, error) {
	header, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: encoding header: %w", err)
	}
	var out bytes.Buffer
	out.Grow(len(checkpointMagic) + 8 + len(header) + len(c.data) + sha256.Size)
	out.WriteString(checkpointMagic)
	_ = binary.Write(&out, binary.LittleEndian, uint64(len(header)))
	out.Write(header)
	out.Write(c.data)
	sum := sha256.Sum256(out.Bytes())
	out.Write(sum[:])
	return out.Bytes(), nil
}

// Save writes the checkpoint to path atomically: a temporary file in the same directory, synced,
// then renamed over path. A kill at any moment leaves either no file or the complete one.
func (c *Checkpoint) Save(path string) error {
	data, err := c.Encode()
	if err != nil {
		return fmt.Errorf("saving checkpoint %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("saving checkpoint: %w", err)
	}
	c.Path = path
	return nil
}

// LoadCheckpoint reads and verifies the checkpoint at path. A truncated, damaged or foreign file
// is an error that names it.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading checkpoint: %w", err)
	}
	ck, err := DecodeCheckpoint(raw)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	ck.Path = path
	return ck, nil
}

// DecodeCheckpoint parses and verifies checkpoint file contents.
func DecodeCheckpoint(raw []byte) (*Checkpoint, error) {
	minSize := len(checkpointMagic) + 8 + sha256.Size
	if len(raw) < minSize || string(raw[:len(checkpointMagic)]) != checkpointMagic {
		return nil, fmt.Errorf("not a DeepNB checkpoint (%d bytes, no %q header)", len(raw), checkpointMagic[:len(checkpointMagic)-1])
	}
	body, sum := raw[:len(raw)-sha256.Size], raw[len(raw)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, fmt.Errorf("corrupted: SHA-256 mismatch over %d bytes (truncated or damaged file)", len(raw))
	}
	rest := body[len(checkpointMagic):]
	headerLen := binary.LittleEndian.Uint64(rest[:8])
	rest = rest[8:]
	if headerLen > maxHeaderBytes || headerLen > uint64(len(rest)) {
		return nil, fmt.Errorf("corrupted: header length %d exceeds the %d bytes left", headerLen, len(rest))
	}
	ck := &Checkpoint{}
	if err := json.Unmarshal(rest[:headerLen], ck); err != nil {
		return nil, fmt.Errorf("corrupted header: %w", err)
	}
	ck.data = rest[headerLen:]
	if err := ck.validate(); err != nil {
		return nil, err
	}
	if ck.State.History == nil {
		ck.State.History = &History{}
	}
	return ck, nil
}

// Restore sets every saved variable in ctx: an existing variable (same scope and name) gets the
// saved value, which must have its shape; a missing one is created, so a fresh context restores
// completely before the model is built (the model then finds its variables in place).
func (c *Checkpoint) Restore(ctx *context.Context) error {
	for _, v := range c.Variables {
		if err := c.restoreVariable(ctx, v); err != nil {
			return fmt.Errorf("restoring %s: variable %s: %w", c.describe(), v.label(), err)
		}
	}
	return nil
}

// restoreVariable sets one variable; GoMLX reports misuse by panicking, which becomes an error.
func (c *Checkpoint) restoreVariable(ctx *context.Context, v SavedVariable) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	shape, err := v.checkedShape(len(c.data))
	if err != nil {
		return err
	}
	value := tensors.FromShape(shape)
	if err := value.MutableBytes(func(dst []byte) { copy(dst, c.data[v.Offset:v.Offset+v.Length]) }); err != nil {
		return err
	}
	existing := ctx.GetVariableByScopeAndName(v.Scope, v.Name)
	if existing == nil {
		ctx.InAbsPath(v.Scope).Checked(false).VariableWithValue(v.Name, value).SetTrainable(v.Trainable)
		return nil
	}
	if !existing.Shape().Equal(shape) {
		return fmt.Errorf("is %s in the checkpoint but %s in the model", shape, existing.Shape())
	}
	return existing.SetValue(value)
}

func (c *Checkpoint) describe() string {
	if c.Path != "" {
		return "checkpoint " + c.Path
	}
	return fmt.Sprintf("checkpoint of step %d", c.State.Step)
}
