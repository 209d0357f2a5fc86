package results

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/deepnb/deepnb/internal/nbscan"
)

// backendPrefix starts the line gomlx_ext/backend.Describe prints:
//
//	backend: xla:cpu = xla:cpu (...; chosen from $GOMLX_BACKEND) on linux/amd64, GOMAXPROCS=16
const backendPrefix = "backend: "

// BackendLines returns the distinct "backend: ..." lines that the code cells of an executed
// notebook printed on standard output, in order of appearance.
func BackendLines(ipynb []byte) ([]string, error) {
	var nb struct {
		Cells []struct {
			CellType string `json:"cell_type"`
			Outputs  []struct {
				OutputType string           `json:"output_type"`
				Name       string           `json:"name"`
				Text       nbscan.Multiline `json:"text"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(ipynb, &nb); err != nil {
		return nil, fmt.Errorf("reading backend lines: %w", err)
	}
	var lines []string
	seen := map[string]bool{}
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		// A line can be split across stream outputs: join the cell's stdout first.
		var stdout strings.Builder
		for _, o := range c.Outputs {
			if o.OutputType == "stream" && o.Name == "stdout" {
				stdout.WriteString(string(o.Text))
			}
		}
		for _, l := range strings.Split(stdout.String(), "\n") {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, backendPrefix) && !seen[l] {
				seen[l] = true
				lines = append(lines, l)
			}
		}
	}
	return lines, nil
}

// BackendConfig returns the configuration a backend line names ("go", "xla:cpu",
// "xla:/abs/xla_cuda_plugin.so"), or "" when line is not a backend line.
func BackendConfig(line string) string {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), backendPrefix)
	if !ok {
		return ""
	}
	config, _, _ := strings.Cut(rest, " = ")
	if fields := strings.Fields(config); len(fields) > 0 {
		return fields[0]
	}
	return ""
}
