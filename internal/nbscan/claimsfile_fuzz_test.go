package nbscan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzMergeClaimsFile: whatever an earlier run left in the claims file (which `make reproduce`
// and the next notebook run read back), merging writes a valid claims file that holds the fresh
// records and only records of notebooks that still exist.
func FuzzMergeClaimsFile(f *testing.F) {
	f.Add([]byte(`[{"notebook":"01_mnist_cnn","cell":3,"claim":"test accuracy","value":0.98,"op":">=","threshold":0.97,"pass":true,"line":"CLAIM PASS | test accuracy | 0.98 | >= | 0.97"}]`))
	f.Add([]byte(`[{"notebook":"gone","cell":-1,"value":null,"threshold":null,"tolerance":1e-3}]`))
	f.Add([]byte(`{"notebook":"x"}`))
	dir := f.TempDir()
	fresh := []ClaimRecord{{Notebook: "02_fresh", Cell: 1, Claim: "c", Op: ">=", Pass: true, Line: "CLAIM PASS | c | 1 | >= | 0"}}
	f.Fuzz(func(t *testing.T, old []byte) {
		path := filepath.Join(dir, "claims.json")
		if err := os.WriteFile(path, old, 0o600); err != nil {
			t.Fatal(err)
		}
		exists := func(name string) bool { return name != "gone" }
		if err := MergeClaimsFile(path, []string{"02_fresh"}, fresh, exists); err != nil {
			t.Fatalf("merging over %q: %v", old, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var merged []ClaimRecord
		if err := json.Unmarshal(data, &merged); err != nil {
			t.Fatalf("the merged file is not a claims file: %v\n%s", err, data)
		}
		found := false
		for _, r := range merged {
			if r.Notebook == "gone" {
				t.Fatalf("kept a record of a notebook that no longer exists: %+v", r)
			}
			found = found || r == fresh[0]
		}
		if !found {
			t.Fatalf("the fresh record is missing from %s", data)
		}
	})
}
