"""Benchmark: what Python's cyclic garbage collector costs an interpreted training step.

Run:  python benchmarks/bench_gc.py           (about half a minute)
      python benchmarks/bench_gc.py --quick   (fewer rounds)

The workload is micrograd's demo step on our interpreted engine (MLP(2, [16, 16, 1]), 100
moons points, forward + backward + SGD; `demo_workload.py`). Each round runs 10 steps with
the collector as it is (on, Python's defaults) and 10 steps inside `autograd.gc_paused()`
with `collect_young()` after each step, exactly as `nn.fit` does; the two alternate, and
`gc.collect()` runs before each block of 10. It is done twice: in a bare process, and after
importing torch and matplotlib (a notebook kernel holds a few hundred thousand live objects,
and every full collection walks all of them). Before timing, both ways are checked to give
the same weights bit for bit (the collector does not change a single number).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_workload import EngineContender, demo_problem

from autograd import collect_young, gc_paused

__all__ = ["main"]

STEPS = 10


def block(contender: EngineContender, paused: bool) -> float:
    """Seconds per step over STEPS steps, with the collector on or paused."""
    gc.collect()
    start = time.perf_counter()
    if paused:
        with gc_paused():
            for _ in range(STEPS):
                contender.step()
                collect_young()
    else:
        for _ in range(STEPS):
            contender.step()
    return (time.perf_counter() - start) / STEPS


def measure(rounds: int, label: str) -> None:
    points, labels, weights = demo_problem()
    on = EngineContender(weights, points, labels, one_sum_node=True, name="on")
    paused = EngineContender(weights, points, labels, one_sum_node=True, name="paused")
    on.step()
    with gc_paused():
        paused.step()
    assert on.weights() == paused.weights(), "the collector changed a number"
    times_on, times_paused = [], []
    for _ in range(rounds):
        times_on.append(block(on, paused=False))
        times_paused.append(block(paused, paused=True))
    assert on.weights() == paused.weights(), "the collector changed a number"
    median_on, median_paused = statistics.median(times_on), statistics.median(times_paused)
    print(
        f"{label:<44}{len(gc.get_objects()):>9,}{median_on * 1e3:>10.1f}{median_paused * 1e3:>10.1f}"
        f"{1 - median_paused / median_on:>10.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds instead of 5")
    args = parser.parse_args()
    rounds = 2 if args.quick else 5
    print(f"interpreted demo step (100 points), median of {rounds} rounds of {STEPS} steps")
    print(f"{'process':<44}{'objects':>9}{'on ms':>10}{'paused ms':>10}{'saved':>10}")
    measure(rounds, "bare Python")
    import matplotlib.pyplot  # noqa: F401  (what a notebook kernel has loaded)
    import torch  # noqa: F401

    measure(rounds, "with torch and matplotlib imported")


if __name__ == "__main__":
    main()
