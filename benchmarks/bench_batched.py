"""Benchmark: the batched replay against micrograd, the engine, compiled, hand-written and PyTorch.

Run:  python benchmarks/bench_batched.py --scaling       (compile_batched and PyTorch only, from
                                                          100 to 100,000 points)
      python benchmarks/bench_batched.py --points 100    (about half a minute)
      python benchmarks/bench_batched.py --points 1000   (two to four minutes: micrograd takes
                                                          10-40 s a step there)
      python benchmarks/bench_batched.py                 (both; --quick: fewer rounds)

The training step of micrograd's demo, MLP(2, [16, 16, 1]) with relu, the max-margin loss
mean((1 - y * score).relu()) + 1e-4 * sum(p * p), forward + backward + SGD, at two sizes:
100 moons points (micrograd's demo) and 1,000. Seven contenders start from the same weights
(`demo_workload.py` holds the data and the first four):

- micrograd 0.1.0 (PyPI);
- our interpreted engine (one `sum_values` node per neuron, as `nn` builds it), as a user's
  own loop runs it (the garbage collector on), and inside `autograd.gc_paused()` as `nn.fit`
  runs it;
- `autograd.compile`: the whole batch's scalar graph traced once, replayed as Python floats;
- `autograd.compile_batched`: one example's graph traced once, replayed with numpy arrays of
  shape (batch,); the 1e-4 * sum(p * p) term is a tiny `autograd.compile` of its own;
- the step written by hand on plain floats (loops, `math.fsum`, skipping dead units);
- PyTorch 2.13 on the CPU in float64, vectorised (`torch.nn.Linear` layers, one thread).

Each contender lives in its own worker process (this script started again with `--worker`),
so no contender's garbage or caches touch another's. The parent first asks every worker for
one step and asserts the same first-step loss and updated weights to 1e-9; then it times
the workers in turn, one step each, round after round (`gc.collect()` before every timed
step), and after the last round checks that all weights still agree (1e-6). The tables show
the min and median per step and the ratios of the medians, all from one run. The one-time
cost of compiling the demo's per-example graph for the batched replay is printed too.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_workload import (
    ALPHA,
    LEARNING_RATE,
    MOONS_SEED,
    SIZES,
    WEIGHTS_SEED,
    CompiledContender,
    Contender,
    EngineContender,
    HandWrittenContender,
    MicrogradContender,
    Weights,
    initial_weights,
    make_moons,
)

import autograd
from autograd import Value, gc_paused, sum_values

__all__ = ["main"]

CONTENDERS = [
    "micrograd 0.1.0",
    "engine, interpreted",
    "engine, gc paused",
    "autograd.compile",
    "compile_batched",
    "hand-written floats",
    "PyTorch float64",
]


class PausedEngine(EngineContender):
    """The interpreted engine inside `gc_paused()`, as `nn.fit` runs it."""

    def step(self) -> float:
        with gc_paused():
            return super().step()


class Batched(EngineContender):
    """One example's graph traced by `autograd.compile_batched`, replayed over numpy arrays."""

    def __init__(self, weights: Weights, points: list[list[float]], labels: list[float]) -> None:
        super().__init__(weights, points, labels, one_sum_node=True, name="compile_batched")
        start = time.perf_counter()
        x = [Value(0.0, label="x.0"), Value(0.0, label="x.1")]
        y = Value(1.0, label="y")
        example_loss = (1 + -y * self.model(x)).relu()
        self.batched = autograd.compile_batched(example_loss, self.parameters, [*x, y])
        self.compile_seconds = time.perf_counter() - start
        self.regularizer = autograd.compile(
            ALPHA * sum_values([p * p for p in self.parameters]), self.parameters
        )
        # the data as one array, made once (as PyTorch's contender makes its tensors once)
        self.data = np.asarray([[*point, label] for point, label in zip(points, labels)])

    def step(self) -> float:
        loss = self.batched(self.data) + self.regularizer()
        self.update()
        return loss


class Torch:
    """PyTorch float64 on the CPU: the same MLP as `torch.nn.Linear` layers, the batch at once."""

    name = "PyTorch float64"

    def __init__(self, weights: Weights, points: list[list[float]], labels: list[float]) -> None:
        import torch

        torch.set_num_threads(1)
        self.torch = torch
        self.layers = []
        for layer_weights in weights:
            linear = torch.nn.Linear(
                len(layer_weights[0][0]), len(layer_weights), dtype=torch.float64
            )
            with torch.no_grad():
                linear.weight.copy_(
                    torch.tensor([w for w, _ in layer_weights], dtype=torch.float64)
                )
                linear.bias.copy_(torch.tensor([b for _, b in layer_weights], dtype=torch.float64))
            self.layers.append(linear)
        self.parameters = [p for linear in self.layers for p in (linear.weight, linear.bias)]
        self.x = torch.tensor(points, dtype=torch.float64)
        self.y = torch.tensor(labels, dtype=torch.float64)

    def step(self) -> float:
        torch = self.torch
        h = self.x
        for index, linear in enumerate(self.layers):
            h = linear(h)
            if index < len(self.layers) - 1:
                h = torch.relu(h)
        score = h[:, 0]
        loss = torch.relu(1 - self.y * score).mean() + ALPHA * sum(
            (p * p).sum() for p in self.parameters
        )
        loss.backward()
        with torch.no_grad():
            for p in self.parameters:
                assert p.grad is not None
                p -= LEARNING_RATE * p.grad
                p.grad = None
        return float(loss.detach())

    def weights(self) -> list[float]:
        found: list[float] = []
        for linear in self.layers:
            for row, bias in zip(linear.weight.tolist(), linear.bias.tolist()):
                found += [*row, bias]
        return found


def make_contender(name: str, points: int) -> Contender:
    data, labels = make_moons(points, seed=MOONS_SEED)
    weights = initial_weights(seed=WEIGHTS_SEED)
    if name == "micrograd 0.1.0":
        # micrograd sorts its graph recursively: the loss sum of 1,000 examples is a chain of
        # 1,000 + nodes, deeper than Python's default limit of 1,000 frames.
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * points + 1000))
        return MicrogradContender(weights, data, labels)
    if name == "engine, interpreted":
        return EngineContender(weights, data, labels, one_sum_node=True, name=name)
    if name == "engine, gc paused":
        return PausedEngine(weights, data, labels, one_sum_node=True, name=name)
    if name == "autograd.compile":
        return CompiledContender(weights, data, labels, name="autograd.compile")
    if name == "compile_batched":
        return Batched(weights, data, labels)
    if name == "hand-written floats":
        return HandWrittenContender(weights, data, labels)
    if name == "PyTorch float64":
        return Torch(weights, data, labels)
    raise ValueError(f"unknown contender {name!r}")


def worker(name: str, points: int) -> None:
    """Serve one contender over stdin/stdout: `first`, `time`, `weights`, `quit`."""
    start = time.perf_counter()
    contender = make_contender(name, points)
    setup = time.perf_counter() - start
    compile_seconds = getattr(contender, "compile_seconds", None)
    print(json.dumps({"setup": setup, "compile": compile_seconds}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "first":
            loss = contender.step()
            print(json.dumps({"loss": loss, "weights": contender.weights()}), flush=True)
        elif command == "time":
            gc.collect()
            start = time.perf_counter()
            contender.step()
            print(json.dumps(time.perf_counter() - start), flush=True)
        elif command == "weights":
            print(json.dumps(contender.weights()), flush=True)
        else:
            return


# Every worker computes on one thread: PyTorch sets it itself (torch.set_num_threads(1)), and
# numpy's BLAS (the batched replay's matrix products) is told so by the environment.
ONE_THREAD = {
    **os.environ,
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


class Worker:
    """The parent's handle on one worker process."""

    def __init__(self, name: str, points: int) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", name, "--points", str(points)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=ONE_THREAD,
        )
        self.ready: dict[str, Any] = self.ask(None)

    def ask(self, command: str | None) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        if command is not None:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.name!r} died")
        return json.loads(line)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.close()
        self.process.wait()


def close_enough(a: list[float], b: list[float], tolerance: float) -> bool:
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=tolerance, abs_tol=tolerance * 1e-3) for x, y in zip(a, b)
    )


def bench(points: int, repeats: int) -> None:
    workers = [Worker(name, points) for name in CONTENDERS]
    try:
        first = [worker.ask("first") for worker in workers]
        reference = first[0]
        for worker, result in zip(workers, first):
            assert math.isclose(result["loss"], reference["loss"], rel_tol=1e-9), worker.name
            assert close_enough(result["weights"], reference["weights"], 1e-9), worker.name
        runs: dict[str, list[float]] = {worker.name: [] for worker in workers}
        for _ in range(repeats):
            for worker in workers:
                runs[worker.name].append(worker.ask("time"))
        final = [worker.ask("weights") for worker in workers]
        for worker, weights in zip(workers, final):
            assert close_enough(weights, final[0], 1e-6), f"{worker.name} drifted"
    finally:
        for worker in workers:
            worker.close()

    best = {name: min(seconds) for name, seconds in runs.items()}
    medians = {name: statistics.median(seconds) for name, seconds in runs.items()}
    print(
        f"\nMLP{SIZES} on {points} moons points: first-step loss {reference['loss']:.12f}, "
        f"all {len(workers)} agree to 1e-9"
    )
    print(f"{repeats} rounds, each contender in its own process, gc.collect() before each step")
    print(
        f"{'contender':<22}{'min ms':>10}{'median ms':>11}"
        f"{'x micrograd (min/median)':>28}{'x hand-written (min/median)':>30}"
    )
    for name in runs:
        versus_micrograd = (
            f"{best['micrograd 0.1.0'] / best[name]:.1f} / "
            f"{medians['micrograd 0.1.0'] / medians[name]:.1f}"
        )
        versus_hand = (
            f"{best['hand-written floats'] / best[name]:.2f} / "
            f"{medians['hand-written floats'] / medians[name]:.2f}"
        )
        print(
            f"{name:<22}{best[name] * 1e3:>10.2f}{medians[name] * 1e3:>11.2f}"
            f"{versus_micrograd:>28}{versus_hand:>30}"
        )
    batched_worker = workers[CONTENDERS.index("compile_batched")]
    compiled_worker = workers[CONTENDERS.index("autograd.compile")]
    print(
        f"compile cost: compile_batched of one example's graph "
        f"{batched_worker.ready['compile'] * 1e3:.1f} ms; autograd.compile of the whole batch "
        f"{compiled_worker.ready['compile']:.2f} s"
    )


def scaling(sizes: list[int], repeats: int) -> None:
    """The batched replay against PyTorch only, from 100 to 100,000 points (the same step)."""
    names = ["compile_batched", "PyTorch float64"]
    print(f"\nMLP{SIZES}, one training step, {repeats} rounds per size, one thread each")
    print(f"{'points':>8}" + "".join(f"{name + ' min / median ms':>36}" for name in names)
          + f"{'batched / PyTorch (min)':>26}")  # fmt: skip
    for points in sizes:
        workers = [Worker(name, points) for name in names]
        try:
            first = [worker.ask("first") for worker in workers]
            for worker, result in zip(workers, first):
                assert math.isclose(result["loss"], first[0]["loss"], rel_tol=1e-9), worker.name
                assert close_enough(result["weights"], first[0]["weights"], 1e-9), worker.name
            runs: dict[str, list[float]] = {name: [] for name in names}
            for _ in range(repeats):
                for worker in workers:
                    runs[worker.name].append(worker.ask("time"))
        finally:
            for worker in workers:
                worker.close()
        cells = "".join(
            f"{f'{min(runs[n]) * 1e3:.2f} / {statistics.median(runs[n]) * 1e3:.2f}':>36}"
            for n in names
        )
        ratio = min(runs[names[0]]) / min(runs[names[1]])
        print(f"{points:>8}{cells}{ratio:>26.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--points", type=int, default=None, help="one size only (100 or 1000)")
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="only compile_batched and PyTorch, at 100, 1,000, 10,000 and 100,000 points",
    )
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.points)
        return
    if args.scaling:
        scaling([100, 1000, 10_000, 100_000], 5 if args.quick else 15)
        return
    sizes = [args.points] if args.points else [100, 1000]
    for points in sizes:
        repeats = (3 if args.quick else 7) if points <= 100 else (2 if args.quick else 3)
        bench(points, repeats)


if __name__ == "__main__":
    main()
