# DeepNB — the commands the README documents. Everything is set up by
# scripts/setup.sh into .tools/ (git-ignored); nothing global is changed.
#
#   make setup            install/check everything (idempotent, ~1 s when done)
#   make lab              Jupyter (classic notebook UI) on notebooks/ with the GoNB kernel
#   make test             setup, gofmt check, go vet, Go tests, then every notebook
#   make test-notebooks   only the notebooks (NOTEBOOK=01 runs those whose name matches)
#   make unit             fast unit tests only (no Jupyter)
#   make test-browser     Restart & Run All in make lab with Chromium (NOTEBOOK=01 picks one; default 02)
#   make fuzz             every fuzz target for FUZZTIME each (default 10s; make test runs 3s each)
#   make reproduce        run every notebook, then write build/reproduce/results.{md,json} (NOTEBOOK=01 filters)
#   make notebooks        render notebooks/src/*.nb.txt into notebooks/*.ipynb (outputs cleared)
#   make run NOTEBOOK=01 SET="Epochs=3 BatchSize=64"  run a copy with other parameters; keeps it in runs/
#   make compare RUNS="runs/a runs/b"  settings that differ + final metrics (Markdown), curves overlaid (PNG)
#   make xla | xla-cuda   install XLA's PJRT CPU | CUDA plugin into ~/.local/lib/go-xla (needs internet)
#   make bench            DeepNB vs PyTorch, side by side (installs python3-torch; not part of test)
#   make release-check    VERSION, CHANGELOG.md, docker/ and README name the same release
#   make image            the CPU image deepnb:VERSION with docker, else podman (VARIANT=offline:
#                         classic Notebook, pure-Go backend, local Debian base; no PyPI needed)
#   make test-image       build the offline image from a cold cache and use it as a user (docker/README.md)
#   make fmt | vet | clean

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

TOOLS_DIR := $(CURDIR)/.tools
BUILD_DIR := $(CURDIR)/build
export DEEPNB_TOOLS_DIR := $(TOOLS_DIR)
# GoNB execs `go` and `goimports` from PATH.
export PATH := $(TOOLS_DIR)/bin:$(PATH)
# Go 1.27.3, which go.mod names: the go command fetches it from the module proxy (a machine's
# own Go may be 1.26 and default to GOTOOLCHAIN=local). GOEXPERIMENT=simd builds the SIMD and
# assembly kernels of GoMLX's compute gobackend (gomlx_ext/computebackend); every build below
# (tests, notebooks through GoNB, lab, commands, bench) inherits both. GOEXPERIMENT= (empty)
# builds compute's scalar Go kernels instead, which test-go-fallback tests.
GOTOOLCHAIN ?= go1.27.3
export GOTOOLCHAIN
GOEXPERIMENT ?= simd
export GOEXPERIMENT
# Tests and reproduce: DeepNB's pure-Go backend "compute" (GoMLX's compute gobackend through
# gomlx_ext/computebackend, the default of every machine without a PJRT plugin) unless the user
# chose another (e.g. GOMLX_BACKEND=xla:cpu), so results compare across machines. make test also
# runs the packages' tests on stock simplego (test-go-fallback), the path GOMLX_BACKEND=go gives.
# make lab, cmd/train: left unset, gomlx_ext/backend picks XLA when a PJRT plugin is installed
# (make xla), else compute.
ifeq ($(strip $(GOMLX_BACKEND)),)
TEST_BACKEND := compute
else
TEST_BACKEND := $(GOMLX_BACKEND)
endif
test test-notebooks run-notebooks test-go test-harness unit reproduce: export GOMLX_BACKEND := $(TEST_BACKEND)

# `make lab` settings: PORT=8888 IP=127.0.0.1 (IP=0.0.0.0 to serve other machines).
PORT ?= 8888
IP ?= 127.0.0.1
# `make test-notebooks NOTEBOOK=03` runs the notebooks whose name matches (a go test -run pattern).
NOTEBOOK ?=
# Generous: the notebook suite trains models on 2 cores. Per-notebook limit:
# DEEPNB_NOTEBOOK_TIMEOUT (default 25m).
NOTEBOOK_SUITE_TIMEOUT ?= 80m
# Two packages at a time: the machines this runs on have 2 cores.
GO_TEST_P ?= 2

HARNESS_PKG := github.com/deepnb/deepnb/tests
TIMED := bash $(CURDIR)/scripts/timed.sh
GO_FILES_CMD := find . -name '*.go' -not -path './.*/*' -not -path './build/*' -not -path '*/testdata/*'
# --allow-root: Jupyter refuses to start as root otherwise (CI containers, Docker).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: bench bench-deps notebooks help setup setup-headless lab test check-fmt vet test-go test-go-fallback test-harness run-notebooks test-notebooks unit fmt clean

help:
	@sed -n '1,/^$$/p' Makefile | sed -e 's/^# \{0,1\}//'

setup:
	@bash scripts/setup.sh

# What tests need (no notebook UI package).
setup-headless:
	@bash scripts/setup.sh --headless

comma := ,
LAB_BACKEND_NOTE := unset: XLA if a plugin is installed$(comma) else go
lab: setup
	@echo "DeepNB: starting Jupyter on http://$(IP):$(PORT)/ (notebooks/, kernel \"Go (gonb)\", GOMLX_BACKEND=$(or $(GOMLX_BACKEND),$(LAB_BACKEND_NOTE)))"
	@echo "DeepNB: open the URL with the token that Jupyter prints below; Ctrl-C twice to stop."
	JUPYTER_DATA_DIR="$(TOOLS_DIR)/jupyter" jupyter notebook --no-browser --ip="$(IP)" --port="$(PORT)" \
		--NotebookApp.port_retries=0 --notebook-dir="$(CURDIR)/notebooks" $(ALLOW_ROOT)

test: setup-headless
	@$(TIMED) "gofmt check" $(MAKE) --no-print-directory check-fmt
	@$(TIMED) "go vet" $(MAKE) --no-print-directory vet
	@$(TIMED) "go test (packages)" $(MAKE) --no-print-directory test-go
	@$(TIMED) "go test (packages, stock simplego)" $(MAKE) --no-print-directory test-go-fallback
	@$(TIMED) "fuzz (short pass)" $(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_TEST)
	@$(TIMED) "notebook harness self-test" $(MAKE) --no-print-directory test-harness
	@$(TIMED) "notebooks" $(MAKE) --no-print-directory run-notebooks

check-fmt:
	@files="$$($(GO_FILES_CMD) -print0 | xargs -0 -r gofmt -l)"; \
	if [[ -n "$$files" ]]; then echo "gofmt needed (run make fmt):"; echo "$$files"; exit 1; fi

vet:
	go vet ./...

# Every package except the notebook harness (which runs the notebooks).
test-go:
	go test -p $(GO_TEST_P) -count=1 $$(go list ./... | grep -vx '$(HARNESS_PKG)')

# The packages that build and run GoMLX graphs, on stock simplego (GOMLX_BACKEND=go) and built
# without the simd experiment: both fallbacks stay tested — stock simplego, and compute's scalar
# kernels (computebackend's own tests compare it with simplego whatever GOMLX_BACKEND says).
test-go-fallback:
	GOEXPERIMENT= GOMLX_BACKEND=go go test -p $(GO_TEST_P) -count=1 ./gomlx_ext/... ./datasets/... ./cmd/...

# The harness's own tests: unit tests, then the end-to-end self-test that runs
# tests/testdata/*.ipynb and checks every broken one is flagged (about 40 s).
test-harness:
	go test -count=1 -timeout 15m -skip '^TestNotebooks$$' ./tests/

# Every notebooks/*.ipynb, one at a time, in name order (-v: each notebook's
# time and claims are logged as it finishes). Artifacts: build/executed/.
run-notebooks:
	go test -count=1 -v -timeout $(NOTEBOOK_SUITE_TIMEOUT) -run '^TestNotebooks$$$(if $(NOTEBOOK),/$(NOTEBOOK))' ./tests/

test-notebooks: setup-headless
	@$(MAKE) --no-print-directory run-notebooks

# Runs every notebook (NOTEBOOK=01 filters, as for test-notebooks), then writes the results table
# (notebook | claim | value | target | verdict | backend | wall time) to build/reproduce/results.md
# and results.json. A failing notebook does not stop the table: it shows as FAIL, and
# cmd/reproduce then exits 1. Artifacts older than this run (a notebook the run never reached)
# count as not run.
REPRODUCE_DIR := $(BUILD_DIR)/reproduce

.PHONY: reproduce
reproduce: setup-headless
	@mkdir -p "$(REPRODUCE_DIR)" && date -u +%Y-%m-%dT%H:%M:%SZ >"$(REPRODUCE_DIR)/started"
	-@$(MAKE) --no-print-directory run-notebooks
	go run ./cmd/reproduce -notebooks "$(CURDIR)/notebooks" -executed "$(BUILD_DIR)/executed" \
		-out "$(REPRODUCE_DIR)" -since "$$(cat "$(REPRODUCE_DIR)/started")" -run '$(NOTEBOOK)'

# Every fuzz target (scripts/fuzz.sh finds them), one after another, FUZZTIME each; a failure
# leaves the breaking input in the package's testdata/fuzz/. make test runs FUZZTIME_TEST each.
FUZZTIME ?= 10s
FUZZTIME_TEST ?= 3s

.PHONY: fuzz
fuzz:
	@FUZZTIME="$(FUZZTIME)" bash scripts/fuzz.sh

unit:
	go test -short -p $(GO_TEST_P) ./...

# DeepNB vs PyTorch on the same models, data, initialisation, optimizer and batch size, run
# alternately BENCH_ROUNDS times; prints medians and the ratio DeepNB / PyTorch per row.
BENCH_ROUNDS ?= 2
# DeepNB's backends measured side by side: stock simplego and compute (gomlx_ext/computebackend).
BENCH_BACKENDS ?= go compute
BENCH_FLAGS ?=
BENCH_DIR := $(BUILD_DIR)/bench
# glibc's allocator otherwise causes page-fault storms that swing PyTorch's numbers by ±40%.
TORCH_ENV := OMP_NUM_THREADS=2 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=268435456

bench-deps:
	@if ! /usr/bin/python3 -c 'import torch' 2>/dev/null || ! ls /usr/lib/x86_64-linux-gnu/openblas-openmp >/dev/null 2>&1; then \
		if [[ "$$(id -u)" != 0 ]]; then echo "bench: run as root or: sudo apt-get install -y python3-torch libopenblas0-openmp" >&2; exit 1; fi; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch libopenblas0-openmp; \
	fi

bench: setup-headless bench-deps
	@mkdir -p "$(BENCH_DIR)"; rm -f "$(BENCH_DIR)"/*.json
	go build -o "$(BENCH_DIR)/bench" ./cmd/bench
	@mnist="$$("$(BENCH_DIR)/bench" mnist-dir)"; \
	for i in $$(seq 1 $(BENCH_ROUNDS)); do \
		for be in $(BENCH_BACKENDS); do \
			echo "== round $$i: DeepNB on $$be"; GOMLX_BACKEND=$$be "$(BENCH_DIR)/bench" $(BENCH_FLAGS) -out "$(BENCH_DIR)/deepnb-$$be-$$i.json" || exit 1; \
		done; \
		echo "== round $$i: PyTorch"; $(TORCH_ENV) /usr/bin/python3 scripts/bench/torch_peer.py --mnist-dir "$$mnist" --out "$(BENCH_DIR)/torch-$$i.json"; \
	done; \
	"$(BENCH_DIR)/bench" compare "$(BENCH_DIR)"/deepnb-*.json "$(BENCH_DIR)"/torch-*.json | tee "$(BENCH_DIR)/table.txt"

# XLA's PJRT plugin, at the version docker/pjrtinstall pins, through go-xla's own installer, into
# ~/.local/lib/go-xla, where go-xla looks first: afterwards make lab and cmd/train pick XLA by
# themselves (GOMLX_BACKEND=go keeps the pure-Go backend). Needs internet; fails at once without.
XLA_LIB ?= $(HOME)/.local/lib

.PHONY: xla xla-cuda
xla xla-cuda:
	@go build -o "$(BUILD_DIR)/pjrtinstall" ./docker/pjrtinstall
	@"$(BUILD_DIR)/pjrtinstall" -quiet -plugin $(if $(filter xla-cuda,$@),cuda,cpu) -path "$(XLA_LIB)"

# One notebook with other values in its cell tagged parameters (cmd/nbrun): a bad SET is refused
# before anything runs. The executed copy, the run record and the results table go to
# runs/<notebook>-<time>/.
SET ?=

.PHONY: run
run:
	@if [[ -z "$(strip $(NOTEBOOK))" ]]; then echo 'make run: say which notebook: make run NOTEBOOK=01 SET="Epochs=3"' >&2; exit 2; fi
	@bash scripts/setup.sh --headless --quiet >/dev/null
	@go build -o "$(BUILD_DIR)/nbrun" ./cmd/nbrun
	@"$(BUILD_DIR)/nbrun" -notebook '$(NOTEBOOK)' -set '$(SET)'

# A real browser (Debian's Chromium + tests/browser's playwright-core) clicks Kernel > Restart &
# Run All in make lab; make test runs it on 02_forward_pass. Screenshot: build/browser/NAME/.
.PHONY: test-browser
test-browser: setup-headless
	DEEPNB_BROWSER_NOTEBOOK='$(NOTEBOOK)' go test -count=1 -v -timeout 30m -run '^TestBrowserRestartRunAll$$' ./tests/

# Runs side by side from their record.json (cmd/train, make run): the table on stdout and in
# build/compare/table.md, the curves overlaid in build/compare/overlay.png.
RUNS ?=
COMPARE_DIR := $(BUILD_DIR)/compare

.PHONY: compare
compare:
	@if [[ -z "$(strip $(RUNS))" ]]; then echo 'make compare: give the run directories: make compare RUNS="runs/a runs/b"' >&2; exit 2; fi
	@mkdir -p "$(COMPARE_DIR)"
	@go run ./cmd/compare -png "$(COMPARE_DIR)/overlay.png" -md "$(COMPARE_DIR)/table.md" $(RUNS)

notebooks:
	@for src in notebooks/src/*.nb.txt; do \
		name="$$(basename "$$src" .nb.txt)"; \
		python3 scripts/mknb.py "$$src" "notebooks/$$name.ipynb"; \
	done

# The release named in VERSION must be the one CHANGELOG.md's newest version heading, the
# Dockerfiles' labels, the README and the image tags name (cmd/releasecheck; make test runs the
# same check as internal/release's tests).
.PHONY: release-check
release-check:
	@go run ./cmd/releasecheck -root "$(CURDIR)"

# The CPU image (scripts/container.sh; docker/README.md). VARIANT=online: JupyterLab and XLA's
# plugin on the public Go image (needs PyPI and the internet); offline: what a machine with only
# apt and the Go module proxy builds. BASE_IMAGE=... overrides the base.
VARIANT ?= online
BASE_IMAGE ?=

.PHONY: image test-image
image:
	@$(if $(filter offline,$(VARIANT)),DEEPNB_BASE_IMAGE='$(BASE_IMAGE)' bash scripts/container.sh base &&) \
		DEEPNB_VARIANT='$(VARIANT)' DEEPNB_BASE_IMAGE='$(BASE_IMAGE)' bash scripts/container.sh build

test-image:
	@bash scripts/test_image.sh

fmt:
	$(GO_FILES_CMD) -print0 | xargs -0 -r gofmt -w

clean:
	rm -rf "$(BUILD_DIR)" "$(TOOLS_DIR)"
