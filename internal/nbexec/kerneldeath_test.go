package nbexec

import (
	"errors"
	"strings"
	"testing"
)

func TestExitCause(t *testing.T) {
	for _, tc := range []struct {
		status string
		err    error
		want   string
	}{
		{"137", nil, "killed by SIGKILL (what the out-of-memory killer sends"},
		{"139", nil, "killed by signal 11 (segmentation fault)"},
		{"1", nil, "exited with status 1 (os.Exit or a fatal error in the kernel process)"},
		{"", errors.New("no such file"), "stopped answering (its exit status was not recorded"},
		{"x", nil, `unreadable status "x"`},
	} {
		if got := exitCause(tc.status, tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("exitCause(%q, %v) = %q, want it to contain %q", tc.status, tc.err, got, tc.want)
		}
	}
}
