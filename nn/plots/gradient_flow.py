"""Gradient flow: how large each layer's gradients are, step by step, while a network trains.

`layer_gradient_means` records mean |∂L/∂w| per layer after one `loss.backward()`;
`plot_gradient_flow` draws those records as one line per layer on a log scale. With sigmoid
activations the early layers' lines sit far below the last layer's (σ'(z) ≤ 1/4 at every layer:
vanishing gradients); with ReLU they stay together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from autograd.i18n import _
from autograd.viz.notation import lecture_number
from nn.plots.common import NetworkLike, figure_and_axes

__all__ = ["layer_gradient_means", "plot_gradient_flow"]


def layer_gradient_means(network: NetworkLike) -> list[float]:
    """Mean |∂L/∂w| over the weights and biases of each layer (call after `loss.backward()`).

    Record it once per training step and plot the records with `plot_gradient_flow`: with
    sigmoid activations the early layers' values fade (σ'(z) ≤ 1/4 at every layer), with ReLU
    they do not.
    """
    means = []
    for layer in network.layers:
        parameters = layer.parameters()
        means.append(math.fsum(abs(p.grad) for p in parameters) / max(len(parameters), 1))
    return means


def plot_gradient_flow(
    records: Sequence[Sequence[float]],
    *,
    ax: Axes | None = None,
    title: str | None = None,
    layer_names: Sequence[str] | None = None,
) -> Figure:
    """One line per layer: its mean |gradient| at every training step (log scale).

    `records[step][layer]` is what `layer_gradient_means` returned at that step.
    """
    if not records:
        raise ValueError("plot_gradient_flow: no records to plot")
    array = np.asarray(records, dtype=float)
    if array.ndim != 2:
        raise ValueError("plot_gradient_flow: records must be a list of per-layer lists")
    figure, axes = figure_and_axes(ax, (6.0, 3.5))
    layer_count = array.shape[1]
    names = (
        list(layer_names)
        if layer_names is not None
        else [  # counted from 1 as the lecture and the drawings: "layer 1" is the first
            _("layer {number}").format(number=lecture_number(i)) for i in range(layer_count)
        ]
    )
    colors = matplotlib.colormaps["viridis"](np.linspace(0.0, 0.9, layer_count))
    steps = np.arange(len(array))
    for layer_index in range(layer_count):
        axes.plot(
            steps,
            np.maximum(array[:, layer_index], 1e-300),
            color=colors[layer_index],
            linewidth=1.8,
            label=names[layer_index],
        )
    axes.set_yscale("log")
    axes.set_xlabel(_("training step"))
    axes.set_ylabel(_("mean |∂L/∂w| in the layer"))
    axes.legend(fontsize=8)
    axes.grid(True, alpha=0.3, which="both")
    if title is not None:
        axes.set_title(title)
    return figure
