package nbscan

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The subset of nbformat 4 the scanner reads.
type notebook struct {
	NBFormat int    `json:"nbformat"`
	Cells    []cell `json:"cells"`
}

type cell struct {
	CellType       string    `json:"cell_type"`
	Source         Multiline `json:"source"`
	ExecutionCount *int      `json:"execution_count"`
	Outputs        []output  `json:"outputs"`
}

type output struct {
	OutputType string    `json:"output_type"`
	Name       string    `json:"name"` // stream: "stdout" or "stderr"
	Text       Multiline `json:"text"` // stream
	EName      string    `json:"ename"`
	EValue     string    `json:"evalue"`
	Traceback  []string  `json:"traceback"`
}

// Multiline is nbformat's text field: a string or a list of strings to concatenate.
type Multiline string

func (m *Multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = Multiline(s)
		return nil
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		return fmt.Errorf("multiline text: want a string or a list of strings, got %.40s", b)
	}
	*m = Multiline(strings.Join(parts, ""))
	return nil
}
