package nbscan

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"

	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/deepnb/deepnb/tests/claims"
)

// ClaimRecord is one entry of build/executed/claims.json, the list of every claim
// line the notebook runs printed (for `make reproduce` and for reading).
type ClaimRecord struct {
	// Notebook is the notebook's file name without ".ipynb".
	Notebook string `json:"notebook"`
	// Cell is the 0-based index of the cell that printed the line.
	Cell  int    `json:"cell"`
	Claim string `json:"claim"`
	// Value and Threshold are null when not finite (JSON has no NaN or Inf); the
	// exact text is in Line.
	Value     *float64 `json:"value"`
	Op        string   `json:"op"`
	Threshold *float64 `json:"threshold"`
	// Tolerance is set for "~=" claims only.
	Tolerance *float64 `json:"tolerance,omitempty"`
	// Pass is the verdict the line printed.
	Pass   bool   `json:"pass"`
	Detail string `json:"detail,omitempty"`
	// Line is the claim line as printed.
	Line string `json:"line"`
}

// ClaimRecords converts the claims found in one notebook's run.
func ClaimRecords(notebook string, found []CellClaim) []ClaimRecord {
	recs := make([]ClaimRecord, 0, len(found))
	for _, c := range found {
		rec := ClaimRecord{
			Notebook: notebook, Cell: c.Cell, Claim: c.Name, Value: finite(c.Value), Op: string(c.Op),
			Threshold: finite(c.Threshold), Pass: c.Pass, Detail: c.Detail, Line: c.Line,
		}
		if c.Op == claims.OpEqual {
			rec.Tolerance = finite(c.Tolerance)
		}
		recs = append(recs, rec)
	}
	return recs
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// MergeClaimsFile updates the claims file at path: records of the notebooks in ran
// are replaced by fresh, records of notebooks for which exists returns false are
// dropped, all others are kept (so `make test-notebooks NOTEBOOK=x` does not
// erase the other notebooks' claims). An unreadable old file is replaced.
func MergeClaimsFile(path string, ran []string, fresh []ClaimRecord, exists func(notebook string) bool) error {
	var old []ClaimRecord
	if data, err := os.ReadFile(path); err == nil {
		if json.Unmarshal(data, &old) != nil {
			old = nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	merged := make([]ClaimRecord, 0, len(old)+len(fresh))
	for _, rec := range old {
		if !slices.Contains(ran, rec.Notebook) && exists(rec.Notebook) {
			merged = append(merged, rec)
		}
	}
	merged = append(merged, fresh...)
	sort.SliceStable(merged, func(i, j int) bool {
		if merged[i].Notebook != merged[j].Notebook {
			return merged[i].Notebook < merged[j].Notebook
		}
		return merged[i].Cell < merged[j].Cell
	})
	data, err := json.MarshalIndent(merged, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, append(data, '\n'), 0o644)
}
