"""Decision boundaries and training curves: what the model answers over the plane, and how it learned.

`plot_decision_boundary` evaluates the model through the engine on a grid over the data and
colours each point of the plane by the class the model picks there (micrograd's demo figure):
one output is a score whose sign is the class, several outputs pick the largest score (argmax).
`plot_history` draws the loss per epoch (log scale when positive) and, on a second axis, the
accuracy, from the history `nn.fit` returns or any mapping with those lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from autograd.i18n import _
from autograd.viz.notation import input_name
from nn.batched_fit import predict
from nn.plots.common import (
    CLASS_COLORS,
    PLAYGROUND_CMAP,
    POSITIVE_COLOR,
    Model,
    Point,
    class_index,
    figure_and_axes,
    grid,
    padded_bounds,
)

__all__ = ["plot_decision_boundary", "plot_history"]


def plot_decision_boundary(
    model: Model,
    points: Sequence[Point],
    labels: Sequence[float],
    *,
    resolution: int = 40,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """The model's decision regions over the plane, with the data on top (micrograd's demo figure).

    A model with one output scores each grid point; the region where the score is > 0 is the
    positive class (labels +1 or 1), drawn blue, and the line score = 0 is the boundary. A model
    with several outputs colours each point by the class with the largest score (argmax).
    The model is evaluated on a `resolution` x `resolution` grid (for nn's own models in one
    batched replay, `nn.batched_fit.predict`).
    """
    if len(points) != len(labels):
        raise ValueError(f"plot_decision_boundary: {len(points)} points but {len(labels)} labels")
    figure, axes = figure_and_axes(ax, (5.0, 4.5))
    bounds = padded_bounds(points)
    grid_x, grid_y = grid(bounds, resolution)
    # all grid points in one batched replay for nn's own models (nn.batched_fit.predict)
    scores = predict(model, np.column_stack([grid_x.ravel(), grid_y.ravel()]).tolist())
    _classes, class_of_point = class_index(labels)
    array = np.asarray(points, dtype=float)
    width = len(scores[0])
    if width == 1:
        score = np.array([row[0] for row in scores]).reshape(grid_x.shape)
        limit = float(np.max(np.abs(score))) or 1.0
        axes.contourf(
            grid_x,
            grid_y,
            np.clip(score, -limit, limit),
            levels=20,
            cmap=PLAYGROUND_CMAP,
            vmin=-limit,
            vmax=limit,
            alpha=0.55,
        )
        axes.contour(grid_x, grid_y, score, levels=[0.0], colors="black", linewidths=1.5)
        point_colors = [CLASS_COLORS[0] if i == 0 else CLASS_COLORS[1] for i in class_of_point]
    else:
        # Class k wins where its margin s_k - max_{j != k} s_j is positive: one smooth region each.
        table = np.array(scores)
        for k in range(width):
            others = np.delete(table, k, axis=1).max(axis=1)
            margin = (table[:, k] - others).reshape(grid_x.shape)
            if margin.max() <= 0:
                continue  # this class wins nowhere on the grid
            color = CLASS_COLORS[k % len(CLASS_COLORS)]
            axes.contourf(
                grid_x,
                grid_y,
                margin,
                levels=[0.0, float(margin.max()) + 1.0],
                colors=[color],
                alpha=0.35,
            )
            axes.contour(grid_x, grid_y, margin, levels=[0.0], colors="black", linewidths=1.0)
        point_colors = [CLASS_COLORS[i % len(CLASS_COLORS)] for i in class_of_point]
    axes.scatter(array[:, 0], array[:, 1], c=point_colors, s=22, edgecolors="black", linewidths=0.6)
    axes.set_xlim(bounds[0], bounds[1])
    axes.set_ylim(bounds[2], bounds[3])
    axes.set_aspect("equal")
    axes.set_xlabel(input_name(None, 0).text)  # x₁: inputs counted from 1, as the lecture
    axes.set_ylabel(input_name(None, 1).text)  # x₂
    if title is not None:
        axes.set_title(title)
    return figure


def plot_history(history: Any, *, ax: Axes | None = None, title: str | None = None) -> Figure:
    """Loss (left axis, log scale if positive) and accuracy (right axis) per epoch.

    `history` holds per-epoch lists under "loss" and "accuracy" (a mapping, or an object with
    those attributes, such as the history `nn.fit` returns); accuracy is optional.
    """
    loss = _history_series(history, "loss")
    if not loss:
        raise ValueError("plot_history: the history has no per-epoch 'loss' values")
    accuracy = _history_series(history, "accuracy")
    figure, axes = figure_and_axes(ax, (6.0, 3.5))
    epochs = list(range(1, len(loss) + 1))
    axes.plot(epochs, loss, color="#d62728", linewidth=2, label=_("loss"))
    if min(loss) > 0:
        axes.set_yscale("log")
    axes.set_xlabel(_("epoch"))
    axes.set_ylabel(_("loss"), color="#d62728")
    handles = axes.get_legend_handles_labels()[0]
    if accuracy:
        right = axes.twinx()
        right.plot(
            epochs[: len(accuracy)],
            accuracy,
            color=POSITIVE_COLOR,
            linewidth=2,
            label=_("accuracy"),
        )
        right.set_ylim(0.0, 1.05)
        right.set_ylabel(_("accuracy"), color=POSITIVE_COLOR)
        handles += right.get_legend_handles_labels()[0]
    axes.legend(handles=handles, loc="center right")
    axes.grid(True, alpha=0.3)
    if title is not None:
        axes.set_title(title)
    return figure


def _history_series(history: Any, name: str) -> list[float] | None:
    """history[name] or history.name as a list of floats; None if it has no such series."""
    series = history.get(name) if isinstance(history, Mapping) else getattr(history, name, None)
    if series is None:
        return None
    return [float(x) for x in series]
