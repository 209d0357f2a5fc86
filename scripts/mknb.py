#!/usr/bin/env python3
"""Builds a notebook (.ipynb, outputs cleared) from a plain-text source with cell markers.

DeepNB keeps each notebook's source as notebooks/src/NAME.nb.txt, where lines "## markdown" and
"## code" start cells, because a text file diffs and reviews far better than notebook JSON.
A marker may carry cell tags: "## code tags=parameters" or "## code tags=solution,slow".
Tags go into the cell's metadata.tags, as papermill and Jupyter expect. A "solution" cell is
also marked source_hidden, so JupyterLab shows it collapsed until the reader opens it.
`make notebooks` (or this script) regenerates notebooks/NAME.ipynb; a test checks they agree.
"""
import json
import sys


def parse_marker(line):
    """Returns (kind, tags) for a cell marker line, None for any other line."""
    for kind in ("markdown", "code"):
        head = "## " + kind
        if line == head:
            return kind, []
        if line.startswith(head + " tags="):
            tags = line[len(head + " tags="):].split(",")
            if not all(t and t.replace("_", "").replace("-", "").isalnum() for t in tags):
                raise SystemExit("bad cell tags (want tags=a,b with letters, digits, - or _): " + line)
            return kind, tags
    if line.startswith("## code") or line.startswith("## markdown"):
        raise SystemExit("bad cell marker (want '## code' or '## code tags=a,b'): " + line)
    return None


def build(text):
    cells = []
    kind, tags, lines = None, [], []

    def flush():
        if kind is None:
            return
        while lines and not lines[-1].strip():
            lines.pop()
        src = [l + "\n" for l in lines]
        if src:
            src[-1] = src[-1].rstrip("\n")
        metadata = {}
        if tags:
            metadata["tags"] = list(tags)
        if "solution" in tags:
            metadata["jupyter"] = {"source_hidden": True}
        cell = {"cell_type": kind, "metadata": metadata, "source": src}
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        cells.append(cell)

    for line in text.split("\n"):
        marker = parse_marker(line)
        if marker is not None:
            flush()
            (kind, tags), lines = marker, []
            continue
        if kind is None:
            if line.strip():
                raise SystemExit("text before the first cell marker: " + line)
            continue
        lines.append(line)
    flush()
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
            "language_info": {"codemirror_mode": "", "file_extension": ".go", "mimetype": "",
                              "name": "go", "nbconvert_exporter": "", "pygments_lexer": "", "version": "go1.27"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: mknb.py SRC.nb.txt OUT.ipynb")
    with open(sys.argv[1], encoding="utf-8") as f:
        nb = build(f.read())
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = "cell-%02d" % i
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
