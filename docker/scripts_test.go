package docker_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// script runs `bash ../SCRIPT ARGS...` with env added to this process's environment and
// returns its combined output and exit code.
func script(t *testing.T, env map[string]string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{filepath.Join(root, name)}, args...)...)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return out.String(), ee.ExitCode()
		}
		t.Fatalf("running %s: %v", name, err)
	}
	return out.String(), 0
}

func absRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestImageStepsDryRun runs every docker/image.sh step the Dockerfiles run, with the
// Dockerfile's environment, in --dry-run mode, and checks the commands it would run.
func TestImageStepsDryRun(t *testing.T) {
	repo := absRoot(t)
	ciRun, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range dockerfiles {
		for _, inv := range load(t, name).invocations {
			label := fmt.Sprintf("%s:%d %s %s", name, inv.Line, inv.Script, strings.Join(inv.Args, " "))
			t.Run(label, func(t *testing.T) {
				if inv.Script == "scripts/setup.sh" {
					// .ci/run runs setup.sh for real; here: its flags exist (an unknown one exits 2
					// before --help is reached).
					if !strings.Contains(string(ciRun), "scripts/setup.sh") {
						t.Error(".ci/run does not run scripts/setup.sh")
					}
					if out, code := script(t, nil, inv.Script, append(inv.Args, "--help")...); code != 0 {
						t.Errorf("setup.sh rejects the image's flags %q: exit %d\n%s", inv.Args, code, out)
					}
					return
				}
				out, code := script(t, inv.Env, inv.Script, append(inv.Args, "--dry-run")...)
				if code != 0 {
					t.Fatalf("exit %d\n%s", code, out)
				}
				checkStep(t, inv, out, repo)
			})
		}
	}
}

// checkStep holds what each step must do, given the environment the Dockerfile set.
func checkStep(t *testing.T, inv invocation, out, repo string) {
	t.Helper()
	want := func(parts ...string) {
		t.Helper()
		for _, p := range parts {
			if !strings.Contains(out, p) {
				t.Errorf("dry run does not show %q:\n%s", p, out)
			}
		}
	}
	e := inv.Env
	switch step := strings.Join(inv.Args, " "); {
	case step == "system":
		want("apt-get install", " tini ", "python3-venv", "dataset-fashion-mnist", " graphviz", " gcc ",
			"useradd --create-home --uid "+e["DEEPNB_UID"], " "+e["DEEPNB_USER"]+"\n",
			"install -d -o "+e["DEEPNB_USER"]+" -g "+e["DEEPNB_USER"]+" "+e["DEEPNB_REPO"])
	case step == "jupyter":
		want("python3 -m venv "+e["DEEPNB_VENV"], e["DEEPNB_VENV"]+"/bin/pip install", "--requirement "+repo+"/docker/requirements.txt")
	case step == "pjrt none":
		want("no PJRT plugin")
	case step == "pjrt cpu" || step == "pjrt cuda":
		want("run ./docker/pjrtinstall -plugin "+inv.Args[1]+" -path "+e["DEEPNB_PJRT_LIB"], "rm -rf /tmp/deepnb-pjrt-go")
		if inv.Args[1] == "cuda" {
			want("+ ldconfig")
		}
	case strings.HasPrefix(step, "warm"):
		want("build ./...", "./cmd/train -epochs 1 -train-limit 512")
		if len(inv.Args) == 3 {
			want("GOMLX_BACKEND=" + inv.Args[2] + " ")
		}
		checkTrainFlags(t, "-epochs", "1", "-train-limit", "512", "-out", t.TempDir())
	case step == "lab":
		want("scripts/setup.sh --skip-apt", "JUPYTER_DATA_DIR="+repo+"/.tools/jupyter", "jupyter lab --no-browser --ip=0.0.0.0",
			"--port="+e["DEEPNB_PORT"], "--ServerApp.root_dir="+repo+"/notebooks")
	case step == "health":
		want("http://127.0.0.1:" + e["DEEPNB_PORT"] + "/api")
	default:
		t.Errorf("step %q has no checks here: add them", step)
	}
}

// checkTrainFlags checks that cmd/train accepts the flags the warm step passes: parsing stops
// at -h with exit 0, an unknown flag exits 2.
func checkTrainFlags(t *testing.T, flags ...string) {
	t.Helper()
	if testing.Short() {
		t.Log("-short: cmd/train's flags not checked")
		return
	}
	bin := filepath.Join(t.TempDir(), "train")
	build := exec.Command("go", "build", "-o", bin, "./cmd/train")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/train: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, append(flags, "-h")...).CombinedOutput(); err != nil {
		t.Errorf("cmd/train rejects the warm step's flags %q: %v\n%s", flags, err, out)
	}
}

func TestImageStepsRefuseBadInput(t *testing.T) {
	tests := [][]string{
		{},
		{"bogus", "--dry-run"},
		{"pjrt", "--dry-run"},
		{"pjrt", "tpu", "--dry-run"},
		{"warm", "--backend", "--dry-run"},
		{"warm", "xla:cpu", "--dry-run"},
		{"lab", "extra", "--dry-run"},
	}
	for _, args := range tests {
		out, code := script(t, nil, "docker/image.sh", args...)
		if code == 0 || !strings.Contains(out, "ERROR") {
			t.Errorf("image.sh %q: exit %d, output %q; want an error", args, code, out)
		}
	}
	if out, code := script(t, map[string]string{"DEEPNB_UID": "0"}, "docker/image.sh", "system", "--dry-run"); code == 0 || strings.Contains(out, "apt-get") {
		t.Errorf("system with DEEPNB_UID=0: exit %d; want a refusal before anything runs\n%s", code, out)
	}
	if out, code := script(t, nil, "docker/image.sh", "--help"); code != 0 || !strings.Contains(out, "Usage: docker/image.sh STEP") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// TestImageStepsOfflineFrontEnd: the offline variant's front end (make image VARIANT=offline,
// make test-image) installs Debian's classic Notebook instead of pip's JupyterLab and serves it.
func TestImageStepsOfflineFrontEnd(t *testing.T) {
	env := map[string]string{"DEEPNB_FRONTEND": "notebook"}
	out, code := script(t, env, "docker/image.sh", "jupyter", "--dry-run")
	if code != 0 || !strings.Contains(out, "apt-get install") || !strings.Contains(out, "jupyter-notebook") || strings.Contains(out, "pip") {
		t.Errorf("jupyter with DEEPNB_FRONTEND=notebook: exit %d; want Debian's jupyter-notebook, no pip\n%s", code, out)
	}
	out, code = script(t, env, "docker/image.sh", "lab", "--dry-run")
	if code != 0 || !strings.Contains(out, "jupyter notebook --no-browser --ip=0.0.0.0") || !strings.Contains(out, "--notebook-dir=") {
		t.Errorf("lab with DEEPNB_FRONTEND=notebook: exit %d; want the classic Notebook server\n%s", code, out)
	}
	for _, step := range []string{"jupyter", "lab"} {
		out, code = script(t, map[string]string{"DEEPNB_FRONTEND": "voila"}, "docker/image.sh", step, "--dry-run")
		if code == 0 || !strings.Contains(out, "DEEPNB_FRONTEND='voila'") {
			t.Errorf("%s with DEEPNB_FRONTEND=voila: exit %d, output %q; want an error naming the setting", step, code, out)
		}
	}
}

// TestHealthCheck runs the image's health check for real against local servers.
func TestHealthCheck(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not on PATH (the image has it in its venv)")
	}
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(`{"version": "2.17.0"}`))
	}))
	defer healthy.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "starting", http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedPort := port(t, closed.URL)
	closed.Close()

	tests := []struct {
		name, port string
		wantOK     bool
	}{
		{"answers", port(t, healthy.URL), true},
		{"error status", port(t, broken.URL), false},
		{"nothing listening", closedPort, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			out, code := script(t, map[string]string{"DEEPNB_PORT": tc.port}, "docker/image.sh", "health")
			if (code == 0) != tc.wantOK {
				t.Errorf("exit %d, want ok=%v\n%s", code, tc.wantOK, out)
			}
			if d := time.Since(start); d > 8*time.Second {
				t.Errorf("took %v: a health check must answer within Docker's timeout", d)
			}
		})
	}
}

func port(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := strconv.Atoi(u.Port()); err != nil {
		t.Fatalf("no port in %s", rawURL)
	}
	return u.Port()
}

// TestGPUCheck exercises scripts/gpu_check.sh as far as a machine without a GPU can: it prepares
// the kit (the binaries built with XLA compiled in, the MNIST files, the PyTorch peer), prints the
// steps a GPU run would make, and runs the kit's binaries on the pure-Go backend, away from the
// source tree and the module cache, as they will run on the GPU machine.
func TestGPUCheck(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "unknown command"},
		{[]string{"run", "--bogus"}, "unknown argument"},
		{[]string{"run", "--kit", "/nonexistent/kit"}, "no kit in /nonexistent/kit"},
	} {
		if out, code := script(t, map[string]string{"DEEPNB_CUDA_PLUGIN": ""}, "scripts/gpu_check.sh", tc.args...); code == 0 || !strings.Contains(out, tc.want) {
			t.Errorf("gpu_check.sh %s: exit %d, want an error saying %q:\n%s", strings.Join(tc.args, " "), code, tc.want, out)
		}
	}
	if testing.Short() {
		t.Skip("-short: not building the kit")
	}
	dir := t.TempDir()
	kit := filepath.Join(dir, "kit")
	if out, code := script(t, nil, "scripts/gpu_check.sh", "prepare", kit); code != 0 {
		t.Fatalf("prepare: exit %d\n%s", code, out)
	}
	out, code := script(t, nil, "scripts/gpu_check.sh", "run", "--kit", kit, "--plugin", "/nonexistent/xla_cuda_plugin.so")
	if code == 0 || !strings.Contains(out, "no such file") {
		t.Errorf("missing plugin: exit %d\n%s", code, out)
	}

	// A pip-style layout: the plugin in jax_plugins/, CUDA's libdevice in nvidia/cuda_nvcc.
	site := filepath.Join(dir, "site-packages")
	plugin := filepath.Join(site, "jax_plugins", "xla_cuda13", "xla_cuda_plugin.so")
	for _, d := range []string{filepath.Dir(plugin), filepath.Join(site, "nvidia", "cuda_nvcc", "nvvm", "libdevice")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(plugin, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	out, code = script(t, map[string]string{"OUT": outDir, "XLA_FLAGS": ""}, "scripts/gpu_check.sh", "run", "--kit", kit, "--plugin", plugin, "--dry-run")
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, out)
	}
	for _, want := range []string{
		"GOMLX_BACKEND=xla:" + plugin,
		"XLA_FLAGS=--xla_gpu_cuda_data_dir=" + filepath.Join(site, "nvidia", "cuda_nvcc"),
		"DEEPNB_MNIST_DIR=" + filepath.Join(kit, "mnist"),
		outDir + "/bin/layers.test -test.v",
		outDir + "/bin/train -epochs 3 -batch 128 -min-accuracy 0.98",
		outDir + "/bin/bench -models cnn,mlp -batch 128",
		outDir + "/bin/bench -models cnn,mlp -batch 1024",
		"torch_peer.py --device cuda --batch 128",
		"torch_peer.py --device cuda --batch 1024",
		"nothing was run on a GPU",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run does not show %q:\n%s", want, out)
		}
	}

	// The kit's binaries, run where neither the source tree nor the module cache is at hand.
	bin := filepath.Join(outDir, "bin")
	env := append(os.Environ(), "GOMLX_BACKEND=go", "DEEPNB_MNIST_DIR="+filepath.Join(kit, "mnist"))
	for _, args := range [][]string{
		{filepath.Join(bin, "layers.test"), "-test.count=1", "-test.run", "Gradient"},
		{filepath.Join(bin, "train"), "-model", "mlp", "-epochs", "1", "-train-limit", "2000", "-out", filepath.Join(dir, "train")},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "train", "metrics.json")); err != nil {
		t.Errorf("the kit's train wrote no metrics.json: %v", err)
	}
}

// TestReadmeNamesPins: docker/README.md lists every pinned version the images use.
func TestReadmeNamesPins(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var pins []string
	for _, name := range dockerfiles {
		_, fields := fromLines(t, name)
		for _, f := range fields {
			pins = append(pins, f[0])
		}
	}
	req, err := os.ReadFile("requirements.txt")
	if err != nil {
		t.Fatal(err)
	}
	pins = append(pins, regexp.MustCompile(`(?m)^[A-Za-z0-9._-]+==\S+`).FindAllString(string(req), -1)...)
	tools, err := os.ReadFile(filepath.Join(root, "tools", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gonb := regexp.MustCompile(`github\.com/janpfeifer/gonb (v\d+\.\d+\.\d+)\b`).FindSubmatch(tools)
	if gonb == nil {
		t.Fatal("tools/go.mod does not pin github.com/janpfeifer/gonb at an exact release")
	}
	pins = append(pins, "GoNB "+string(gonb[1]))
	for _, c := range []string{"CPUPluginVersion", "CUDAPluginVersion"} {
		pins = append(pins, stringConst(t, filepath.Join("pjrtinstall", "pins.go"), c))
	}
	for _, p := range pins {
		if !bytes.Contains(readme, []byte(p)) {
			t.Errorf("docker/README.md does not mention the pin %q", p)
		}
	}
}

// stringConst reads a string constant from a Go file.
func stringConst(t *testing.T, file, name string) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var value string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for i, id := range vs.Names {
				if id.Name == name && i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						value, _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
		return true
	})
	if value == "" {
		t.Fatalf("%s: no string constant %s", file, name)
	}
	return value
}
