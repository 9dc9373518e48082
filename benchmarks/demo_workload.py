"""The workload both benchmarks time: one training step of micrograd's demo, and how to time it.

One step is MLP(2, [16, 16, 1]) with relu, the max-margin loss
mean((1 - y * score).relu()) + 1e-4 * sum(p * p) on 100 "moons" points
(generated here with `random.Random`, seeds `MOONS_SEED` and `WEIGHTS_SEED`, so
every script sees the same data, the same initial weights and the same
first-step loss), forward + backward + SGD update. This module holds the data
(`demo_problem`), the contenders that both `bench_engine.py` and
`bench_compiled.py` run (`MicrogradContender`: micrograd 0.1.0 from PyPI;
`EngineContender`: our interpreted engine; `HandWrittenContender`: the same
arithmetic by hand on plain floats, the ceiling), the honesty checks
(`check_first_step`: the same first-step loss and updated weights everywhere,
to 1e-9, before anything is timed; `assert_in_lockstep` after timing) and
`time_alternating`, which alternates the contenders and calls `gc.collect()`
before every timed step (micrograd leaves cyclic garbage that would otherwise
be collected during, and billed to, the next contender's run).
"""

from __future__ import annotations

import gc
import itertools
import math
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import micrograd.nn as micrograd_nn  # type: ignore[import-untyped]
from micrograd.engine import Value as MicroValue  # type: ignore[import-untyped]

import autograd
from autograd import Value, sum_values

__all__ = [
    "ALPHA",
    "LEARNING_RATE",
    "MOONS_SEED",
    "POINTS",
    "SIZES",
    "WEIGHTS_SEED",
    "Contender",
    "EngineContender",
    "HandWrittenContender",
    "MicrogradContender",
    "Timing",
    "Weights",
    "assert_in_lockstep",
    "check_first_step",
    "demo_problem",
    "initial_weights",
    "make_moons",
    "time_alternating",
]

SIZES = [2, 16, 16, 1]
ALPHA = 1e-4
LEARNING_RATE = 0.5
POINTS = 100
MOONS_SEED = 1
WEIGHTS_SEED = 1337  # the seed of micrograd's demo notebook

# Weights as nested lists: layers -> neurons -> (weights, bias).
Weights = list[list[tuple[list[float], float]]]


def make_moons(count: int, seed: int) -> tuple[list[list[float]], list[float]]:
    """Two interleaved noisy half circles, labels -1 and +1 (like sklearn's make_moons)."""
    rng = random.Random(seed)
    points, labels = [], []
    for i in range(count):
        upper = i % 2 == 0
        angle = math.pi * rng.random()
        if upper:
            x, y = math.cos(angle), math.sin(angle)
        else:
            x, y = 1.0 - math.cos(angle), 0.5 - math.sin(angle)
        points.append([x + rng.gauss(0.0, 0.1), y + rng.gauss(0.0, 0.1)])
        labels.append(-1.0 if upper else 1.0)
    return points, labels


def initial_weights(seed: int) -> Weights:
    """Weights uniform in [-1, 1] (as micrograd's Neuron draws them), biases 0."""
    rng = random.Random(seed)
    return [
        [([rng.uniform(-1.0, 1.0) for _ in range(n_in)], 0.0) for _ in range(n_out)]
        for n_in, n_out in itertools.pairwise(SIZES)
    ]


def demo_problem() -> tuple[list[list[float]], list[float], Weights]:
    """The points, labels and initial weights every benchmark uses (fixed seeds)."""
    points, labels = make_moons(POINTS, seed=MOONS_SEED)
    return points, labels, initial_weights(seed=WEIGHTS_SEED)


class Contender(Protocol):
    """Something that can take one training step and show its weights."""

    name: str

    def step(self) -> float: ...
    def weights(self) -> list[float]: ...


# ----------------------------------------------------------------------
# micrograd 0.1.0
# ----------------------------------------------------------------------


class MicrogradContender:
    """micrograd 0.1.0 (PyPI) running its own demo step from the given weights."""

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
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = ALPHA * sum(p * p for p in model.parameters())
        total = data_loss + reg_loss
        model.zero_grad()
        total.backward()
        for p in model.parameters():
            p.data -= LEARNING_RATE * p.grad
        return float(total.data)

    def weights(self) -> list[float]:
        return [float(p.data) for p in self.model.parameters()]


# ----------------------------------------------------------------------
# Our engine, interpreted: the graph is rebuilt and walked every step
# ----------------------------------------------------------------------


class EngineContender:
    """Our engine building the demo's graph every step.

    `one_sum_node=False` builds micrograd's graph (chains of + per neuron and for
    the loss sums); `one_sum_node=True` uses one `sum_values` node per neuron and
    per sum, as `nn` does. `loss()` builds the graph and `update()` takes the SGD
    step and zeroes the gradients, so `autograd.compile` can trace `loss`.
    """

    def __init__(
        self,
        weights: Weights,
        points: list[list[float]],
        labels: list[float],
        *,
        one_sum_node: bool,
        name: str,
    ) -> None:
        self.layers = [
            [([Value(x) for x in w], Value(b)) for w, b in layer_weights]
            for layer_weights in weights
        ]
        self.parameters = [p for layer in self.layers for w, b in layer for p in (*w, b)]
        self.points, self.labels = points, labels
        self.one_sum_node = one_sum_node
        self.name = name

    def model(self, x: list[Value]) -> Value:
        last = len(self.layers) - 1
        activations = x
        for index, layer in enumerate(self.layers):
            outputs = []
            for w, b in layer:
                if self.one_sum_node:
                    z = sum_values([*[wi * xi for wi, xi in zip(w, activations)], b])
                else:
                    z = sum((wi * xi for wi, xi in zip(w, activations)), b)
                outputs.append(z.relu() if index != last else z)
            activations = outputs
        return activations[0]

    def loss(self) -> Value:
        inputs = [[Value(v) for v in row] for row in self.points]
        scores = [self.model(x) for x in inputs]
        losses = [(1 + -y * score).relu() for y, score in zip(self.labels, scores)]
        if self.one_sum_node:
            data_loss = sum_values(losses) * (1.0 / len(losses))
            reg_loss = ALPHA * sum_values([p * p for p in self.parameters])
        else:  # builtin sum from 0, as micrograd's demo does: a chain of + nodes
            loss_sum = sum(losses)
            square_sum = sum(p * p for p in self.parameters)
            assert isinstance(loss_sum, Value) and isinstance(square_sum, Value)
            data_loss = loss_sum * (1.0 / len(losses))
            reg_loss = ALPHA * square_sum
        return data_loss + reg_loss

    def update(self) -> None:
        for p in self.parameters:
            p.data -= LEARNING_RATE * p.grad
            p.grad = 0.0

    def step(self) -> float:
        total = self.loss()
        total.backward()
        self.update()
        return total.data

    def weights(self) -> list[float]:
        return [p.data for p in self.parameters]


# ----------------------------------------------------------------------
# The same arithmetic by hand on plain floats (the ceiling)
# ----------------------------------------------------------------------


class CompiledContender(EngineContender):
    """The same graph traced once by `autograd.compile`; each step replays the generated program."""

    def __init__(
        self,
        weights: Weights,
        points: list[list[float]],
        labels: list[float],
        *,
        name: str = "autograd.compile replay",
    ) -> None:
        super().__init__(weights, points, labels, one_sum_node=True, name=name)
        start = time.perf_counter()
        self.compiled = autograd.compile(self.loss, self.parameters)
        self.compile_seconds = time.perf_counter() - start

    def step(self) -> float:
        loss = self.compiled()
        self.update()
        return loss


class HandWrittenContender:
    """The demo step written by hand on plain floats, with loops (the ceiling).

    Sums use `math.fsum`, as `sum_values` does; like any hand-written program it
    skips the backward work of inactive hinges and dead relus (their gradient is 0).
    """

    name = "hand-written plain floats"

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
        # L2 gradient 2 alpha p, then the SGD update p -= lr * grad
        for layer, grads in ((w1, g1), (w2, g2), (w3, [g3])):
            for w, g in zip(layer, grads):
                for i in range(len(w)):
                    w[i] -= LEARNING_RATE * (g[i] + ALPHA * 2.0 * w[i])
        for bs, bias_grads in ((b1, gb1), (b2, gb2), (b3, [gb3])):
            for i in range(len(bs)):
                bs[i] -= LEARNING_RATE * (bias_grads[i] + ALPHA * 2.0 * bs[i])
        return total

    def weights(self) -> list[float]:
        return [
            p
            for layer_w, layer_b in zip(self.w, self.b)
            for w, b in zip(layer_w, layer_b)
            for p in (*w, b)
        ]


# ----------------------------------------------------------------------
# Honesty checks and timing
# ----------------------------------------------------------------------


def check_first_step(contenders: Sequence[Contender]) -> list[float]:
    """Take one step with each contender; assert the same loss and updated weights (1e-9).

    The first contender is the reference. Returns the first-step losses in order.
    """
    losses: list[float] = []
    reference_weights: list[float] = []
    for contender in contenders:
        loss = contender.step()
        weights = contender.weights()
        if not losses:
            reference_weights = weights
        else:
            assert math.isclose(loss, losses[0], rel_tol=1e-9, abs_tol=1e-12), (
                f"{contender.name}: first loss {loss!r} != {losses[0]!r}"
            )
            assert len(weights) == len(reference_weights), contender.name
            for mine, theirs in zip(weights, reference_weights):
                assert math.isclose(mine, theirs, rel_tol=1e-9, abs_tol=1e-12), contender.name
        losses.append(loss)
    return losses


def assert_in_lockstep(contenders: Sequence[Contender]) -> None:
    """Assert that the contenders' weights still agree (1e-6) after the timed steps."""
    reference = contenders[0].weights()
    for contender in contenders[1:]:
        weights = contender.weights()
        assert len(weights) == len(reference), contender.name
        assert all(
            math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) for a, b in zip(weights, reference)
        ), f"{contender.name}: weights drifted from {contenders[0].name}'s"


@dataclass(frozen=True)
class Timing:
    """Seconds per step of one contender: the fastest run and the median run."""

    best: float
    median: float


def time_alternating(contenders: Sequence[Contender], repeats: int) -> dict[str, Timing]:
    """Time `repeats` steps of each contender, alternating them, `gc.collect()` before each run."""
    runs: dict[str, list[float]] = {contender.name: [] for contender in contenders}
    for _ in range(repeats):
        for contender in contenders:  # alternate the contenders
            gc.collect()
            start = time.perf_counter()
            contender.step()
            runs[contender.name].append(time.perf_counter() - start)
    return {
        name: Timing(best=min(seconds), median=statistics.median(seconds))
        for name, seconds in runs.items()
    }
