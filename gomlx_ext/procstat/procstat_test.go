package procstat

import "testing"

func TestPeakRSSIsPositive(t *testing.T) {
	if PeakRSS() == 0 {
		t.Error("PeakRSS() = 0, want the process's peak resident memory")
	}
}

func TestFormatBytes(t *testing.T) {
	for _, tc := range []struct {
		n    uint64
		want string
	}{{0, "0 MiB"}, {700 << 20, "700 MiB"}, {3 << 29, "1.50 GiB"}} {
		if got := FormatBytes(tc.n); got != tc.want {
			t.Errorf("FormatBytes(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
