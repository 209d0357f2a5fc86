package main

import (
	"github.com/deepnb/deepnb/gomlx_ext/models"
	"io"
	"math"
	"strings"
	"testing"
)

// FuzzParseFlags: any command line is either an error or options that the rest of the command
// can rely on (every check of parseFlags holds).
func FuzzParseFlags(f *testing.F) {
	for _, seed := range []string{
		"", "-epochs 3 -batch 64 -lr 0.01", "-dataset fashion -model fashion-cnn -augment -val-split 0.1 -early-stop 2",
		"-resume -checkpoint-every 50 -keep-checkpoints -1 -out x", "-divergence-factor -1 -min-accuracy 0.9",
		"-lr NaN", "-min-accuracy NaN", "-val-split 1e-300 -weight-decay 0", "-schedule cosine -seed 18446744073709551615",
		"-train-limit 9223372036854775807", "-h", "--epochs=2 extra",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		o, err := parseFlags(strings.Fields(line), io.Discard)
		if err != nil {
			return
		}
		switch {
		case !oneOf(o.dataset, datasetNames), !oneOf(o.model, models.Names()), !oneOf(o.schedule, scheduleNames()):
			t.Fatalf("%q: accepted dataset %q model %q schedule %q", line, o.dataset, o.model, o.schedule)
		case o.epochs <= 0, o.batchSize <= 0, o.trainLimit < 0, o.earlyStop < 0, o.checkpointEvery < 0:
			t.Fatalf("%q: accepted a non-positive count: %+v", line, o)
		case !(o.lr > 0 && o.lr <= 10), !(o.minAcc >= 0 && o.minAcc <= 1), !(o.valSplit >= 0 && o.valSplit < 1):
			t.Fatalf("%q: accepted -lr %g -min-accuracy %g -val-split %g", line, o.lr, o.minAcc, o.valSplit)
		case !(o.weightDecay >= 0) || math.IsInf(o.weightDecay, 0):
			t.Fatalf("%q: accepted -weight-decay %g", line, o.weightDecay)
		case math.IsNaN(o.divergence) || o.divergence >= 0 && o.divergence <= 1:
			t.Fatalf("%q: accepted -divergence-factor %g", line, o.divergence)
		case o.keep == 0 || o.keep < -1, o.outDir == "", o.checkpointDir == "":
			t.Fatalf("%q: accepted -keep-checkpoints %d -out %q -checkpoint-dir %q", line, o.keep, o.outDir, o.checkpointDir)
		case o.earlyStop > 0 && o.valSplit == 0:
			t.Fatalf("%q: accepted -early-stop without a validation split", line)
		}
	})
}
