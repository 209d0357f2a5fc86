// Package nbexec executes DeepNB's notebooks headless and reports how each run went. It is the
// runner behind the notebook harness (package tests: `make test`, `make test-notebooks`) and
// behind `make run` (cmd/nbrun), which is why it lives here rather than in the test package:
// commands never import the harness.
//
// A notebook is executed with
//
//	jupyter nbconvert --to notebook --execute --allow-errors \
//	    --ExecutePreprocessor.kernel_name=gonb IN --output-dir build/executed --output NAME
//
// using the headless GoNB kernel spec that scripts/setup.sh writes to .tools/jupyter-headless, in
// its own process group and with an overall timeout; on timeout every process the run started
// (nbconvert, the GoNB kernel, `go build`, the cell's program and anything it spawned) is killed.
// Then internal/nbscan reads the executed copy and reports, per cell, every sign of failure that
// Jupyter itself does not treat as one.
//
// A kernel that dies (killed by a signal, the out-of-memory killer, an exit) leaves no executed
// copy; the runner names the cell that was running and the cause, from a private copy of the
// kernel spec whose wrapper records the kernel's exit status and an nbconvert hook that logs each
// cell as it starts (see kerneldeath.go).
//
// Artifacts (git-ignored) go to build/executed: NAME.ipynb (the executed copy), NAME.log (wall
// time, verdict, problems, nbconvert's own output) and claims.json (every claim line found).
//
// Environment:
//
//	DEEPNB_NOTEBOOK_TIMEOUT  per-notebook limit, a Go duration (default 25m)
//	DEEPNB_CELL_TIMEOUT      per-cell limit given to nbconvert (default: the notebook limit)
//	DEEPNB_TOOLS_DIR         where setup.sh put bin/ and the kernel specs (default .tools)
//	DEEPNB_JUPYTER           the jupyter command (default: jupyter from PATH)
//	GOMLX_BACKEND            passed through; "go" when unset
package nbexec
