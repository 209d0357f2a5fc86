package runrecord

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/deepnb/deepnb/gomlx_ext/trainer"
	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/gomlx/gomlx/ui/plots"
)

// FileName is the record's file in a run directory.
const FileName = "record.json"

// PointsFileName is GoMLX's name for its training-points file (plots.TrainingPlotFileName).
const PointsFileName = plots.TrainingPlotFileName

// Format is the record format's version; Load refuses others.
const Format = 1

// Record is what one run did. Every field is plain JSON.
type Record struct {
	Format int `json:"format"`
	// Name says what ran: "cmd/train", "notebooks/01_mnist_cnn.ipynb".
	Name    string    `json:"name"`
	Started time.Time `json:"started"`
	// Settings are the run's knobs as text: cmd/train's flags, a notebook's parameters.
	Settings map[string]string `json:"settings"`
	Seed     *uint64           `json:"seed,omitempty"`
	// Backend describes where the run happened ("backend: go = ...").
	Backend string `json:"backend"`
	// Commit is the repository's revision, with "+dirty" when the work tree had changes; "" if unknown.
	Commit       string  `json:"commit"`
	WallSeconds  float64 `json:"wall_seconds"`
	PeakRSSBytes uint64  `json:"peak_rss_bytes"`
	// Final holds the run's final metrics by name ("test_accuracy", "eval_loss", ...).
	Final   map[string]float64 `json:"final"`
	History *trainer.History   `json:"history,omitempty"`
	// Verdict and Problems are a notebook run's outcome (PASS or FAIL, and why).
	Verdict  string   `json:"verdict,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

// New starts a record for name with settings, stamped with the current time and the commit of
// the repository holding dir (the working directory when dir is "").
func New(name string, settings map[string]string, dir string) *Record {
	return &Record{
		Format: Format, Name: name, Started: time.Now().UTC(),
		Settings: maps.Clone(settings), Commit: Commit(dir), Final: map[string]float64{},
	}
}

// AddResult copies a trainer run's seed, backend, wall time, peak memory, history and its last
// train and held-out measurements ("train_loss", "train_accuracy", "<eval>_loss",
// "<eval>_accuracy") into r.
func (r *Record) AddResult(res *trainer.Result) {
	if res == nil {
		return
	}
	seed := res.Seed
	r.Seed = &seed
	r.Backend = res.Backend
	r.WallSeconds = res.WallTime.Seconds()
	r.PeakRSSBytes = res.PeakRSSBytes
	r.History = res.History
	if r.Final == nil {
		r.Final = map[string]float64{}
	}
	if h := res.History; h != nil {
		if n := len(h.Epochs); n > 0 {
			r.Final["train_loss"] = h.Epochs[n-1].TrainLoss
			r.Final["train_accuracy"] = h.Epochs[n-1].TrainAccuracy
		}
		if last, ok := h.LastEval(); ok {
			name := h.EvalName
			if name == "" {
				name = "eval"
			}
			r.Final[name+"_loss"] = last.Loss
			r.Final[name+"_accuracy"] = last.Accuracy
		}
	}
}

// Save writes dir/record.json and, with a history, dir/training_plot_points.json, each atomically.
func (r *Record) Save(dir string) error {
	if err := r.validate(); err != nil {
		return fmt.Errorf("run record for %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("run record: %w", err)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("run record for %s: %w", dir, err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, FileName), append(data, '\n'), 0o644); err != nil {
		return err
	}
	if r.History == nil {
		return nil
	}
	return atomicfile.WriteFile(filepath.Join(dir, PointsFileName), gomlxPoints(r.History), 0o644)
}

// Load reads dir/record.json.
func Load(dir string) (*Record, error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("run record: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("run record %s: %w", path, err)
	}
	if r.Format != Format {
		return nil, fmt.Errorf("run record %s: format %d, this DeepNB reads format %d", path, r.Format, Format)
	}
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("run record %s: %w", path, err)
	}
	return &r, nil
}

func (r *Record) validate() error {
	if r.Name == "" {
		return errors.New("no name")
	}
	for _, k := range slices.Sorted(maps.Keys(r.Final)) {
		if v := r.Final[k]; math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("final metric %s is %v", k, v)
		}
	}
	return nil
}

// gomlxPoints renders h in GoMLX's training-points format: one plots.Point per line.
func gomlxPoints(h *trainer.History) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	add := func(set string, points []trainer.Point) {
		for _, p := range points {
			// Encoding a struct of strings and finite floats cannot fail; non-finite values
			// (a diverged run) are skipped, as JSON cannot hold them.
			for _, m := range []struct {
				kind  string
				value float64
			}{{"loss", p.Loss}, {"accuracy", p.Accuracy}} {
				if math.IsNaN(m.value) || math.IsInf(m.value, 0) {
					continue
				}
				_ = enc.Encode(plots.Point{MetricName: set + " " + m.kind, Short: m.kind, MetricType: m.kind,
					Step: float64(p.Step), Value: m.value})
			}
		}
	}
	add("Train", h.Train)
	name := h.EvalName
	if name == "" {
		name = "eval"
	}
	add(strings.ToUpper(name[:1])+name[1:], h.Eval)
	return b.Bytes()
}

// Commit returns the revision of the binary's build (when Go stamped it) or of the git
// repository holding dir, with "+dirty" for uncommitted changes; "" when neither is known.
func Commit(dir string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			if modified == "true" {
				rev += "+dirty"
			}
			return rev
		}
	}
	git := func(args ...string) (string, bool) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err == nil
	}
	rev, ok := git("rev-parse", "HEAD")
	if !ok || rev == "" {
		return ""
	}
	if status, ok := git("status", "--porcelain", "--untracked-files=no"); ok && status != "" {
		rev += "+dirty"
	}
	return rev
}
