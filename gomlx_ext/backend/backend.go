package backend

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/deepnb/deepnb/gomlx_ext/computebackend" // registers "compute": GoMLX's compute gobackend.
	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego" // registers "go", the backend that works everywhere.
)

// EnvVar is the environment variable GoMLX reads the backend configuration from, e.g. "go",
// "go:parallelism=2", "xla:cpu", "xla:cuda" or "xla:/abs/path/plugin.so".
const EnvVar = backends.ConfigEnvVar

// PureGo is the name of GoMLX's pure-Go backend (stock simplego).
const PureGo = "go"

// FastPureGo is DeepNB's pure-Go backend, the default without a PJRT plugin: GoMLX's compute
// gobackend (SIMD and assembly kernels with Go 1.27 and GOEXPERIMENT=simd, as make's builds
// have) through gomlx_ext/computebackend; it agrees with PureGo within float32 rounding.
// GOMLX_BACKEND=go selects stock simplego.
const FastPureGo = computebackend.BackendName

// Choice is the configuration New settled on and why.
type Choice struct {
	// Config is the GoMLX configuration string ("go", "xla:cpu", ...).
	Config string
	// Reason says where Config came from, for the line a training run prints.
	Reason string
}

// Choose decides the backend configuration without creating it.
//
// Order: $GOMLX_BACKEND if set and non-empty; else XLA with the first installed plugin (cuda before
// cpu) if XLA is compiled in; else the fast pure-Go backend (FastPureGo).
func Choose() Choice {
	if config := strings.TrimSpace(os.Getenv(EnvVar)); config != "" {
		return Choice{Config: config, Reason: "$" + EnvVar}
	}
	if plugin := installedPlugin(); plugin != "" {
		return Choice{Config: "xla:" + plugin, Reason: "PJRT plugin " + plugin + " installed"}
	}
	if xlaCompiledIn {
		return Choice{Config: FastPureGo, Reason: "no PJRT plugin installed"}
	}
	return Choice{Config: FastPureGo, Reason: "built without XLA"}
}

// New creates the backend that Choose picks. Errors name the configuration and what to do.
func New() (backends.Backend, Choice, error) {
	choice := Choose()
	b, err := NewWithConfig(choice.Config)
	return b, choice, err
}

// NewWithConfig creates a backend from a GoMLX configuration string, turning GoMLX's panics for
// unknown names into errors and never triggering a plugin download.
func NewWithConfig(config string) (b backends.Backend, err error) {
	name, _, _ := strings.Cut(config, ":")
	if !slices.Contains(Available(), name) {
		hint := ""
		if isXLAName(name) {
			hint = " (this binary was built without cgo or with -tags noxla)"
		}
		return nil, fmt.Errorf("backend %q: not compiled in%s; available: %s",
			config, hint, strings.Join(Available(), ", "))
	}
	if isXLAName(name) {
		disableXLAAutoInstall()
	}
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("backend %q: %v", config, r)
		}
	}()
	b, err = backends.NewWithConfig(config)
	if err != nil {
		if isXLAName(name) {
			return nil, fmt.Errorf("backend %q: %w (install a PJRT plugin, point %s at it, or use %s=go)",
				config, err, EnvVar, EnvVar)
		}
		return nil, fmt.Errorf("backend %q: %w", config, err)
	}
	return b, nil
}

// Must is New for notebooks: it prints the backend line and panics with a clear message on error.
func Must() backends.Backend {
	b, choice, err := New()
	if err != nil {
		panic(err)
	}
	fmt.Println(Describe(b, choice))
	return b
}

// Available lists the backends compiled into this binary, sorted.
func Available() []string {
	names := backends.List()
	slices.Sort(names)
	return names
}

// Describe is the one line every training run prints about where it runs.
func Describe(b backends.Backend, choice Choice) string {
	return fmt.Sprintf("backend: %s = %s (%s; chosen from %s) on %s/%s, GOMAXPROCS=%d",
		choice.Config, b.Name(), b.Description(), choice.Reason, runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
}

func isXLAName(name string) bool {
	switch name {
	case "xla", "stablehlo", "hlo", "shlo":
		return true
	}
	return false
}
