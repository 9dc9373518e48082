"""Engine benchmark: speed against micrograd 0.1.0, memory per node, and graphs at scale.

Run:  python benchmarks/bench_engine.py          (about a minute)
      python benchmarks/bench_engine.py --quick  (fewer repeats)

Speed: one training step of micrograd's demo (MLP(2, [16, 16, 1]) with relu,
max-margin loss mean((1 - y * score).relu()) + 1e-4 * sum(p * p), 100 "moons"
points, forward + backward + SGD update) for four contenders that start from
the same weights: micrograd (PyPI 0.1.0), our engine building the identical
graph (chains of + per neuron), our engine with one `sum_values` node per
neuron (what `nn` does), and a hand-written plain-float program (the ceiling).
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
import itertools
import math
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Protocol

import micrograd.nn as micrograd_nn  # type: ignore[import-untyped]
from micrograd.engine import Value as MicroValue  # type: ignore[import-untyped]

from autograd import Value, sum_values

__all__ = ["main"]

SIZES = [2, 16, 16, 1]
ALPHA = 1e-4
LEARNING_RATE = 0.5

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
    rng = random.Random(seed)
    return [
        [([rng.uniform(-1.0, 1.0) for _ in range(n_in)], 0.0) for _ in range(n_out)]
        for n_in, n_out in itertools.pairwise(SIZES)
    ]


# ----------------------------------------------------------------------
# Contender 1: micrograd 0.1.0
# ----------------------------------------------------------------------


class MicrogradContender:
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
        return [p.data for p in self.model.parameters()]


# ----------------------------------------------------------------------
# Contenders 2 and 3: our engine, same graph / one sum node per neuron
# ----------------------------------------------------------------------


class OursContender:
    def __init__(
        self,
        weights: Weights,
        points: list[list[float]],
        labels: list[float],
        one_sum_node: bool,
    ) -> None:
        self.layers = [
            [([Value(x) for x in w], Value(b)) for w, b in layer_weights]
            for layer_weights in weights
        ]
        self.parameters = [p for layer in self.layers for w, b in layer for p in (*w, b)]
        self.points, self.labels = points, labels
        self.one_sum_node = one_sum_node
        self.name = "ours, sum_values per neuron" if one_sum_node else "ours, same graph"

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

    def step(self) -> float:
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
        total = data_loss + reg_loss
        for p in self.parameters:
            p.grad = 0.0
        total.backward()
        for p in self.parameters:
            p.data -= LEARNING_RATE * p.grad
        return total.data

    def weights(self) -> list[float]:
        return [p.data for p in self.parameters]


# ----------------------------------------------------------------------
# Contender 4: the same arithmetic by hand on plain floats (the ceiling)
# ----------------------------------------------------------------------


class PlainFloatContender:
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
        data_loss = 0.0
        for (x0, x1), y in zip(self.points, self.labels):
            # forward
            h1 = [b + w[0] * x0 + w[1] * x1 for w, b in zip(w1, b1)]
            h1 = [h if h > 0.0 else 0.0 for h in h1]
            h2 = []
            for w, b in zip(w2, b2):
                z = b
                for wi, hi in zip(w, h1):
                    z += wi * hi
                h2.append(z if z > 0.0 else 0.0)
            score = b3[0]
            for wi, hi in zip(w3_row, h2):
                score += wi * hi
            margin = 1.0 - y * score
            # The same arithmetic as the graph: no shortcut for zero gradients.
            if margin > 0.0:
                data_loss += margin
            # backward: d(loss)/d(score) = -y / n where the margin is active, else 0
            d_score = -y / n if margin > 0.0 else 0.0
            gb3 += d_score
            d_h2 = []
            for j, hj in enumerate(h2):
                g3[j] += d_score * hj
                d_h2.append(d_score * w3_row[j] if hj > 0.0 else 0.0)
            d_h1 = [0.0] * len(h1)
            for k, d_z in enumerate(d_h2):
                gb2[k] += d_z
                row, g_row = w2[k], g2[k]
                for j, hj in enumerate(h1):
                    g_row[j] += d_z * hj
                    d_h1[j] += d_z * row[j]
            for j, d_z in enumerate(d_h1):
                d_z = d_z if h1[j] > 0.0 else 0.0
                gb1[j] += d_z
                g1[j][0] += d_z * x0
                g1[j][1] += d_z * x1
        squares = 0.0
        for layer_w, layer_b in zip(self.w, self.b):
            for w, b in zip(layer_w, layer_b):
                for wi in w:
                    squares += wi * wi
                squares += b * b
        total = data_loss / n + ALPHA * squares
        # L2 gradient 2 alpha p, then the SGD update p -= lr * grad
        for layer_w, layer_b, grads_w, grads_b in zip(
            self.w, self.b, (g1, g2, [g3]), (gb1, gb2, [gb3])
        ):
            for w, g_w in zip(layer_w, grads_w):
                for i, wi in enumerate(w):
                    w[i] = wi - LEARNING_RATE * (g_w[i] + 2.0 * ALPHA * wi)
            for j, b in enumerate(layer_b):
                layer_b[j] = b - LEARNING_RATE * (grads_b[j] + 2.0 * ALPHA * b)
        return total

    def weights(self) -> list[float]:
        return [
            p
            for layer_w, layer_b in zip(self.w, self.b)
            for w, b in zip(layer_w, layer_b)
            for p in (*w, b)
        ]


# ----------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------


class Contender(Protocol):
    name: str

    def step(self) -> float: ...
    def weights(self) -> list[float]: ...


def check_agreement(contenders: list[Contender]) -> None:
    """Assert that every contender computes the same loss and update as micrograd."""
    reference_loss = contenders[0].step()
    reference_weights = contenders[0].weights()
    for contender in contenders[1:]:
        loss = contender.step()
        assert math.isclose(loss, reference_loss, rel_tol=1e-9, abs_tol=1e-12), (
            contender.name,
            loss,
            reference_loss,
        )
        weights = contender.weights()
        assert len(weights) == len(reference_weights)
        for mine, theirs in zip(weights, reference_weights):
            assert math.isclose(mine, theirs, rel_tol=1e-9, abs_tol=1e-12), contender.name
    print(f"first-step loss {reference_loss:.12f}: identical (1e-9) for all {len(contenders)}")
    print(f"updated weights after step 1: identical (1e-9) for all {len(reference_weights)}\n")


def bench_speed(repeats: int) -> None:
    points, labels = make_moons(100, seed=1)
    weights = initial_weights(seed=1337)
    contenders: list[Contender] = [
        MicrogradContender(weights, points, labels),
        OursContender(weights, points, labels, one_sum_node=False),
        OursContender(weights, points, labels, one_sum_node=True),
        PlainFloatContender(weights, points, labels),
    ]
    print("== Speed: one training step of micrograd's demo (MLP(2,[16,16,1]), 100 moons) ==")
    check_agreement(contenders)
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(repeats):
        for contender in contenders:  # alternate the contenders
            gc.collect()
            start = time.perf_counter()
            contender.step()
            times[contender.name].append(time.perf_counter() - start)
    final = [c.weights() for c in contenders]
    for weights_after in final[1:]:  # still in lockstep after every timed step
        assert all(
            math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) for a, b in zip(weights_after, final[0])
        )
    base_min = min(times[contenders[0].name])
    base_median = statistics.median(times[contenders[0].name])
    print(
        f"{'contender':<30} {'min ms':>9} {'median ms':>10} {'x micrograd (min)':>18} {'(median)':>9}"
    )
    for contender in contenders:
        run = times[contender.name]
        best, middle = min(run), statistics.median(run)
        print(
            f"{contender.name:<30} {best * 1e3:>9.2f} {middle * 1e3:>10.2f} "
            f"{base_min / best:>17.1f}x {base_median / middle:>8.1f}x"
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
