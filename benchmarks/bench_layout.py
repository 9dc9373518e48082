"""Benchmark: how long Graphviz takes to lay out the worst drawings `autograd.draw` makes.

Run:  python benchmarks/bench_layout.py  (about ten seconds; `--timeout S` per layout, default 120)

The worst shapes are values shared along a long chain, whose edges cross many columns (issue 15,
defect 2): the polynomial 1 + x + x**2 + ... + x**75, the sums x + x + ... + x of 151 and 200
terms, and a 40-step RNN h_t = tanh(w h_(t-1) + u x_t + b) unrolled. Each is drawn with the
default options and laid out to SVG by the system `dot` (in a subprocess, with the timeout) and,
when the `pygraphviz` wheel is installed, by the Graphviz it bundles (in this process). Times are
wall-clock seconds of one run each; they move with the machine's load.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from autograd import Value, draw
from tests.worst_layouts import polynomial, repeated_sum, rnn

CASES: dict[str, Callable[[], Value]] = {
    "1 + x + x**2 + ... + x**75": polynomial,
    "x + x + ... + x, 151 terms": lambda: repeated_sum(151),
    "x + x + ... + x, 200 terms": lambda: repeated_sum(200),
    "unrolled RNN, 40 steps": rnn,
}


def system_dot(source: str, timeout: float) -> str:
    if shutil.which("dot") is None:
        return "no dot"
    start = time.perf_counter()
    try:
        subprocess.run(
            ["dot", "-Tsvg", "-o", "/dev/null"], input=source.encode(), check=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    return f"{time.perf_counter() - start:.2f} s"


def bundled(source: str) -> str:
    try:
        import pygraphviz
    except ImportError:
        return "no pygraphviz"
    start = time.perf_counter()
    pygraphviz.AGraph(string=source).draw(format="svg", prog="dot")
    return f"{time.perf_counter() - start:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    timeout = parser.parse_args().timeout
    print(f"{'drawing':30s}  {'system dot':>12s}  {'bundled':>14s}")
    for name, build in CASES.items():
        root = build()
        root.backward()
        source = draw(root).source
        print(f"{name:30s}  {system_dot(source, timeout):>12s}  {bundled(source):>14s}", flush=True)


if __name__ == "__main__":
    main()
