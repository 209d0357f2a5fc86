package plotting

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// ErrNoGraphviz is returned (wrapped) by RenderDOT when Graphviz's dot program is not on PATH.
//
// Introduced in notebooks/06_autodiff.ipynb.
var ErrNoGraphviz = errors.New("Graphviz's dot program is not installed (Debian package graphviz; make setup installs it)")

// dotTimeout bounds one run of dot: a graph small enough to read renders in milliseconds.
const dotTimeout = 30 * time.Second

// RenderDOT turns a graph in Graphviz's DOT language (such as autodiff.DOT's) into SVG by
// running `dot -Tsvg`. It returns an error wrapping ErrNoGraphviz if dot is not installed,
// and one quoting dot's own message if dot rejects the text. Show the result with ShowSVGText.
//
// Introduced in notebooks/06_autodiff.ipynb.
func RenderDOT(dot string) ([]byte, error) {
	path, err := exec.LookPath("dot")
	if err != nil {
		return nil, fmt.Errorf("plotting: RenderDOT: %w", ErrNoGraphviz)
	}
	ctx, cancel := context.WithTimeout(context.Background(), dotTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-Tsvg")
	cmd.Stdin = strings.NewReader(dot)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("plotting: RenderDOT: %s -Tsvg: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	if !bytes.Contains(stdout.Bytes(), []byte("<svg")) {
		return nil, fmt.Errorf("plotting: RenderDOT: %s -Tsvg printed no <svg> element (%d bytes)", path, stdout.Len())
	}
	return stdout.Bytes(), nil
}
