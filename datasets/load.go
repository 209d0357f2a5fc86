package datasets

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// checksumOf says which bytes of a data file a published md5 covers.
type checksumOf int

const (
	// md5OfFile: the md5 is of the file as stored (MNIST's .gz files).
	md5OfFile checksumOf = iota
	// md5OfDecompressed: the md5 is of the gunzipped bytes (Fashion-MNIST as
	// packaged by Debian, which re-compressed the upstream files).
	md5OfDecompressed
)

// idxFile names one data file and its published md5.
type idxFile struct {
	name string
	md5  string
	of   checksumOf
}

// splitFiles are the images and labels files of one split (train or test).
type splitFiles struct {
	images, labels idxFile
}

// loadIDX reads dir/f.name, verifying its md5 unless SkipChecksum.
func loadIDX(dir string, f idxFile) (*IDX, error) {
	path := filepath.Join(dir, f.name)
	verify := !SkipChecksum() && f.md5 != ""
	if !verify {
		return ReadIDXFile(path)
	}
	switch f.of {
	case md5OfFile:
		// The .gz files are small (≤ 10 MB): hash them in memory, then parse
		// the same bytes, so the file is read once.
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading data file: %w", err)
		}
		if err := VerifyMD5(f.name, "file", raw, f.md5); err != nil {
			return nil, err
		}
		return readIDXMaybeGzip(bytes.NewReader(raw), path)
	case md5OfDecompressed:
		file, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("reading data file: %w", err)
		}
		defer file.Close()
		if filepath.Ext(path) != ".gz" {
			h := newMD5Reader(bufio.NewReader(file))
			idx, err := ReadIDX(h, f.name)
			if err != nil {
				return nil, err
			}
			return idx, h.verify(f.name, "file", f.md5)
		}
		zr, err := newGzipMD5Reader(bufio.NewReader(file), f.name)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		// ReadIDX reads to the end of the stream, so the hash covers every
		// decompressed byte, trailing ones included.
		idx, err := ReadIDX(zr, f.name)
		if err != nil {
			return nil, err
		}
		return idx, zr.verify(f.name, "decompressed data", f.md5)
	}
	return nil, fmt.Errorf("%s: unknown checksum kind %d", f.name, f.of)
}

// loadSplit reads and checks one split's images and labels files and converts
// them to *Images named name.
func loadSplit(dir, name string, files splitFiles, classNames []string) (*Images, error) {
	images, err := loadIDX(dir, files.images)
	if err != nil {
		return nil, fmt.Errorf("loading %s from %s: %w", name, dir, err)
	}
	labels, err := loadIDX(dir, files.labels)
	if err != nil {
		return nil, fmt.Errorf("loading %s from %s: %w", name, dir, err)
	}
	data, err := imagesFromIDX(name, images, labels, classNames)
	if err != nil {
		return nil, fmt.Errorf("loading %s from %s: %w", name, dir, err)
	}
	return data, nil
}

// imagesFromIDX combines an images IDX ([N, H, W] or [N, H, W, C]) and a
// labels IDX ([N]) into *Images, scaling pixels from 0..255 to [0, 1] and
// checking that counts match and labels are valid classes.
func imagesFromIDX(name string, images, labels *IDX, classNames []string) (*Images, error) {
	if len(images.Dims) != 3 && len(images.Dims) != 4 {
		return nil, fmt.Errorf("%s: images have dims %v, want [N, H, W] or [N, H, W, C]", images.Name, images.Dims)
	}
	if len(labels.Dims) != 1 {
		return nil, fmt.Errorf("%s: labels have dims %v, want [N]", labels.Name, labels.Dims)
	}
	n, h, w, c := images.Dims[0], images.Dims[1], images.Dims[2], 1
	if len(images.Dims) == 4 {
		c = images.Dims[3]
	}
	if labels.Dims[0] != n {
		return nil, fmt.Errorf("%s has %d labels but %s has %d images", labels.Name, labels.Dims[0], images.Name, n)
	}
	out := &Images{
		Name: name, N: n, Height: h, Width: w, Channels: c,
		Pixels:     make([]float32, len(images.Data)),
		Labels:     make([]int32, n),
		ClassNames: classNames,
	}
	for i, l := range labels.Data {
		if int(l) >= len(classNames) {
			return nil, fmt.Errorf("%s: label %d at index %d is out of range 0..%d", labels.Name, l, i, len(classNames)-1)
		}
		out.Labels[i] = int32(l)
	}
	// Precomputed table: exact same float32 for every occurrence of a byte.
	var scale [256]float32
	for b := range scale {
		scale[b] = float32(b) / 255
	}
	for i, b := range images.Data {
		out.Pixels[i] = scale[b]
	}
	return out, nil
}
