"""The network diagram, as TensorFlow Playground draws it: neurons as circles, weights as lines.

`plot_network` reads the model's structure (`layers`, their `neurons`, each with weights `w`),
draws one line per weight, blue if positive and orange if negative, thicker the larger it is
(or its gradient, with `show="grad"`). Given the data's `points`, every input and neuron also
carries a thumbnail: its output over the input plane, computed through the engine on a grid.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from autograd import Value
from autograd.i18n import _
from autograd.viz.notation import input_name, lecture_number
from nn.plots.common import (
    CLASS_COLORS,
    NEGATIVE_COLOR,
    PLAYGROUND_CMAP,
    POSITIVE_COLOR,
    NetworkLike,
    Point,
    as_outputs,
    class_index,
    figure_and_axes,
    grid,
    padded_bounds,
)

__all__ = ["plot_network"]


def _layer_outputs_over_grid(
    network: NetworkLike, grid_x: np.ndarray, grid_y: np.ndarray
) -> list[list[np.ndarray]]:
    """For every layer and neuron, the neuron's output at every grid point (as images)."""
    layer_count = len(network.layers)
    images: list[list[list[float]]] = [
        [[] for _neuron in layer.neurons] for layer in network.layers
    ]
    for x, y in zip(grid_x.ravel(), grid_y.ravel()):
        activations: list[Value] = [Value(float(x)), Value(float(y))]
        for layer_index in range(layer_count):
            activations = as_outputs(network.layers[layer_index](activations))
            for neuron_index, output in enumerate(activations):
                images[layer_index][neuron_index].append(output.data)
    return [[np.asarray(values).reshape(grid_x.shape) for values in layer] for layer in images]


def plot_network(
    network: NetworkLike,
    *,
    show: str = "weight",
    points: Sequence[Point] | None = None,
    labels: Sequence[float] | None = None,
    resolution: int = 24,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """The network as TensorFlow Playground draws it: neurons as circles, weights as edges.

    Every weight is one line from an input (left) to a neuron (right), blue if positive and
    orange if negative, thicker the larger its magnitude. `show="grad"` draws each weight's
    current gradient instead (after `loss.backward()`). Given `points` (the data, for the
    extent of the plane) the inputs and every neuron carry a thumbnail: the neuron's output
    over the input plane, blue where positive, orange where negative (the data drawn on the
    output neuron's thumbnail when `labels` are given). Needs a network with 2 inputs for
    thumbnails; any width otherwise.
    """
    if show not in ("weight", "grad"):
        raise ValueError(f"plot_network: show must be 'weight' or 'grad', got {show!r}")
    layers = list(network.layers)
    if not layers:
        raise ValueError("plot_network: the network has no layers")
    input_count = len(layers[0].neurons[0].w)
    widths = [input_count] + [len(layer.neurons) for layer in layers]
    tallest = max(widths)
    figure, axes = figure_and_axes(ax, (1.9 * len(widths) + 1.0, max(3.0, 0.75 * tallest + 1.2)))

    def position(column: int, row: int) -> tuple[float, float]:
        offset = (tallest - widths[column]) / 2.0
        return 2.0 * column, -(offset + row)

    # Edges first (underneath the circles): one line per weight.
    magnitudes = [
        abs(weight.grad if show == "grad" else weight.data)
        for layer in layers
        for neuron in layer.neurons
        for weight in neuron.w
    ]
    largest = max(magnitudes) or 1.0
    for layer_index, layer in enumerate(layers):
        for neuron_index, neuron in enumerate(layer.neurons):
            end = position(layer_index + 1, neuron_index)
            for input_index, weight in enumerate(neuron.w):
                amount = weight.grad if show == "grad" else weight.data
                start = position(layer_index, input_index)
                axes.add_line(
                    Line2D(
                        [start[0], end[0]],
                        [start[1], end[1]],
                        color=POSITIVE_COLOR if amount >= 0 else NEGATIVE_COLOR,
                        linewidth=0.3 + 3.7 * abs(amount) / largest,
                        alpha=0.85,
                        zorder=1,
                        gid=f"{show} {layer_index}.{neuron_index}.{input_index}",
                    )
                )

    images: list[list[np.ndarray]] | None = None
    extent: tuple[float, float, float, float] | None = None
    grid_x = grid_y = None
    if points is not None:
        if input_count != 2:
            raise ValueError(
                f"plot_network: thumbnails need a network with 2 inputs, this one has {input_count}"
            )
        extent = padded_bounds(points, margin=0.1)
        grid_x, grid_y = grid(extent, resolution)
        images = [[grid_x, grid_y], *_layer_outputs_over_grid(network, grid_x, grid_y)]

    shapes: dict[tuple[int, int], Circle | Rectangle] = {}
    for column, width in enumerate(widths):
        for row in range(width):
            center_x, center_y = position(column, row)
            # The output neuron of a one-output network is drawn larger: it carries the answer.
            radius = 0.55 if column == len(widths) - 1 and width == 1 else 0.36
            if column == 0:
                shape: Circle | Rectangle = Rectangle(
                    (center_x - radius, center_y - radius),
                    2 * radius,
                    2 * radius,
                    facecolor="white",
                    edgecolor="#444444",
                    linewidth=1.2,
                    zorder=2,
                    gid=f"input {row}",
                )
            else:
                shape = Circle(
                    (center_x, center_y),
                    radius,
                    facecolor="white",
                    edgecolor="#444444",
                    linewidth=1.2,
                    zorder=2,
                    gid=f"neuron {column - 1}.{row}",
                )
            axes.add_patch(shape)
            shapes[column, row] = shape
            if images is not None:
                image = images[column][row]
                limit = float(np.max(np.abs(image))) or 1.0
                picture = axes.imshow(
                    image,
                    origin="lower",
                    cmap=PLAYGROUND_CMAP,
                    vmin=-limit,
                    vmax=limit,
                    extent=(
                        center_x - radius,
                        center_x + radius,
                        center_y - radius,
                        center_y + radius,
                    ),
                    zorder=3,
                    interpolation="bilinear",
                )
                picture.set_clip_path(shape)
            name = input_name(None, row).text if column == 0 else ""  # x₁, x₂: from 1
            if name:
                axes.text(
                    center_x - radius - 0.12, center_y, name, ha="right", va="center", fontsize=11
                )
    if images is not None and labels is not None and extent is not None:
        # The data, scaled into the output neuron's thumbnail.
        _classes, class_of_point = class_index(labels)
        out_x, out_y = position(len(widths) - 1, 0)
        radius = 0.55 if widths[-1] == 1 else 0.36
        array = np.asarray(points, dtype=float)
        scaled_x = out_x - radius + 2 * radius * (array[:, 0] - extent[0]) / (extent[1] - extent[0])
        scaled_y = out_y - radius + 2 * radius * (array[:, 1] - extent[2]) / (extent[3] - extent[2])
        dots: PathCollection = axes.scatter(
            scaled_x,
            scaled_y,
            s=4.0,
            zorder=4,
            c=[CLASS_COLORS[i % len(CLASS_COLORS)] for i in class_of_point],
        )
        dots.set_clip_path(shapes[len(widths) - 1, 0])

    for column in range(len(widths)):
        heading = (
            _("input")
            if column == 0
            else (
                _("output")
                if column == len(widths) - 1
                else _("hidden {number}").format(number=lecture_number(column - 1))
            )
        )
        axes.text(2.0 * column, 0.75, heading, ha="center", va="bottom", fontsize=10)
    legend = (
        _("edges: gradient ∂L/∂w, blue > 0, orange < 0, width ∝ |∂L/∂w|")
        if show == "grad"
        else _("edges: weight, blue > 0, orange < 0, width ∝ |w|")
    )
    axes.text(
        0.0,
        -tallest + 0.15,
        legend,
        fontsize=8,
        color="#555555",
        va="top",
    )
    axes.set_xlim(-0.9, 2.0 * (len(widths) - 1) + 0.9)
    axes.set_ylim(-tallest - 0.2, 1.25)
    axes.set_aspect("equal")
    axes.axis("off")
    if title is not None:
        axes.set_title(title)
    return figure
