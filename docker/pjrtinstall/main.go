// Command pjrtinstall installs the XLA PJRT plugin that DeepNB's Docker images use, at the version
// pinned here, with go-xla's own installer (github.com/gomlx/go-xla/pkg/installer, the library
// behind go-xla's pjrt_installer command), into <path>/go-xla — a directory go-xla searches by
// default, so GOMLX_BACKEND=xla:cpu or xla:cuda finds the plugin by name.
//
//	go run ./docker/pjrtinstall -plugin cpu  -path /usr/local/lib   # what docker/image.sh pjrt cpu runs
//	go run ./docker/pjrtinstall -plugin cuda -path /usr/local/lib -dry-run
//
// It needs the network (the CPU plugin comes from go-xla's release binaries, the CUDA plugin
// and NVIDIA's libraries from JAX's wheels); -dry-run prints the plan and touches nothing.
// After installing, it checks that the plugin file is in place and writes
// <path>/go-xla/deepnb-pjrt-<plugin>.txt, a record of what was installed.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/deepnb/deepnb/internal/atomicfile"
	"github.com/gomlx/go-xla/pkg/installer"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "pjrtinstall: "+err.Error())
		}
		os.Exit(2)
	}
}

// plan is one installation: which plugin, which version, where.
type plan struct {
	Plugin  string // "cpu" or "cuda"
	Version string
	// Dir is <path>/go-xla, the directory handed to go-xla's installer.
	Dir string
	// PluginFile is the file that must exist afterwards.
	PluginFile string
	Verbosity  installer.VerbosityLevel
}

func parsePlan(args []string, stderr io.Writer) (p plan, dryRun bool, err error) {
	fs := flag.NewFlagSet("pjrtinstall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	plugin := fs.String("plugin", "cpu", "plugin to install: cpu or cuda")
	path := fs.String("path", "/usr/local/lib", "library directory; the plugin goes into PATH/go-xla")
	version := fs.String("version", "", "plugin version (default: the pinned "+CPUPluginVersion+" for cpu, "+CUDAPluginVersion+" for cuda)")
	quiet := fs.Bool("quiet", false, "print only errors and the installed plugin's path")
	fs.BoolVar(&dryRun, "dry-run", false, "print what would be installed, install nothing")
	if err := fs.Parse(args); err != nil {
		return p, false, err
	}
	if fs.NArg() > 0 {
		return p, false, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if !filepath.IsAbs(*path) {
		return p, false, fmt.Errorf("-path %q: want an absolute directory", *path)
	}
	p = plan{Plugin: *plugin, Version: *version, Dir: filepath.Join(filepath.Clean(*path), "go-xla"), Verbosity: installer.Verbose}
	if *quiet {
		p.Verbosity = installer.Quiet
	}
	switch p.Plugin {
	case "cpu":
		if p.Version == "" {
			p.Version = CPUPluginVersion
		}
		// go-xla's installer links the versioned file to this name.
		p.PluginFile = filepath.Join(p.Dir, "pjrt_c_api_cpu_plugin.so")
	case "cuda":
		if p.Version == "" {
			p.Version = CUDAPluginVersion
		}
		// The CUDA plugin must sit in nvidia/, next to NVIDIA's libraries (its RPATH says so).
		p.PluginFile = filepath.Join(p.Dir, "nvidia", "pjrt_c_api_cuda_plugin.so")
	default:
		return p, false, fmt.Errorf("-plugin %q: want cpu or cuda", p.Plugin)
	}
	if p.Version == "latest" || strings.TrimSpace(p.Version) != p.Version || p.Version == "" {
		return p, false, fmt.Errorf("-version %q: want an exact version, not latest", p.Version)
	}
	return p, dryRun, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	p, dryRun, err := parsePlan(args, stderr)
	if err != nil {
		return err
	}
	if p.Verbosity != installer.Quiet || dryRun {
		fmt.Fprintf(stdout, "pjrtinstall: %s\n", p.describe())
	}
	if dryRun {
		return nil
	}
	if err := install(p); err != nil {
		if offline(err) {
			return fmt.Errorf("no network: cannot download the %s plugin %s (%w)", p.Plugin, p.Version, err)
		}
		return fmt.Errorf("installing the %s plugin %s into %s: %w", p.Plugin, p.Version, p.Dir, err)
	}
	if _, err := os.Stat(p.PluginFile); err != nil {
		return fmt.Errorf("after installing the %s plugin %s: %w", p.Plugin, p.Version, err)
	}
	record := filepath.Join(p.Dir, "deepnb-pjrt-"+p.Plugin+".txt")
	if err := atomicfile.WriteFile(record, []byte(p.describe()+"\n"), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "pjrtinstall: installed %s; recorded in %s\n", p.PluginFile, record)
	return nil
}

func install(p plan) error {
	switch p.Plugin {
	case "cpu":
		return installer.CPUInstall(runtime.GOOS+"_"+runtime.GOARCH, p.Version, p.Dir, false, p.Verbosity)
	default:
		return installCUDA(p)
	}
}

// offline reports whether err is a failure to reach the download server at all (no DNS, no
// route, a refused connection), as opposed to a bad version or a broken download.
func offline(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	return errors.As(err, &dnsErr) || errors.As(err, &opErr)
}

// describe is the one line saying what is (to be) installed, with the go-xla that does it.
func (p plan) describe() string {
	what := "XLA PJRT CPU plugin (go-xla's pjrt-cpu-binaries) " + p.Version
	if p.Plugin == "cuda" {
		what = "XLA PJRT CUDA plugin (JAX's jax-" + CUDAPlugin + "-pjrt) " + p.Version + " with NVIDIA's libraries"
	}
	return fmt.Sprintf("%s -> %s, by go-xla %s", what, p.PluginFile, goXLAVersion())
}

// goXLAVersion is the go-xla module version compiled into this program (pinned by go.mod).
func goXLAVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/gomlx/go-xla" {
				if dep.Replace != nil {
					return dep.Replace.Version
				}
				return dep.Version
			}
		}
	}
	return "(unknown version)"
}
