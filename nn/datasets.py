"""The classic 2-D teaching datasets, small, seeded and reproducible.

Each generator returns a `Dataset(points, labels)` (a named tuple, so
`points, labels = moons(100, seed=1)` works): `points` is a list of `[x, y]`
lists of floats and `labels` a list of ints 0, 1, ... . They use only a
`random.Random` (an int seed, a generator, or None for a fresh one) and follow
the shapes scikit-learn's generators draw, without depending on it:

- `moons`: two interleaving half circles (micrograd's demo data);
- `circles`: a small circle inside a big one;
- `xor`: four clusters, opposite corners share a label;
- `spiral`: `classes` interleaved spiral arms (CS231n's spiral);
- `blobs`: Gaussian clusters around `centers` points;
- `linear`: two classes on either side of a line.

Every dataset is shuffled, so a slice is a fair sample of all classes.
"""

from __future__ import annotations

import math
import random
from typing import NamedTuple

from nn.init import make_rng

__all__ = ["Dataset", "blobs", "circles", "linear", "moons", "spiral", "xor"]

Seed = int | random.Random | None


class Dataset(NamedTuple):
    """`points` (a list of [x, y]) and their integer class `labels`, in the same order."""

    points: list[list[float]]
    labels: list[int]


def _check_count(n: object, where: str, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum:
        raise ValueError(f"{where}: expected an int of at least {minimum}, got {n!r}")
    return n


def _check_noise(noise: object, where: str) -> float:
    if (
        isinstance(noise, bool)
        or not isinstance(noise, (int, float))
        or not math.isfinite(noise)
        or noise < 0
    ):
        raise ValueError(f"{where}: noise must be a finite number >= 0, got {noise!r}")
    return float(noise)


def _shuffled(points: list[list[float]], labels: list[int], rng: random.Random) -> Dataset:
    order = list(range(len(points)))
    rng.shuffle(order)
    return Dataset([points[i] for i in order], [labels[i] for i in order])


def _jitter(rng: random.Random, noise: float) -> float:
    return rng.gauss(0.0, noise) if noise > 0 else 0.0


def moons(n: int = 100, noise: float = 0.1, seed: Seed = None) -> Dataset:
    """Two interleaving half circles: label 0 on top (cos t, sin t), label 1 below (1 - cos t, 0.5 - sin t)."""
    _check_count(n, "moons: n", 2)
    noise = _check_noise(noise, "moons")
    rng = make_rng(seed)
    n_top = n // 2
    n_bottom = n - n_top
    points: list[list[float]] = []
    labels: list[int] = []
    for i in range(n_top):
        t = math.pi * i / max(n_top - 1, 1)
        points.append([math.cos(t) + _jitter(rng, noise), math.sin(t) + _jitter(rng, noise)])
        labels.append(0)
    for i in range(n_bottom):
        t = math.pi * i / max(n_bottom - 1, 1)
        points.append(
            [1.0 - math.cos(t) + _jitter(rng, noise), 0.5 - math.sin(t) + _jitter(rng, noise)]
        )
        labels.append(1)
    return _shuffled(points, labels, rng)


def circles(n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: Seed = None) -> Dataset:
    """Label 0 on the unit circle, label 1 on a circle of radius `factor` (0 < factor < 1)."""
    _check_count(n, "circles: n", 2)
    noise = _check_noise(noise, "circles")
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0 < factor < 1:
        raise ValueError(f"circles: factor must be a number in (0, 1), got {factor!r}")
    rng = make_rng(seed)
    n_outer = n // 2
    points: list[list[float]] = []
    labels: list[int] = []
    for label, count, radius in ((0, n_outer, 1.0), (1, n - n_outer, float(factor))):
        for i in range(count):
            t = 2 * math.pi * i / count
            points.append(
                [
                    radius * math.cos(t) + _jitter(rng, noise),
                    radius * math.sin(t) + _jitter(rng, noise),
                ]
            )
            labels.append(label)
    return _shuffled(points, labels, rng)


def xor(n: int = 100, noise: float = 0.1, seed: Seed = None) -> Dataset:
    """Points around the corners (±1, ±1): label 1 where x and y have different signs."""
    _check_count(n, "xor: n", 4)
    noise = _check_noise(noise, "xor")
    rng = make_rng(seed)
    corners = [(-1.0, -1.0, 0), (1.0, 1.0, 0), (-1.0, 1.0, 1), (1.0, -1.0, 1)]
    points: list[list[float]] = []
    labels: list[int] = []
    for i in range(n):
        x, y, label = corners[i % 4]
        points.append([x + _jitter(rng, noise), y + _jitter(rng, noise)])
        labels.append(label)
    return _shuffled(points, labels, rng)


def spiral(n: int = 100, classes: int = 2, noise: float = 0.1, seed: Seed = None) -> Dataset:
    """`classes` spiral arms of n // classes points each (the remainder goes to the first arms).

    Arm k: radius r from 0 to 1, angle 4 r + 2 pi k / classes (plus noise on the angle).
    """
    _check_count(n, "spiral: n", 2)
    _check_count(classes, "spiral: classes", 2)
    noise = _check_noise(noise, "spiral")
    rng = make_rng(seed)
    points: list[list[float]] = []
    labels: list[int] = []
    for label in range(classes):
        count = n // classes + (1 if label < n % classes else 0)
        for i in range(count):
            radius = (i + 1) / count
            angle = 4.0 * radius + 2 * math.pi * label / classes + _jitter(rng, noise)
            points.append([radius * math.sin(angle), radius * math.cos(angle)])
            labels.append(label)
    return _shuffled(points, labels, rng)


def blobs(
    n: int = 100, centers: int = 3, std: float = 0.5, spread: float = 3.0, seed: Seed = None
) -> Dataset:
    """`centers` Gaussian clusters (standard deviation `std`) placed evenly on a circle of radius `spread`."""
    _check_count(n, "blobs: n", 1)
    _check_count(centers, "blobs: centers", 1)
    std = _check_noise(std, "blobs (std)")
    rng = make_rng(seed)
    points: list[list[float]] = []
    labels: list[int] = []
    for i in range(n):
        label = i % centers
        angle = 2 * math.pi * label / centers
        points.append(
            [
                spread * math.cos(angle) + _jitter(rng, std),
                spread * math.sin(angle) + _jitter(rng, std),
            ]
        )
        labels.append(label)
    return _shuffled(points, labels, rng)


def linear(n: int = 100, margin: float = 0.1, seed: Seed = None) -> Dataset:
    """Uniform points in [-1, 1]^2 labelled 1 above the line y = 0.5 x + 0.1, else 0.

    Points closer to the line than `margin` (vertically) are redrawn, so the two
    classes are linearly separable with a gap: logistic regression reaches 100%.
    """
    _check_count(n, "linear: n", 1)
    margin = _check_noise(margin, "linear (margin)")
    if margin >= 0.5:
        raise ValueError(f"linear: margin must be below 0.5, got {margin!r}")
    rng = make_rng(seed)
    points: list[list[float]] = []
    labels: list[int] = []
    while len(points) < n:
        x, y = rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0)
        gap = y - (0.5 * x + 0.1)
        if abs(gap) < margin:
            continue
        points.append([x, y])
        labels.append(1 if gap > 0 else 0)
    return _shuffled(points, labels, rng)
