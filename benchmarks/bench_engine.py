"""Engine benchmark: speed against micrograd 0.1.0, memory per node, and graphs at scale.

Run:  python benchmarks/bench_engine.py          (about a minute)
      python benchmarks/bench_engine.py --quick  (fewer repeats)

Speed: one training step of micrograd's demo (MLP(2, [16, 16, 1]) with relu,
max-margin loss mean((1 - y * score).relu()) + 1e-4 * sum(p * p), 100 "moons"
points, forward + backward + SGD update; the data, weights and contenders live
in `demo_workload.py`, shared with `bench_compiled.py`) for four contenders that
start from the same weights: micrograd (PyPI 0.1.0), our engine building the
identical graph (chains of + per neuron), our engine with one `sum_values` node
per neuron (what `nn` does), and a hand-written plain-float program (the ceiling).
Each contender runs in its own Python process (micrograd leaves cyclic garbage that a
shared process would bill to whoever runs next), twice, in alternating order;
`gc.collect()` runs before every timed step. The script asserts that all four compute
the same first-step loss and the same updated weights (to 1e-9), and are still in
lockstep after the timed steps (1e-6).
Memory: tracemalloc bytes per node of a chain of 100,000 multiplications.
Scale: backward on a 1,000,000-node chain and a 100,000-input sum under the
default recursion limit (micrograd's recursive sort fails at 2,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from micrograd.engine import Value as MicroValue  # type: ignore[import-untyped]

from autograd import Value, sum_values

# The shared workload sits next to this script; make it importable however the script is started.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_workload import (
    Contender,
    EngineContender,
    HandWrittenContender,
    MicrogradContender,
    demo_problem,
)

__all__ = ["CONTENDER_NAMES", "main", "make_contender", "run_contender"]


CONTENDER_NAMES = [
    "micrograd 0.1.0",
    "ours, same graph",
    "ours, sum_values per neuron",
    "hand-written plain floats",
]


def make_contender(name: str) -> Contender:
    """The contender called `name`, starting from the shared weights and data."""
    points, labels, weights = demo_problem()
    if name == CONTENDER_NAMES[0]:
        return MicrogradContender(weights, points, labels)
    if name == CONTENDER_NAMES[1]:
        return EngineContender(weights, points, labels, one_sum_node=False, name=name)
    if name == CONTENDER_NAMES[2]:
        return EngineContender(weights, points, labels, one_sum_node=True, name=name)
    return HandWrittenContender(weights, points, labels)


def run_contender(name: str, repeats: int) -> None:
    """In a process of its own: one checked step, then `repeats` timed steps; prints JSON."""
    contender = make_contender(name)
    first = contender.step()
    after_first = contender.weights()
    seconds = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        contender.step()
        seconds.append(time.perf_counter() - start)
    result = {"first": first, "after_first": after_first, "seconds": seconds}
    print(json.dumps({**result, "final": contender.weights()}))


def _close(a: list[float], b: list[float], rel: float, abs_tol: float) -> bool:
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=rel, abs_tol=abs_tol) for x, y in zip(a, b)
    )


def bench_speed(repeats: int) -> None:
    print("== Speed: one training step of micrograd's demo (MLP(2,[16,16,1]), 100 moons) ==")
    runs: dict[str, list[dict[str, object]]] = {name: [] for name in CONTENDER_NAMES}
    for order in (CONTENDER_NAMES, CONTENDER_NAMES[::-1]):  # two passes, alternating order
        for name in order:
            command = [sys.executable, __file__, "--contender", name, "--repeats", str(repeats)]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs[name].append(json.loads(output.splitlines()[-1]))
    reference = runs[CONTENDER_NAMES[0]][0]
    for name, results in runs.items():
        for result in results:
            assert math.isclose(result["first"], reference["first"], rel_tol=1e-9), name  # type: ignore[arg-type]
            assert _close(result["after_first"], reference["after_first"], 1e-9, 1e-12), name  # type: ignore[arg-type]
            assert _close(result["final"], reference["final"], 1e-6, 1e-9), name  # type: ignore[arg-type]
    print(f"first-step loss {reference['first']:.12f}: identical (1e-9) for all {len(runs)}")
    print(
        "updated weights after step 1: identical (1e-9); still in lockstep after the timed steps\n"
    )
    timings = {
        name: [t for result in results for t in result["seconds"]]  # type: ignore[attr-defined]
        for name, results in runs.items()
    }
    base = timings[CONTENDER_NAMES[0]]
    print(
        f"{'contender':<30} {'min ms':>9} {'median ms':>10} {'x micrograd (min)':>18} {'(median)':>9}"
    )
    for name, seconds in timings.items():
        print(
            f"{name:<30} {min(seconds) * 1e3:>9.2f} {statistics.median(seconds) * 1e3:>10.2f} "
            f"{min(base) / min(seconds):>17.1f}x "
            f"{statistics.median(base) / statistics.median(seconds):>8.1f}x"
        )
    print(
        f"(each contender in its own process, twice; {repeats} timed steps per process, "
        "gc.collect() before every step)\n"
    )


def bytes_per_node(
    make: Callable[[float], object], multiply: Callable[[object, object], object], n: int
) -> float:
    gc.collect()
    x, w = make(1.0), make(1.0)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    y = x
    for _ in range(n):
        y = multiply(y, w)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del y
    return (after - before) / n


def bench_memory() -> None:
    n = 100_000
    print(f"== Memory: tracemalloc bytes per node, chain of {n:,} multiplications y = y * w ==")
    ours = bytes_per_node(Value, lambda a, b: a * b, n)  # type: ignore[operator]
    theirs = bytes_per_node(MicroValue, lambda a, b: a * b, n)  # type: ignore[operator]
    print(f"{'ours':<30} {ours:>9.0f} B/node   (target <= 160)")
    print(f"{'micrograd 0.1.0':<30} {theirs:>9.0f} B/node   ({theirs / ours:.1f}x ours)\n")


def bench_scale() -> None:
    limit = sys.getrecursionlimit()
    print(f"== Scale: backward with the default recursion limit ({limit}) ==")
    x, w = Value(0.5), Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = y * w
    gc.collect()
    start = time.perf_counter()
    y.backward()
    chain_time = time.perf_counter() - start
    chain_ok = x.grad == 1.0 and w.grad == 500_000.0
    del y
    inputs = [Value(float(i)) for i in range(100_000)]
    total = sum_values(inputs)
    gc.collect()
    start = time.perf_counter()
    total.backward()
    fan_in_time = time.perf_counter() - start
    fan_in_ok = all(leaf.grad == 1.0 for leaf in inputs)
    print(
        f"{'ours: 1,000,000-node chain':<36} backward {chain_time:6.2f} s  gradients correct: {chain_ok}"
    )
    print(
        f"{'ours: 100,000-input sum_values':<36} backward {fan_in_time:6.3f} s  gradients correct: {fan_in_ok}"
    )
    micro = MicroValue(0.5)
    micro_y = micro
    for _ in range(2000):
        micro_y = micro_y * 1.0
    try:
        micro_y.backward()
        outcome = "worked"
    except RecursionError as error:
        outcome = f"RecursionError ({error})"
    print(f"{'micrograd: 2,000-node chain':<36} {outcome}")
    assert sys.getrecursionlimit() == limit
    print(f"recursion limit unchanged: {sys.getrecursionlimit()}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a rough figure)")
    parser.add_argument("--contender", help=argparse.SUPPRESS)  # internal: one contender's process
    parser.add_argument("--repeats", type=int, default=0, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.contender:
        run_contender(arguments.contender, arguments.repeats)
        return
    repeats = 4 if arguments.quick else 8
    print(f"Python {sys.version.split()[0]}, {'quick' if arguments.quick else 'full'} run\n")
    bench_speed(repeats)
    bench_memory()
    bench_scale()


if __name__ == "__main__":
    main()
