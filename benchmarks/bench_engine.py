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
The script asserts that all four compute the same first-step loss and the same
updated weights (to 1e-9) before it times anything. Contenders alternate, and
`gc.collect()` runs before every timed step (micrograd leaves cyclic garbage).
Memory: tracemalloc bytes per node of a chain of 100,000 multiplications.
Scale: backward on a 1,000,000-node chain and a 100,000-input sum under the
default recursion limit (micrograd's recursive sort fails at 2,000).
"""

from __future__ import annotations

import argparse
import gc
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
    assert_in_lockstep,
    check_first_step,
    demo_problem,
    time_alternating,
)

__all__ = ["main"]


def bench_speed(repeats: int) -> None:
    points, labels, weights = demo_problem()
    contenders: list[Contender] = [
        MicrogradContender(weights, points, labels),
        EngineContender(weights, points, labels, one_sum_node=False, name="ours, same graph"),
        EngineContender(
            weights, points, labels, one_sum_node=True, name="ours, sum_values per neuron"
        ),
        HandWrittenContender(weights, points, labels),
    ]
    print("== Speed: one training step of micrograd's demo (MLP(2,[16,16,1]), 100 moons) ==")
    first = check_first_step(contenders)
    parameter_count = len(contenders[0].weights())
    print(f"first-step loss {first[0]:.12f}: identical (1e-9) for all {len(contenders)}")
    print(f"updated weights after step 1: identical (1e-9) for all {parameter_count}\n")
    timings = time_alternating(contenders, repeats)
    assert_in_lockstep(contenders)  # still in lockstep after every timed step
    base = timings[contenders[0].name]
    print(
        f"{'contender':<30} {'min ms':>9} {'median ms':>10} {'x micrograd (min)':>18} {'(median)':>9}"
    )
    for contender in contenders:
        timing = timings[contender.name]
        print(
            f"{contender.name:<30} {timing.best * 1e3:>9.2f} {timing.median * 1e3:>10.2f} "
            f"{base.best / timing.best:>17.1f}x {base.median / timing.median:>8.1f}x"
        )
    print(f"({repeats} alternating repeats each, gc.collect() before every run)\n")


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
    print(f"{'ours':<30} {ours:>9.0f} B/node   (target <= 200)")
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
    arguments = parser.parse_args()
    repeats = 7 if arguments.quick else 15
    print(f"Python {sys.version.split()[0]}, {'quick' if arguments.quick else 'full'} run\n")
    bench_speed(repeats)
    bench_memory()
    bench_scale()


if __name__ == "__main__":
    main()
