"""Benchmark: building a model (its parameters and the roles of its nodes), and its training path.

Run:  python benchmarks/bench_build.py                       (this tree alone)
      python benchmarks/bench_build.py --against OLD_TREE    (side by side with another checkout,
                                                              e.g. `git archive <commit> | tar -x`)

Three figures per source tree, each the best of 5 runs with `gc.collect()` before each:
building notebook 03's `MLP(12, [300, 200, 100, 1], seed=0)` (84,301 parameters, each with its
`Role`), building it and calling it on one point (the first call makes the labels and roles of
the 84,000 products w·x, which a model that is only built never needs), and one forward + backward of `MLP(2, [16, 16, 1], seed=0)` on 100 points (the path a
training step takes, to show that building cheaply did not make it slower). Every tree runs in
its own Python process (PYTHONPATH = the tree), the trees alternate, twice; before timing, each
process prints a digest of every role of a small model (its parameters and the nodes of one
forward pass) and the script checks the trees agree, so the contenders build the same thing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
REPEATS = 5


def measure() -> dict[str, object]:
    """In the child process: the role digest and the two best-of-5 times (seconds)."""
    import gc
    import random
    import time

    from autograd import topological_order
    from nn import MLP, functional

    small = MLP(3, [4, 3, 2], activation="tanh", seed=0)
    outputs = small([0.5, -1.0, 2.0])
    assert isinstance(outputs, list)
    loss = functional.mse_loss(outputs[0], 1.0)
    described = [(name, repr(p.role)) for name, p in small.named_parameters()]
    described += [(node.label, repr(node.role)) for node in topological_order(loss)]
    digest = hashlib.sha256(repr(described).encode()).hexdigest()[:16]

    rng = random.Random(0)
    points = [[rng.uniform(-2.0, 2.0), rng.uniform(-2.0, 2.0)] for _ in range(100)]
    model = MLP(2, [16, 16, 1], seed=0)

    def build() -> None:
        MLP(12, [300, 200, 100, 1], seed=0)

    def build_and_call() -> None:
        MLP(12, [300, 200, 100, 1], seed=0)([0.5] * 12)

    def forward_backward() -> None:
        model.zero_grad()
        scores = [model(point) for point in points]
        total = scores[0]
        for score in scores[1:]:
            total = total + score * score
        total.backward()

    def best(work: object) -> float:
        assert callable(work)
        times = []
        for _ in range(REPEATS):
            gc.collect()
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        return min(times)

    return {
        "digest": digest,
        "build": best(build),
        "build+call": best(build_and_call),
        "train": best(forward_backward),
    }


def run_tree(tree: Path) -> dict[str, object]:
    """`measure()` in a fresh process that imports autograd and nn from `tree`."""
    environment = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run(
        [sys.executable, str(HERE), "--child"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another source tree to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure()))
        return
    trees = {"this tree": HERE.parent.parent}
    if arguments.against is not None:
        trees = {"against": arguments.against.resolve(), **trees}
    results: dict[str, list[dict[str, object]]] = {name: [] for name in trees}
    for _ in range(2):
        for name, tree in trees.items():
            results[name].append(run_tree(tree))
    digests = {str(run["digest"]) for runs in results.values() for run in runs}
    if len(digests) != 1:
        raise SystemExit(f"the trees give different roles: {digests}")
    keys = {
        "build": "build MLP(12,[300,200,100,1])",
        "build+call": "build + call on 1 point",
        "train": "fwd+bwd MLP(2,[16,16,1]) x100",
    }
    best = {
        name: {key: min(float(str(run[key])) for run in runs) for key in keys}
        for name, runs in results.items()
    }
    print("best of 2 processes x 5 runs; the same roles everywhere (digest " + digests.pop() + ")")
    print(f"{'tree':<10}" + "".join(f" {title:>30}" for title in keys.values()))
    for name, figures in best.items():
        print(f"{name:<10}" + "".join(f" {figures[key] * 1000:>27.1f} ms" for key in keys))
    if arguments.against is not None:
        old, new = best["against"], best["this tree"]
        ratios = "".join(f" {old[key] / new[key]:>28.2f} x" for key in keys)
        print(f"{'ratio':<10}{ratios}   (against / this tree: > 1 is faster here)")


if __name__ == "__main__":
    main()
