// Command releasecheck confirms that every file naming DeepNB's release names the one in
// VERSION (package internal/release lists them), and exits 1 listing each disagreement.
//
//	go run ./cmd/releasecheck -root .    # what make release-check runs
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/deepnb/deepnb/internal/release"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "release-check: FAILED:\n"+err.Error())
		}
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("releasecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the repository's root directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (usage: releasecheck [-root DIR])", fs.Args())
	}
	version, err := release.Check(*root)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "release-check: %s agrees in %s\n", version, strings.Join(release.Files(), ", "))
	return nil
}
