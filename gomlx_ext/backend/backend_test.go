package backend

import (
	"strings"
	"testing"
)

func TestChooseHonoursEnv(t *testing.T) {
	t.Setenv(EnvVar, "go:parallelism=1")
	got := Choose()
	if got.Config != "go:parallelism=1" || !strings.Contains(got.Reason, EnvVar) {
		t.Fatalf("Choose() = %+v, want the $%s value", got, EnvVar)
	}
}

func TestChooseWithoutEnvFallsBackToFastPureGo(t *testing.T) {
	t.Setenv(EnvVar, "")
	t.Setenv("DEEPNB_NO_XLA", "1") // as on a machine with no plugin, whatever this one has.
	got := Choose()
	if got.Config != FastPureGo {
		t.Fatalf("Choose() = %+v, want %q", got, FastPureGo)
	}
	b, choice, err := New()
	if err != nil {
		t.Fatalf("New(): %v", err)
	}
	defer b.Finalize()
	line := Describe(b, choice)
	if !strings.Contains(line, "backend: compute") || !strings.Contains(line, "github.com/gomlx/compute") {
		t.Errorf("Describe() = %q, should name the backend and what it runs with", line)
	}
}

func TestNewWithConfigErrors(t *testing.T) {
	tests := []struct {
		config string
		want   string
	}{
		{"tpu-of-my-dreams", `"tpu-of-my-dreams": not compiled in`},
		{"go:bogus_option", `backend "go:bogus_option"`},
		{"xla:/nonexistent/pjrt_c_api_cpu_plugin.so", `backend "xla:/nonexistent`},
	}
	for _, tt := range tests {
		t.Run(tt.config, func(t *testing.T) {
			b, err := NewWithConfig(tt.config)
			if err == nil {
				b.Finalize()
				t.Fatalf("NewWithConfig(%q) succeeded, want an error", tt.config)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "github") {
				t.Errorf("error %q mentions a download: New must never try one", err)
			}
		})
	}
}

func TestAvailableListsPureGo(t *testing.T) {
	if got := Available(); !strings.Contains(strings.Join(got, ","), PureGo) {
		t.Fatalf("Available() = %v, want it to include %q", got, PureGo)
	}
}

// GOMLX_BACKEND=go still gives GoMLX's stock pure-Go backend, not the adapter.
func TestEnvGoIsStockSimplego(t *testing.T) {
	t.Setenv(EnvVar, PureGo)
	b, choice, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	if b.String() != PureGo || strings.Contains(b.Name(), "compute") {
		t.Fatalf("%s=go gave %s (%s), want stock simplego", EnvVar, b.String(), Describe(b, choice))
	}
}
