// Command compare puts runs side by side: it reads each run directory's record.json (written by
// cmd/train and cmd/nbrun, package gomlx_ext/runrecord), prints a Markdown table of the settings
// that differ and the final metrics, and writes an overlay of the runs' curves as PNG.
//
//	go run ./cmd/compare -png build/compare/overlay.png runs/a runs/b    # what make compare runs
//
// Any error is one line on stderr and a non-zero exit code.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/deepnb/deepnb/gomlx_ext/runrecord"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "compare: "+err.Error())
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	png := fs.String("png", filepath.Join("build", "compare", "overlay.png"), "where to write the overlay of the runs' curves")
	table := fs.String("md", "", "also write the table to this Markdown file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dirs := fs.Args()
	if len(dirs) == 0 {
		return errors.New("no run directories given (usage: compare [-png FILE] RUN_DIR...)")
	}
	recs, err := runrecord.LoadAll(dirs...)
	if err != nil {
		return err
	}
	labels := runrecord.Labels(dirs)
	md, err := runrecord.Table(labels, recs)
	if err != nil {
		return err
	}
	fig, err := runrecord.Overlay(labels, recs)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*png), 0o755); err != nil {
		return err
	}
	if err := fig.SavePNG(*png, 1200, 450); err != nil {
		return err
	}
	if *table != "" {
		if err := os.WriteFile(*table, []byte(md), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprint(stdout, md)
	fmt.Fprintf(stdout, "\nOverlay of the curves: %s\n", *png)
	return nil
}
