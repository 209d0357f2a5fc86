// Package release checks that every file naming DeepNB's release names the same one. VERSION
// holds the release (v0.1.0); CHANGELOG.md's newest version heading, the Dockerfiles' OCI
// version labels, the README's release sentence and every versioned image tag in the READMEs
// and Dockerfiles must agree with it. `make release-check` (cmd/releasecheck) and this
// package's tests run the check, so a release bumped in one place but not another fails
// `make test`.
package release

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// VersionFile is the file, relative to the repository root, that holds the release.
const VersionFile = "VERSION"

// versionPattern is a semantic version with Go's leading v, as a module tag needs it.
var versionPattern = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)

// A rule says where one file names the release. Files listed with required must name it at
// least once; every match of every rule must agree with VERSION.
type rule struct {
	file     string
	what     string
	pattern  *regexp.Regexp // its first group is the version
	first    bool           // only the first match counts (the newest CHANGELOG heading)
	required bool
}

var (
	// "## v0.1.0 — 2026-12-01": the newest release heading. Dated headings without a version
	// (changes not yet released) may sit above it.
	changelogHeading = regexp.MustCompile(`(?m)^## (v\S+)`)
	ociLabel         = regexp.MustCompile(`org\.opencontainers\.image\.version="([^"]*)"`)
	readmeSentence   = regexp.MustCompile(`(?m)^DeepNB (v\S+) is the current release`)
	// deepnb:0.1.0-cpu, deepnb:v0.1.0-cuda: a tag that names a release (deepnb:cpu names none).
	imageTag = regexp.MustCompile(`\bdeepnb:(v?\d[^\s"'` + "`" + `]*?)-(?:cpu|cuda)\b`)
)

var rules = []rule{
	{file: "CHANGELOG.md", what: "newest version heading", pattern: changelogHeading, first: true, required: true},
	{file: "docker/Dockerfile", what: "LABEL org.opencontainers.image.version", pattern: ociLabel, required: true},
	{file: "docker/Dockerfile.cuda", what: "LABEL org.opencontainers.image.version", pattern: ociLabel, required: true},
	{file: "README.md", what: `"DeepNB vX.Y.Z is the current release"`, pattern: readmeSentence, required: true},
	{file: "README.md", what: "image tag", pattern: imageTag, required: true},
	{file: "docker/README.md", what: "image tag", pattern: imageTag},
	{file: "docker/Dockerfile", what: "image tag", pattern: imageTag},
	{file: "docker/Dockerfile.cuda", what: "image tag", pattern: imageTag},
}

// Files lists every file Check reads, relative to the repository root.
func Files() []string {
	files := []string{VersionFile}
	for _, r := range rules {
		if !slices.Contains(files, r.file) {
			files = append(files, r.file)
		}
	}
	return files
}

// Check reads the release from root/VERSION and returns it, with an error listing every place
// that names another release or none (file:line, what it found, what VERSION says).
// Image labels and tags may leave out the leading v (0.1.0 for v0.1.0).
func Check(root string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(root, VersionFile))
	if err != nil {
		return "", fmt.Errorf("release: %w", err)
	}
	version := strings.TrimSpace(string(raw))
	if !versionPattern.MatchString(version) {
		return "", fmt.Errorf("release: %s holds %q, want one version such as v0.1.0", VersionFile, version)
	}
	var problems []error
	for _, r := range rules {
		text, err := os.ReadFile(filepath.Join(root, r.file))
		if err != nil {
			problems = append(problems, err)
			continue
		}
		matches := r.pattern.FindAllSubmatchIndex(text, -1)
		if len(matches) == 0 && r.required {
			problems = append(problems, fmt.Errorf("%s: no %s (want %s)", r.file, r.what, version))
		}
		if r.first && len(matches) > 1 {
			matches = matches[:1]
		}
		for _, m := range matches {
			found := string(text[m[2]:m[3]])
			if strings.TrimPrefix(found, "v") != strings.TrimPrefix(version, "v") {
				line := 1 + strings.Count(string(text[:m[0]]), "\n")
				problems = append(problems, fmt.Errorf("%s:%d: %s says %s, %s says %s",
					r.file, line, r.what, found, VersionFile, version))
			}
		}
	}
	return version, errors.Join(problems...)
}
