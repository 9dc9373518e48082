"""Benchmark: a compiled training step (`autograd.compile`) against micrograd, the engine, and floats.

Run:  python benchmarks/bench_compiled.py          (about a minute)
      python benchmarks/bench_compiled.py --quick  (fewer repeats)

One training step of micrograd's demo: MLP(2, [16, 16, 1]) with relu, the
max-margin loss mean((1 - y * score).relu()) + 1e-4 * sum(p * p) on 100
"moons" points (generated here with random.Random), forward + backward + SGD.
Four contenders start from the same weights: micrograd 0.1.0 (PyPI), our
interpreted engine (one `sum_values` node per neuron, as `nn` builds it), the
same graph traced once by `autograd.compile` and replayed, and a hand-written
plain-float program doing the same arithmetic. Before timing, the script
asserts that all four give the same first-step loss (to 1e-9) and that the
compiled replay gives exactly the engine's loss and weights after a step. The
contenders alternate, `gc.collect()` runs before every timed step (micrograd
leaves cyclic garbage), and each is timed `--repeats` times; the table shows
min and median and the ratios of the medians. The one-time compile cost
(trace + code generation + Python's compile) is reported on its own line.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import micrograd.nn as micrograd_nn
from micrograd.engine import Value as MicroValue

import autograd
from autograd import Value, sum_values

__all__ = ["main"]

SIZES = [2, 16, 16, 1]
ALPHA = 1e-4
LEARNING_RATE = 0.5
POINTS = 100

# layers -> neurons -> (weights, bias)
Weights = list[list[tuple[list[float], float]]]


def make_moons(count: int, seed: int) -> tuple[list[list[float]], list[float]]:
    """Two interleaved noisy half circles with labels -1 and +1 (like sklearn's make_moons)."""
    rng = random.Random(seed)
    points, labels = [], []
    for i in range(count):
        upper = i % 2 == 0
        angle = math.pi * rng.random()
        x, y = (
            (math.cos(angle), math.sin(angle))
            if upper
            else (1.0 - math.cos(angle), 0.5 - math.sin(angle))
        )
        points.append([x + rng.gauss(0.0, 0.1), y + rng.gauss(0.0, 0.1)])
        labels.append(-1.0 if upper else 1.0)
    return points, labels


def initial_weights(seed: int) -> Weights:
    rng = random.Random(seed)
    return [
        [([rng.uniform(-1.0, 1.0) for _ in range(n_in)], 0.0) for _ in range(n_out)]
        for n_in, n_out in itertools.pairwise(SIZES)
    ]


class Micrograd:
    name = "micrograd 0.1.0"

    def __init__(self, weights: Weights, points: list[list[float]], labels: list[float]) -> None:
        self.model = micrograd_nn.MLP(SIZES[0], SIZES[1:])
        for layer, layer_weights in zip(self.model.layers, weights):
            for neuron, (w, b) in zip(layer.neurons, layer_weights):
                for parameter, value in zip(neuron.w, w):
                    parameter.data = value
                neuron.b.data = b
        self.points, self.labels = points, labels

    def step(self) -> float:
        model = self.model
        inputs = [list(map(MicroValue, row)) for row in self.points]
        scores = list(map(model, inputs))
        losses = [(1 + -y * score).relu() for y, score in zip(self.labels, scores)]
        total = sum(losses) * (1.0 / len(losses)) + ALPHA * sum(p * p for p in model.parameters())
        model.zero_grad()
        total.backward()
        for p in model.parameters():
            p.data -= LEARNING_RATE * p.grad
        return float(total.data)


class Engine:
    """Our engine, interpreted: the graph is rebuilt and walked every step."""

    name = "engine (interpreted)"

    def __init__(self, weights: Weights, points: list[list[float]], labels: list[float]) -> None:
        self.layers = [[([Value(x) for x in w], Value(b)) for w, b in layer] for layer in weights]
        self.parameters = [p for layer in self.layers for w, b in layer for p in (*w, b)]
        self.points, self.labels = points, labels

    def loss(self) -> Value:
        last = len(self.layers) - 1
        scores = []
        for row in self.points:
            activations = [Value(x) for x in row]
            for index, layer in enumerate(self.layers):
                outputs = []
                for w, b in layer:
                    z = sum_values([*[wi * xi for wi, xi in zip(w, activations)], b])
                    outputs.append(z.relu() if index != last else z)
                activations = outputs
            scores.append(activations[0])
        losses = [(1 + -y * score).relu() for y, score in zip(self.labels, scores)]
        data_loss = sum_values(losses) * (1.0 / len(losses))
        return data_loss + ALPHA * sum_values([p * p for p in self.parameters])

    def update(self) -> None:
        for p in self.parameters:
            p.data -= LEARNING_RATE * p.grad
            p.grad = 0.0

    def step(self) -> float:
        total = self.loss()
        total.backward()
        self.update()
        return total.data


class Compiled(Engine):
    """The same graph traced once by autograd.compile; each step replays the generated program."""

    name = "autograd.compile replay"

    def __init__(self, weights: Weights, points: list[list[float]], labels: list[float]) -> None:
        super().__init__(weights, points, labels)
        start = time.perf_counter()
        self.compiled = autograd.compile(self.loss, self.parameters)
        self.compile_seconds = time.perf_counter() - start

    def step(self) -> float:
        loss = self.compiled()
        self.update()
        return loss


class HandWritten:
    """The same arithmetic written by hand on plain floats, with loops (the ceiling)."""

    name = "hand-written floats"

    def __init__(self, weights: Weights, points: list[list[float]], labels: list[float]) -> None:
        self.w = [[list(w) for w, _ in layer] for layer in weights]
        self.b = [[b for _, b in layer] for layer in weights]
        self.points, self.labels = points, labels

    def step(self) -> float:
        (w1, w2, w3), (b1, b2, b3) = self.w, self.b
        w3_row, n = w3[0], len(self.points)
        g1 = [[0.0, 0.0] for _ in w1]
        gb1 = [0.0] * len(b1)
        g2 = [[0.0] * len(row) for row in w2]
        gb2 = [0.0] * len(b2)
        g3 = [0.0] * len(w3_row)
        gb3 = 0.0
        hinges = []
        for (x0, x1), y in zip(self.points, self.labels):
            z1 = [math.fsum([w[0] * x0, w[1] * x1, b]) for w, b in zip(w1, b1)]
            h1 = [z if z > 0.0 else 0.0 for z in z1]
            z2 = [math.fsum([*[wi * hi for wi, hi in zip(w, h1)], b]) for w, b in zip(w2, b2)]
            h2 = [z if z > 0.0 else 0.0 for z in z2]
            score = math.fsum([*[wi * hi for wi, hi in zip(w3_row, h2)], b3[0]])
            margin = 1.0 + -y * score
            hinges.append(margin if margin > 0.0 else 0.0)
            if margin <= 0.0:
                continue
            d_score = -y * (1.0 / n)  # d(mean hinge)/d(score) for an active hinge
            gb3 += d_score
            d_h2 = [d_score * wi for wi in w3_row]
            for i, hi in enumerate(h2):
                g3[i] += d_score * hi
            for j, z in enumerate(z2):
                if z <= 0.0:
                    continue
                d_z = d_h2[j]
                gb2[j] += d_z
                row = g2[j]
                for i, hi in enumerate(h1):
                    row[i] += d_z * hi
            d_h1 = [
                math.fsum([d_h2[j] * w2[j][i] for j in range(len(w2)) if z2[j] > 0.0])
                for i in range(len(w1))
            ]
            for i, z in enumerate(z1):
                if z <= 0.0:
                    continue
                gb1[i] += d_h1[i]
                g1[i][0] += d_h1[i] * x0
                g1[i][1] += d_h1[i] * x1
        squares = [p * p for layer in (w1, w2, w3) for w in layer for p in w] + [
            b * b for bs in (b1, b2, b3) for b in bs
        ]
        total = math.fsum(hinges) * (1.0 / n) + ALPHA * math.fsum(squares)
        for layer, grads in ((w1, g1), (w2, g2), (w3, [g3])):
            for w, g in zip(layer, grads):
                for i in range(len(w)):
                    w[i] -= LEARNING_RATE * (g[i] + ALPHA * 2.0 * w[i])
        for bs, grads in ((b1, gb1), (b2, gb2), (b3, [gb3])):
            for i in range(len(bs)):
                bs[i] -= LEARNING_RATE * (grads[i] + ALPHA * 2.0 * bs[i])
        return total


def timed(step: Callable[[], float]) -> float:
    gc.collect()
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


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

    points, labels = make_moons(POINTS, seed=0)
    weights = initial_weights(seed=1)
    contenders = [Micrograd(weights, points, labels), Engine(weights, points, labels)]
    compiled = Compiled(weights, points, labels)
    contenders += [compiled, HandWritten(weights, points, labels)]

    # Honesty checks before timing: the same first-step loss everywhere, and exact equality
    # of the compiled replay with the interpreted engine (loss and every updated weight).
    first = [c.step() for c in contenders]
    for contender, loss in zip(contenders, first):
        assert abs(loss - first[0]) <= 1e-9, (
            f"{contender.name}: first loss {loss!r} != {first[0]!r}"
        )
    engine, replay = contenders[1], contenders[2]
    assert isinstance(engine, Engine) and isinstance(replay, Compiled)
    assert first[1] == first[2], "compiled loss differs from the engine's"
    assert [p.data for p in engine.parameters] == [p.data for p in replay.parameters]

    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(repeats):
        for contender in contenders:  # alternate the contenders
            times[contender.name].append(timed(contender.step))
    nodes = len(replay.compiled.order)
    print(f"micrograd demo training step: MLP{SIZES}, {POINTS} points, graph of {nodes} nodes")
    print(f"first-step loss {first[0]:.12f} (all four agree to 1e-9; compiled == engine exactly)")
    print(f"{repeats} repeats, gc.collect() before each, contenders alternated\n")
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'contender':<26}{'min ms':>10}{'median ms':>11}")
    for name, values in times.items():
        print(f"{name:<26}{min(values) * 1e3:>10.2f}{medians[name] * 1e3:>11.2f}")
    fast = medians[Compiled.name]
    print()
    print(f"compiled is {medians[Micrograd.name] / fast:.1f}x faster than micrograd (goal >= 40x)")
    print(f"compiled is {medians[Engine.name] / fast:.1f}x faster than the interpreted engine")
    print(
        f"compiled takes {fast / medians[HandWritten.name]:.2f}x the hand-written time (goal <= 3x)"
    )
    print(
        f"one-time compile cost (trace + generate + compile): {compiled.compile_seconds * 1e3:.0f} ms"
    )
    if not args.no_million:
        million_chain()


if __name__ == "__main__":
    main()
