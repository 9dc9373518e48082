"""Optimizer paths: where SGD, momentum, RMSprop or Adam walk on a two-parameter loss surface.

`optimizer_trajectory` runs an optimizer from `nn.optim` (or anything with `zero_grad()` and
`step()`) on `loss(x, y)` and returns the points it visits; `plot_optimizer_paths` draws the
loss's contours (computed through the engine on a grid) with one line per optimizer's path, a
star where each path ends, a square where they all start and, if given, a cross at the minimum.

The lines stay apart without colour and for colour-blind viewers: Okabe and Ito's
colour-blind-safe palette, and each line also has its own dash pattern and marker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from autograd import Value
from autograd.i18n import _
from nn.plots.common import figure_and_axes, grid, padded_bounds

__all__ = [
    "PATH_COLORS",
    "PATH_DASHES",
    "PATH_MARKERS",
    "OptimizerLike",
    "optimizer_trajectory",
    "plot_optimizer_paths",
]

# Okabe & Ito's colour-blind-safe colours (the yellow left out: too pale on white), and a dash
# pattern and marker per line, so six paths stay distinguishable in any colour vision or in grey.
PATH_COLORS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000"]
PATH_DASHES: list[str | tuple[float, tuple[float, ...]]] = [
    "-",
    "--",
    ":",
    "-.",
    (0, (6, 2, 1, 2, 1, 2)),
    (0, (1, 1)),
    (0, (8, 3)),
]
PATH_MARKERS = ["o", "s", "^", "D", "v", "P", "h"]


class OptimizerLike(Protocol):
    """What `nn.optim` optimizers offer: `zero_grad()` and `step()`."""

    def zero_grad(self) -> None: ...

    def step(self) -> None: ...


def optimizer_trajectory(
    loss: Callable[[Value, Value], Value],
    start: tuple[float, float],
    make_optimizer: Callable[[list[Value]], OptimizerLike],
    steps: int,
) -> list[tuple[float, float]]:
    """The points (x, y) an optimizer visits minimising `loss(x, y)` from `start`.

    `make_optimizer(parameters)` builds the optimizer, e.g.
    `lambda params: nn.optim.Adam(params, lr=0.1)`. Returns `steps + 1` points, start included.
    """
    x, y = Value(float(start[0]), label="x"), Value(float(start[1]), label="y")
    optimizer = make_optimizer([x, y])
    path = [(x.data, y.data)]
    for _step in range(steps):
        optimizer.zero_grad()
        loss(x, y).backward()
        optimizer.step()
        path.append((x.data, y.data))
    return path


def plot_optimizer_paths(
    loss: Callable[[Value, Value], Value],
    paths: Mapping[str, Sequence[tuple[float, float]]],
    *,
    bounds: tuple[float, float, float, float] | None = None,
    resolution: int = 80,
    ax: Axes | None = None,
    title: str | None = None,
    minimum: tuple[float, float] | None = None,
) -> Figure:
    """Contours of `loss(x, y)` with one line (and its end point) per optimizer's path.

    `paths` maps a name to the points from `optimizer_trajectory`. `bounds` is
    (x_min, x_max, y_min, y_max); by default it covers every path (and the minimum).
    `minimum`: the point to mark as the minimum (a large cross), if known.
    """
    if not paths:
        raise ValueError("plot_optimizer_paths: no paths to plot")
    figure, axes = figure_and_axes(ax, (6.5, 5.0))
    if bounds is None:
        points = [point for path in paths.values() for point in path]
        bounds = padded_bounds(points + ([minimum] if minimum else []), margin=0.15)
    grid_x, grid_y = grid(bounds, resolution)
    surface = np.array(
        [
            loss(Value(float(x)), Value(float(y))).data
            for x, y in zip(grid_x.ravel(), grid_y.ravel())
        ]
    ).reshape(grid_x.shape)
    # Levels spaced by quantiles of the surface: dense near the minimum, sparse on the walls.
    levels = np.unique(np.quantile(surface, np.linspace(0.0, 1.0, 25) ** 2))
    axes.contourf(grid_x, grid_y, surface, levels=levels, cmap="Greys", alpha=0.35)
    axes.contour(grid_x, grid_y, surface, levels=levels, colors="#888888", linewidths=0.5)
    for index, (name, path) in enumerate(paths.items()):
        array = np.asarray(path, dtype=float)
        color = PATH_COLORS[index % len(PATH_COLORS)]
        axes.plot(
            array[:, 0],
            array[:, 1],
            color=color,
            linestyle=PATH_DASHES[index % len(PATH_DASHES)],
            marker=PATH_MARKERS[index % len(PATH_MARKERS)],
            markersize=4,
            markevery=max(1, len(array) // 10),
            linewidth=2.0,
            label=name,
        )
        axes.plot(
            array[-1, 0],
            array[-1, 1],
            marker="*",
            color=color,
            markersize=12,
            markeredgecolor="black",
            linestyle="none",
        )
    first = np.asarray(next(iter(paths.values())), dtype=float)
    axes.plot(first[0, 0], first[0, 1], "ks", markersize=7, label=_("start"))
    if minimum is not None:
        axes.plot(
            minimum[0],
            minimum[1],
            marker="X",
            color="black",
            markeredgecolor="white",
            markersize=14,
            linestyle="none",
            label=_("minimum"),
            zorder=5,
        )
    axes.set_xlim(bounds[0], bounds[1])
    axes.set_ylim(bounds[2], bounds[3])
    axes.set_xlabel("x")
    axes.set_ylabel("y")
    axes.legend(fontsize=8, loc="best")
    if title is not None:
        axes.set_title(title)
    return figure
