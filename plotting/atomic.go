package plotting

import (
	"fmt"

	"github.com/deepnb/deepnb/internal/atomicfile"
)

// writeFileAtomic writes an image so that readers see either the old file or the complete new one,
// never a half-written image.
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	return nil
}
