// Package docker_test checks DeepNB's Docker images without a Docker engine (none of DeepNB's
// machines has one): the Dockerfiles use only pinned versions, copy only files the repository
// has, and run only repository scripts that CI exercises — every docker/image.sh step they
// use is run here with --dry-run, scripts/setup.sh is run for real by .ci/run.
package docker_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// root is the repository root: the build context of both images.
const root = ".."

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	Line int    // where it starts, 1-based
	Cmd  string // upper-case: FROM, RUN, COPY, ...
	Args string
}

// parseDockerfile splits a Dockerfile into instructions. Comment lines are dropped, also
// inside a continued instruction, as Docker does.
func parseDockerfile(t *testing.T, name string) []instruction {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "docker", name))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	var out []instruction
	var cur *instruction
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cont := strings.HasSuffix(line, `\`)
		line = strings.TrimSpace(strings.TrimSuffix(line, `\`))
		if cur == nil {
			cmd, args, _ := strings.Cut(line, " ")
			cur = &instruction{Line: n, Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args)}
		} else {
			cur.Args += " " + line
		}
		if !cont {
			out = append(out, *cur)
			cur = nil
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("%s: instruction at line %d ends with a continuation", name, cur.Line)
	}
	return out
}

// image is what a Dockerfile builds, as far as these tests follow it.
type image struct {
	name   string
	stages []string          // FROM ... AS name
	env    map[string]string // ENV of the final stage
	copies []copyMapping     // where repository files land in the final image
	user   string            // the last USER
	// invocations are the repository scripts the image runs (RUN, CMD, HEALTHCHECK).
	invocations []invocation
	ins         []instruction
}

type copyMapping struct {
	image, repo string // absolute path in the image, path relative to the repository root
	dir         bool
}

type invocation struct {
	Line   int
	Script string   // repository path, e.g. docker/image.sh
	Args   []string // after the script
	Env    map[string]string
}

// resolve maps an absolute path in the image to the repository file a COPY put there.
func (im *image) resolve(p string) (string, bool) {
	for i := len(im.copies) - 1; i >= 0; i-- {
		c := im.copies[i]
		switch {
		case p == c.image:
			return c.repo, true
		case c.dir && strings.HasPrefix(p, c.image+"/"):
			return path.Join(c.repo, strings.TrimPrefix(p, c.image+"/")), true
		}
	}
	return "", false
}

// load follows a Dockerfile: stages, ENV, COPY destinations, WORKDIR and USER, and the
// scripts each RUN, CMD and HEALTHCHECK runs. Anything it cannot follow is an error.
func load(t *testing.T, name string) *image {
	t.Helper()
	im := &image{name: name, ins: parseDockerfile(t, name), env: map[string]string{}}
	workdir := "/"
	args := map[string]string{}
	for _, in := range im.ins {
		where := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s:%d %s: "+format, append([]any{name, in.Line, in.Cmd}, args...)...)
		}
		switch in.Cmd {
		case "FROM":
			fields := strings.Fields(in.Args)
			if len(fields) == 3 && strings.EqualFold(fields[1], "AS") {
				im.stages = append(im.stages, fields[2])
			}
			// A new stage starts afresh; these tests follow the last one.
			im.env, im.copies, workdir, im.user, im.invocations = map[string]string{}, nil, "/", "", nil
			args = map[string]string{}
		case "ARG":
			k, v, _ := strings.Cut(in.Args, "=")
			args[k] = v
		case "ENV":
			for _, kv := range strings.Fields(in.Args) {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					where("%q: use the KEY=VALUE form", kv)
					continue
				}
				// Docker substitutes ARG and earlier ENV values; others (PATH) stay as written.
				im.env[k] = os.Expand(v, func(name string) string {
					if v, ok := im.env[name]; ok {
						return v
					}
					if v, ok := args[name]; ok {
						return v
					}
					return "${" + name + "}"
				})
			}
		case "WORKDIR":
			workdir = path.Join(workdir, in.Args)
		case "USER":
			im.user = in.Args
		case "COPY":
			im.addCopy(t, in, workdir, where)
		case "RUN":
			// The shell that runs a RUN line sees the ARGs (their defaults here) and the ENV.
			expanded := os.Expand(in.Args, func(name string) string {
				if v, ok := args[name]; ok {
					return v
				}
				if v, ok := im.env[name]; ok {
					return v
				}
				return "${" + name + "}"
			})
			for _, segment := range regexp.MustCompile(`&&|;|\|\|`).Split(expanded, -1) {
				im.addInvocation(strings.Fields(segment), in, workdir, where)
			}
		case "CMD":
			im.addInvocation(execForm(in.Args, where), in, workdir, where)
		case "HEALTHCHECK":
			_, cmd, ok := strings.Cut(in.Args, " CMD ")
			if !ok {
				where("want HEALTHCHECK [OPTIONS] CMD [...]")
				continue
			}
			im.addInvocation(execForm(cmd, where), in, workdir, where)
		case "ENTRYPOINT":
			// tini is PID 1: it reaps the kernels' processes and forwards signals.
			if got := execForm(in.Args, where); !slices.Equal(got, []string{"tini", "-g", "--"}) {
				where("entrypoint %q: want [\"tini\", \"-g\", \"--\"]", got)
			}
		case "ADD":
			where("use COPY: ADD can fetch URLs and unpack archives, both unpinned")
		case "SHELL", "EXPOSE", "LABEL":
		default:
			where("instruction not followed by these tests")
		}
	}
	return im
}

func execForm(args string, where func(string, ...any)) []string {
	var argv []string
	if err := json.Unmarshal([]byte(strings.TrimSpace(args)), &argv); err != nil || len(argv) == 0 {
		where("%q: want the exec form [\"prog\", \"arg\", ...]", args)
		return nil
	}
	return argv
}

func (im *image) addCopy(t *testing.T, in instruction, workdir string, where func(string, ...any)) {
	t.Helper()
	var from string
	var paths []string
	for _, f := range strings.Fields(in.Args) {
		switch {
		case strings.HasPrefix(f, "--from="):
			from = strings.TrimPrefix(f, "--from=")
		case strings.HasPrefix(f, "--chown="), strings.HasPrefix(f, "--chmod="), f == "--link":
		case strings.HasPrefix(f, "--"):
			where("flag %q not followed by these tests", f)
		default:
			paths = append(paths, f)
		}
	}
	if len(paths) < 2 {
		where("want COPY SRC... DEST")
		return
	}
	srcs, dest := paths[:len(paths)-1], paths[len(paths)-1]
	if from != "" {
		if !slices.Contains(im.stages, from) {
			checkImageRef(from, where)
		}
		return // not repository files
	}
	toDir := strings.HasSuffix(dest, "/") || len(srcs) > 1
	dest = path.Join(workdir, dest)
	for _, src := range srcs {
		clean := path.Clean(src)
		if strings.ContainsAny(src, "*?[") || strings.HasPrefix(clean, "..") || path.IsAbs(clean) {
			where("source %q: want a plain path inside the repository", src)
			continue
		}
		info, err := os.Stat(filepath.Join(root, filepath.FromSlash(clean)))
		if err != nil {
			where("source %q is not in the repository: %v", src, err)
			continue
		}
		m := copyMapping{image: dest, repo: clean, dir: info.IsDir()}
		if !info.IsDir() && toDir {
			m.image = path.Join(dest, path.Base(clean))
		}
		im.copies = append(im.copies, m)
	}
}

// addInvocation records argv if it runs a repository script, and reports it otherwise.
func (im *image) addInvocation(argv []string, in instruction, workdir string, where func(string, ...any)) {
	if len(argv) == 0 {
		return
	}
	if argv[0] != "bash" || len(argv) < 2 {
		where("%q: run repository scripts only, as `bash path/to/script.sh ARGS`", strings.Join(argv, " "))
		return
	}
	p := argv[1]
	if !path.IsAbs(p) {
		p = path.Join(workdir, p)
	}
	repo, ok := im.resolve(p)
	if !ok {
		where("%s is not a file that a COPY put into the image", p)
		return
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(repo))); err != nil {
		where("%s (from %s) is not in the repository: %v", p, repo, err)
		return
	}
	// The image's settings, for running the script here; not PATH and the like, which name
	// the image's directories.
	env := map[string]string{}
	for k, v := range im.env {
		if strings.HasPrefix(k, "DEEPNB_") || strings.HasPrefix(k, "GOMLX_") {
			env[k] = v
		}
	}
	im.invocations = append(im.invocations, invocation{Line: in.Line, Script: repo, Args: argv[2:], Env: env})
}

// checkImageRef insists on a tag that names a version, or a digest.
func checkImageRef(ref string, where func(string, ...any)) {
	if strings.Contains(ref, "@sha256:") {
		return
	}
	name, tag, ok := strings.Cut(ref[strings.LastIndex(ref, "/")+1:], ":")
	if !ok || tag == "" {
		where("image %q has no tag: pin a version", ref)
		return
	}
	if tag == "latest" || !regexp.MustCompile(`^v?\d+\.\d+(\.\d+)?`).MatchString(tag) {
		where("image %s:%s: the tag must start with an exact version (such as 1.26.8-bookworm)", name, tag)
	}
}

var dockerfiles = []string{"Dockerfile", "Dockerfile.cuda"}

// fromLines returns each FROM instruction with its fields, the image reference resolved
// through the ARGs declared before the first FROM (their defaults: what a plain build uses).
// A reference that names an ARG without a default stays unresolved (it keeps its "$").
func fromLines(t *testing.T, name string) (froms []instruction, fields [][]string) {
	t.Helper()
	global := map[string]string{}
	seenFrom := false
	for _, in := range parseDockerfile(t, name) {
		switch {
		case in.Cmd == "ARG" && !seenFrom:
			k, v, _ := strings.Cut(in.Args, "=")
			global[k] = v
		case in.Cmd == "FROM":
			seenFrom = true
			f := strings.Fields(in.Args)
			if strings.HasPrefix(f[0], "--platform") {
				f = f[1:]
			}
			f[0] = os.Expand(f[0], func(k string) string {
				if v, ok := global[k]; ok && v != "" {
					return v
				}
				return "${" + k + "}"
			})
			froms, fields = append(froms, in), append(fields, f)
		}
	}
	return froms, fields
}

func TestDockerfilesPinBaseImages(t *testing.T) {
	goVersion := goDirective(t)
	for _, name := range dockerfiles {
		t.Run(name, func(t *testing.T) {
			var stages []string
			sawGo := false
			froms, allFields := fromLines(t, name)
			for i, in := range froms {
				where := func(format string, args ...any) {
					t.Helper()
					t.Errorf("%s:%d: "+format, append([]any{name, in.Line}, args...)...)
				}
				fields := allFields[i]
				ref := fields[0]
				if strings.Contains(ref, "$") {
					where("%q: a base image ARG needs a literal default (a pinned image), so it can be checked", ref)
					continue
				}
				if !slices.Contains(stages, ref) {
					checkImageRef(ref, where)
				}
				if len(fields) == 3 {
					stages = append(stages, fields[2])
				}
				if repo, tag, _ := strings.Cut(ref, ":"); repo == "golang" {
					sawGo = true
					// Go 1.26.x: the go.mod's language version, an exact patch release.
					if !regexp.MustCompile(`^` + regexp.QuoteMeta(goVersion) + `\.\d+-`).MatchString(tag) {
						where("golang:%s: want %s.N-<distribution>, the Go of go.mod (go %s) at an exact patch release", tag, goVersion, goVersion)
					}
				}
			}
			if !sawGo {
				t.Errorf("%s takes Go from no golang:<version> image", name)
			}
		})
	}
}

// goDirective returns the major.minor of go.mod's go directive ("1.26").
func goDirective(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	return string(m[1])
}

func TestDockerfilesRunOnlyRepositoryScripts(t *testing.T) {
	forbidden := regexp.MustCompile(`(?i):latest\b|@latest\b|\bpip3? install\b|\bapt(-get)? install\b|\bcurl\b|\bwget\b|\bgo (install|get)\b`)
	for _, name := range dockerfiles {
		t.Run(name, func(t *testing.T) {
			im := load(t, name)
			for _, in := range im.ins {
				if m := forbidden.FindString(in.Cmd + " " + in.Args); m != "" {
					t.Errorf("%s:%d: %q: installs belong in docker/image.sh, at pinned versions", name, in.Line, m)
				}
			}
			if len(im.invocations) == 0 {
				t.Fatal("no script invocations found")
			}
			for _, inv := range im.invocations {
				if inv.Script != "docker/image.sh" && inv.Script != "scripts/setup.sh" {
					t.Errorf("%s:%d runs %s: only docker/image.sh and scripts/setup.sh are exercised by CI", name, inv.Line, inv.Script)
				}
			}
		})
	}
}

func TestDockerfilesFinalStage(t *testing.T) {
	tests := []struct {
		name, backend string
		extraEnv      map[string]string
	}{
		{name: "Dockerfile", backend: "xla:cpu"},
		// The directory go-xla's installer puts NVIDIA's libraries in (see image.sh pjrt).
		{name: "Dockerfile.cuda", backend: "xla:cuda", extraEnv: map[string]string{"XLA_FLAGS": "--xla_gpu_cuda_data_dir=/usr/local/lib/go-xla/nvidia"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im := load(t, tc.name)
			want := map[string]string{"GOMLX_BACKEND": tc.backend, "GOMLX_NO_AUTO_INSTALL": "1", "SKIP_APT": "1", "GOTOOLCHAIN": "go1.27.3"}
			for k, v := range tc.extraEnv {
				want[k] = v
			}
			for k, v := range want {
				if im.env[k] != v {
					t.Errorf("ENV %s=%q, want %q", k, im.env[k], v)
				}
			}
			if lib := im.env["DEEPNB_PJRT_LIB"]; tc.extraEnv != nil && !strings.Contains(im.env["XLA_FLAGS"], lib+"/go-xla/nvidia") {
				t.Errorf("XLA_FLAGS %q does not name %s/go-xla/nvidia, where the plugin is installed", im.env["XLA_FLAGS"], lib)
			}
			// The pinned jupyter (the venv's) must be the one on PATH.
			if !strings.HasPrefix(im.env["PATH"], im.env["DEEPNB_VENV"]+"/bin:") {
				t.Errorf("PATH %q does not start with the venv's bin (%s/bin)", im.env["PATH"], im.env["DEEPNB_VENV"])
			}
			if im.user == "" || im.user == "root" || im.user == "0" || im.user != im.env["DEEPNB_USER"] {
				t.Errorf("final USER %q: want the non-root DEEPNB_USER (%q)", im.user, im.env["DEEPNB_USER"])
			}
			var exposed, health bool
			for _, in := range im.ins {
				exposed = exposed || (in.Cmd == "EXPOSE" && slices.Contains(strings.Fields(in.Args), im.env["DEEPNB_PORT"]))
				health = health || in.Cmd == "HEALTHCHECK"
			}
			if !exposed || im.env["DEEPNB_PORT"] != "8888" {
				t.Errorf("EXPOSE of DEEPNB_PORT (%q) missing, or not 8888", im.env["DEEPNB_PORT"])
			}
			if !health {
				t.Error("no HEALTHCHECK")
			}
			// The notebooks live in the repository copy, mountable as one folder.
			if _, ok := im.resolve(im.env["DEEPNB_REPO"] + "/notebooks/01_mnist_cnn.ipynb"); !ok {
				t.Errorf("notebooks/ is not copied to %s/notebooks", im.env["DEEPNB_REPO"])
			}
		})
	}
}

func TestDockerignore(t *testing.T) {
	for _, name := range dockerfiles {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, "docker", name+".dockerignore"))
			if err != nil {
				t.Fatalf("%v (BuildKit reads NAME.dockerignore next to the Dockerfile)", err)
			}
			var patterns []string
			for _, l := range strings.Split(string(data), "\n") {
				if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
					patterns = append(patterns, l)
				}
			}
			// .tools holds this machine's binaries and kernel specs with its paths.
			for _, must := range []string{".tools", "build", ".git"} {
				if !slices.Contains(patterns, must) {
					t.Errorf("does not exclude %s", must)
				}
			}
			for _, c := range load(t, name).copies {
				first, _, _ := strings.Cut(c.repo, "/")
				if slices.Contains(patterns, first) {
					t.Errorf("COPY %s: excluded by the ignore file", c.repo)
				}
			}
		})
	}
}

func TestRequirementsArePinned(t *testing.T) {
	data, err := os.ReadFile("requirements.txt")
	if err != nil {
		t.Fatal(err)
	}
	exact := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*==\d+(\.\d+)+$`)
	var names []string
	for _, l := range strings.Split(string(data), "\n") {
		l, _, _ = strings.Cut(l, "#")
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if !exact.MatchString(l) {
			t.Errorf("requirements.txt: %q: want NAME==X.Y.Z", l)
		}
		name, _, _ := strings.Cut(l, "==")
		names = append(names, strings.ToLower(name))
	}
	for _, must := range []string{"jupyterlab", "nbconvert"} {
		if !slices.Contains(names, must) {
			t.Errorf("requirements.txt does not pin %s", must)
		}
	}
}
