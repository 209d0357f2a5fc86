package plotting

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeFileAtomic writes data to path so that readers see either the old
// file or the complete new one, never a half-written image: it writes a
// temporary file in the same directory (rename is only atomic within one
// file system) and renames it over path.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return fmt.Errorf("plotting: writing %q: path names a directory", path)
	}
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("plotting: writing %q: %w", path, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmpName)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("plotting: writing %q: %w", tmpName, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("plotting: syncing %q: %w", tmpName, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("plotting: closing %q: %w", tmpName, err)
	}
	// CreateTemp makes the file private (0600); an image is meant to be read.
	if err = os.Chmod(tmpName, 0o644); err != nil {
		return fmt.Errorf("plotting: chmod %q: %w", tmpName, err)
	}
	if err = os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("plotting: renaming %q to %q: %w", tmpName, path, err)
	}
	return nil
}
