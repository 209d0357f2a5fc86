package release

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const repoRoot = "../.."

// TestRepositoryAgrees is the release check on the repository itself: it runs in make test and
// make unit, so a version bumped in one file but not the others fails them.
func TestRepositoryAgrees(t *testing.T) {
	version, err := Check(repoRoot)
	if err != nil {
		t.Fatalf("the release's version strings disagree (fix them, then make release-check):\n%v", err)
	}
	t.Logf("release %s", version)
}

// copyRepo copies the files Check reads into a temporary directory.
func copyRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range Files() {
		data, err := os.ReadFile(filepath.Join(repoRoot, f))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, f, string(data))
	}
	return dir
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestEachFileCanDisagree changes the version in one file of a copy of the repository at a
// time and expects the check to fail naming that file and the version it found.
func TestEachFileCanDisagree(t *testing.T) {
	version, err := Check(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	bare := strings.TrimPrefix(version, "v")
	const other = "9.8.7"
	for _, tc := range []struct {
		name, file string
		from, to   string // the first occurrence of from becomes to
	}{
		{"changelog heading", "CHANGELOG.md", "## " + version, "## v" + other},
		{"cpu label", "docker/Dockerfile", `image.version="` + bare, `image.version="` + other},
		{"cuda label", "docker/Dockerfile.cuda", `image.version="` + bare, `image.version="` + other},
		{"readme sentence", "README.md", "DeepNB " + version + " is the current release", "DeepNB v" + other + " is the current release"},
		{"readme tag", "README.md", "deepnb:" + bare + "-cpu", "deepnb:" + other + "-cpu"},
		{"docker readme tag", "docker/README.md", "deepnb:" + bare + "-cuda", "deepnb:" + other + "-cuda"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyRepo(t)
			text := readFile(t, dir, tc.file)
			if !strings.Contains(text, tc.from) {
				t.Fatalf("%s does not contain %q: update this test with the file", tc.file, tc.from)
			}
			writeFile(t, dir, tc.file, strings.Replace(text, tc.from, tc.to, 1))
			_, err := Check(dir)
			if err == nil {
				t.Fatalf("Check passed with %s changed to %s", tc.file, other)
			}
			want := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(tc.file) + `:\d+: .* says v?` +
				regexp.QuoteMeta(other) + `, VERSION says ` + regexp.QuoteMeta(version) + `$`)
			if !want.MatchString(err.Error()) {
				t.Errorf("error does not name %s and %s:\n%v", tc.file, other, err)
			}
		})
	}
}

// TestVersionFileDisagrees bumps VERSION alone: every other file then disagrees.
func TestVersionFileDisagrees(t *testing.T) {
	dir := copyRepo(t)
	writeFile(t, dir, VersionFile, "v9.8.7\n")
	_, err := Check(dir)
	if err == nil {
		t.Fatal("Check passed with VERSION bumped alone")
	}
	for _, f := range []string{"CHANGELOG.md", "docker/Dockerfile", "docker/Dockerfile.cuda", "README.md"} {
		if !strings.Contains(err.Error(), f+":") {
			t.Errorf("error does not name %s:\n%v", f, err)
		}
	}
}

func TestMissingOrMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, want string
	}{
		{"no version", VersionFile, "", `VERSION holds ""`},
		{"two versions", VersionFile, "v0.1.0\nv0.2.0\n", "want one version"},
		{"no v", VersionFile, "0.1.0\n", "want one version"},
		{"changelog without version heading", "CHANGELOG.md", "# Changelog\n\n## 2026-12-01\n\n- a change\n",
			"CHANGELOG.md: no newest version heading"},
		{"dockerfile without label", "docker/Dockerfile", "FROM golang:1.26.8-bookworm\n",
			"docker/Dockerfile: no LABEL org.opencontainers.image.version"},
		{"readme without sentence", "README.md", "# DeepNB\n\n    docker build -t deepnb:0.1.0-cpu .\n",
			"README.md: no \"DeepNB vX.Y.Z is the current release\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyRepo(t)
			writeFile(t, dir, tc.file, tc.text)
			_, err := Check(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check: %v, want an error containing %q", err, tc.want)
			}
		})
	}
	t.Run("no VERSION file", func(t *testing.T) {
		dir := copyRepo(t)
		if err := os.Remove(filepath.Join(dir, VersionFile)); err != nil {
			t.Fatal(err)
		}
		if _, err := Check(dir); err == nil || !strings.Contains(err.Error(), VersionFile) {
			t.Errorf("Check: %v, want an error naming %s", err, VersionFile)
		}
	})
}

// Unreleased changes under a dated heading above the newest release are allowed; older
// releases' headings below it are not compared.
func TestOnlyNewestChangelogHeadingCounts(t *testing.T) {
	dir := copyRepo(t)
	version := strings.TrimSpace(readFile(t, dir, VersionFile))
	writeFile(t, dir, "CHANGELOG.md", "# Changelog\n\n## 2026-12-24\n\n- unreleased\n\n## "+version+
		" — 2026-12-01\n\n- released\n\n## v0.0.1 — 2026-11-01\n\n- older\n")
	if _, err := Check(dir); err != nil {
		t.Error(err)
	}
}

func TestUnversionedTagsAreIgnored(t *testing.T) {
	if imageTag.MatchString("docker build -t deepnb:cpu . && docker run deepnb:cuda") {
		t.Error("deepnb:cpu / deepnb:cuda name no release, yet matched")
	}
	for _, tag := range []string{"deepnb:0.1.0-cpu", "deepnb:v0.1.0-cuda", "`deepnb:0.1.0-rc.1-cpu`"} {
		if !imageTag.MatchString(tag) {
			t.Errorf("%s not recognised as a versioned tag", tag)
		}
	}
}
