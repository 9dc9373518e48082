"""Benchmark: a compiled training step (`autograd.compile`) against micrograd, the engine, and floats.

Run:  python benchmarks/bench_compiled.py          (about a minute)
      python benchmarks/bench_compiled.py --quick  (fewer repeats)

One training step of micrograd's demo: MLP(2, [16, 16, 1]) with relu, the
max-margin loss mean((1 - y * score).relu()) + 1e-4 * sum(p * p) on 100
"moons" points, forward + backward + SGD; the data, weights and the shared
contenders live in `demo_workload.py`, so the first-step loss and the micrograd
figures are the same workload as `bench_engine.py`'s. Four contenders start
from the same weights: micrograd 0.1.0 (PyPI), our interpreted engine (one
`sum_values` node per neuron, as `nn` builds it), the same graph traced once by
`autograd.compile` and replayed, and a hand-written plain-float program doing
the same arithmetic. Before timing, the script asserts that all four give the
same first-step loss and updated weights (to 1e-9) and that the compiled replay
gives exactly the engine's loss and weights after a step. The contenders
alternate, `gc.collect()` runs before every timed step (micrograd leaves cyclic
garbage), and each is timed `--repeats` times; the table shows min and median
and the ratios of the medians. The one-time compile cost (trace + code
generation + Python's compile) is reported on its own line.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

# The repository root (for `autograd`) and this folder (for the shared workload), so the script
# runs from a checkout however it is started.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_workload import (
    POINTS,
    SIZES,
    CompiledContender,
    Contender,
    EngineContender,
    HandWrittenContender,
    MicrogradContender,
    assert_in_lockstep,
    check_first_step,
    demo_problem,
    time_alternating,
)

import autograd
from autograd import Value

__all__ = ["main"]

ENGINE_NAME = "engine (interpreted)"


def million_chain() -> None:
    """A chain of 1,000,000 operations: compile cost, replay and engine backward, and equality."""
    x = Value(0.5, label="x")
    node = x
    for i in range(1_000_000):
        node = node.tanh() if i % 2 else -node
    gc.collect()
    start = time.perf_counter()
    compiled = autograd.compile(node, [x])
    compile_seconds = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    loss = compiled()
    replay_seconds = time.perf_counter() - start
    replay_grad = x.grad
    x.grad = 0.0
    gc.collect()
    start = time.perf_counter()
    node.backward()
    engine_seconds = time.perf_counter() - start
    assert (loss, replay_grad) == (node.data, x.grad), "1M chain: compiled != engine"
    print(
        f"\n1,000,000-operation chain ({compiled.chunk_count} chunks): compile {compile_seconds:.1f} s "
        f"once, then replay {replay_seconds:.2f} s vs engine backward {engine_seconds:.2f} s "
        "(equal results)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 9")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--no-million", action="store_true", help="skip the 1,000,000-node chain")
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 9)

    points, labels, weights = demo_problem()
    micrograd = MicrogradContender(weights, points, labels)
    engine = EngineContender(weights, points, labels, one_sum_node=True, name=ENGINE_NAME)
    compiled = CompiledContender(weights, points, labels)
    hand_written = HandWrittenContender(weights, points, labels)
    contenders: list[Contender] = [micrograd, engine, compiled, hand_written]

    # Honesty checks before timing: the same first-step loss and updated weights everywhere,
    # and exact equality of the compiled replay with the interpreted engine (loss and weights).
    first = check_first_step(contenders)
    assert first[1] == first[2], "compiled loss differs from the engine's"
    assert engine.weights() == compiled.weights(), "compiled weights differ from the engine's"

    timings = time_alternating(contenders, repeats)
    assert_in_lockstep(contenders)  # still in lockstep after every timed step
    nodes = len(compiled.compiled.order)
    print(f"micrograd demo training step: MLP{SIZES}, {POINTS} points, graph of {nodes} nodes")
    print(f"first-step loss {first[0]:.12f} (all four agree to 1e-9; compiled == engine exactly)")
    print(f"{repeats} repeats, gc.collect() before each, contenders alternated\n")
    print(f"{'contender':<26}{'min ms':>10}{'median ms':>11}")
    for name, timing in timings.items():
        print(f"{name:<26}{timing.best * 1e3:>10.2f}{timing.median * 1e3:>11.2f}")
    fast = timings[compiled.name].median
    print()
    print(
        f"compiled is {timings[micrograd.name].median / fast:.1f}x faster than micrograd (goal >= 40x)"
    )
    print(
        f"compiled is {timings[engine.name].median / fast:.1f}x faster than the interpreted engine"
    )
    print(
        f"compiled takes {fast / timings[hand_written.name].median:.2f}x the hand-written time (goal <= 3x)"
    )
    print(
        f"one-time compile cost (trace + generate + compile): {compiled.compile_seconds * 1e3:.0f} ms"
    )
    if not args.no_million:
        million_chain()


if __name__ == "__main__":
    main()
