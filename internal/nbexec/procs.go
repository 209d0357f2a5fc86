package nbexec

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// The GoNB kernel does not stay in nbconvert's process group: jupyter_client starts
// every kernel in a new session, and the kernel starts `go build` and the cell's
// program. To find everything a run started, the runner puts a unique
// DEEPNB_RUN_TOKEN=... entry in nbconvert's environment, which every descendant
// inherits, and looks for it in /proc/PID/environ.

// pidsWhere returns the pids (other than this process) whose /proc/PID/FILE
// contains needle. Processes that vanish or cannot be read are skipped; without
// /proc (not Linux) it returns nothing.
func pidsWhere(file string, needle []byte) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		data, err := os.ReadFile(filepath.Join("/proc", e.Name(), file))
		if err != nil {
			continue
		}
		if bytes.Contains(data, needle) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// pidsWithEnv returns the processes whose environment holds entry ("KEY=VALUE").
func pidsWithEnv(entry string) []int {
	// Entries in /proc/PID/environ are NUL-terminated; match a whole entry.
	var found []int
	for _, pid := range pidsWhere("environ", []byte(entry)) {
		data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(data, []byte{0}) {
			if string(kv) == entry {
				found = append(found, pid)
				break
			}
		}
	}
	return found
}

// PIDsWithCmdline returns the processes whose command line contains s: the same
// check as `pgrep -f s`, without needing procps.
func PIDsWithCmdline(s string) []int { return pidsWhere("cmdline", []byte(s)) }

// KillEnvTree sends SIGKILL to every process whose environment holds entry, and
// repeats until none is left (a process may fork while we scan) or until limit.
// It returns the pids still found at the end.
func KillEnvTree(entry string, limit time.Duration) []int {
	deadline := time.Now().Add(limit)
	for {
		pids := pidsWithEnv(entry)
		if len(pids) == 0 || time.Now().After(deadline) {
			return pids
		}
		for _, pid := range pids {
			// ESRCH (already gone) is the only expected error, and harmless.
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitEnvTreeGone waits up to limit for the processes holding entry to exit on
// their own (a kernel shutting down after a normal run) and returns those left.
func waitEnvTreeGone(entry string, limit time.Duration) []int {
	deadline := time.Now().Add(limit)
	for {
		pids := pidsWithEnv(entry)
		if len(pids) == 0 || time.Now().After(deadline) {
			return pids
		}
		time.Sleep(100 * time.Millisecond)
	}
}
