package results

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
)

// RunLog is what the harness's NAME.log says about one notebook run.
type RunLog struct {
	// Verdict is "PASS" or "FAIL".
	Verdict string
	// Wall is the run's wall time, kernel start-up and compilation included.
	Wall time.Duration
	// Problems are the harness's failure messages, one per problem.
	Problems []string
}

// logEnd marks the end of the log's header; what follows is nbconvert's own output, which a
// notebook's printing could make look like header lines.
const logEnd = "--- nbconvert output ---"

// ParseRunLog reads the header that nbexec.Runner writes at the top of NAME.log:
//
//	verdict:  PASS
//	wall:     273.3s
//	problem:  01_mnist_cnn.ipynb: cell 3 ("%%"): claim failed: ...
//
// It returns an error when the verdict or the wall time is missing or malformed.
func ParseRunLog(data []byte) (RunLog, error) {
	var log RunLog
	var haveWall bool
	s := bufio.NewScanner(bytes.NewReader(data))
	s.Buffer(make([]byte, 64*1024), 4*1024*1024) // problem lines can be long
	for s.Scan() {
		line := s.Text()
		if line == logEnd {
			break
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch key {
		case "verdict":
			if value != "PASS" && value != "FAIL" {
				return RunLog{}, fmt.Errorf("run log: verdict %q: want PASS or FAIL", value)
			}
			log.Verdict = value
		case "wall":
			d, err := time.ParseDuration(value)
			if err != nil || d < 0 {
				return RunLog{}, fmt.Errorf("run log: wall time %q: want a duration such as 12.3s", value)
			}
			log.Wall, haveWall = d, true
		case "problem":
			log.Problems = append(log.Problems, value)
		}
	}
	if err := s.Err(); err != nil {
		return RunLog{}, fmt.Errorf("run log: %w", err)
	}
	switch {
	case log.Verdict == "":
		return RunLog{}, errors.New("run log: no \"verdict:\" line")
	case !haveWall:
		return RunLog{}, errors.New("run log: no \"wall:\" line")
	}
	return log, nil
}
