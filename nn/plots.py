"""Training pictures: decision boundaries, loss curves, network diagrams, gradient flow, optimizer paths.

Every function draws with matplotlib and returns the `matplotlib.figure.Figure` it drew on
(pass `ax=` to draw into an axes of your own figure instead). Figures are made with
`matplotlib.figure.Figure`, not `pyplot`, so nothing here needs a display, opens a window or
calls `plt.show()`; save a figure with `fig.savefig("picture.png")`. matplotlib is imported only
by this module (users import `nn.plots` explicitly), so the engine and `nn` never need it.

Models are anything callable on a list of two numbers that returns a `Value` (a score: the
positive class where it is > 0) or a list of `Value`s (one score per class: the class with the
largest score wins). The network diagram also reads the model's structure: `model.layers`, each
with `neurons`, each with weights `w` and bias `b`, as in `nn.MLP`. Grid pictures evaluate the
model through the engine itself (a 40 x 40 grid of a 2-16-16-1 MLP takes about 0.2 s), so what
you see is exactly what the model computes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from autograd import Value

__all__ = [
    "NEGATIVE_COLOR",
    "POSITIVE_COLOR",
    "layer_gradient_means",
    "optimizer_trajectory",
    "plot_decision_boundary",
    "plot_gradient_flow",
    "plot_history",
    "plot_network",
    "plot_optimizer_paths",
]

# TensorFlow Playground's colours: blue for positive, orange for negative.
POSITIVE_COLOR = "#0877bd"
NEGATIVE_COLOR = "#f59322"
_PLAYGROUND_CMAP = LinearSegmentedColormap.from_list(
    "playground", [NEGATIVE_COLOR, "#f7f7f7", POSITIVE_COLOR]
)
_CLASS_COLORS = [NEGATIVE_COLOR, POSITIVE_COLOR, "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

Point = Sequence[float]
Model = Callable[[list[float]], Any]  # returns a Value (binary score) or a list of Values


class NeuronLike(Protocol):
    """A neuron as `nn.Neuron` has it: weights `w` (one per input) and a bias `b`."""

    @property
    def w(self) -> Sequence[Value]: ...

    @property
    def b(self) -> Value: ...


class LayerLike(Protocol):
    """A layer as `nn.Layer` has it: its `neurons`, and calling it on inputs gives outputs."""

    @property
    def neurons(self) -> Sequence[NeuronLike]: ...

    def __call__(self, inputs: list[Value]) -> Any: ...

    def parameters(self) -> list[Value]: ...


class NetworkLike(Protocol):
    """A network as `nn.MLP` has it: a list of `layers`."""

    @property
    def layers(self) -> Sequence[LayerLike]: ...


class OptimizerLike(Protocol):
    """What `nn.optim` optimizers offer: `zero_grad()` and `step()`."""

    def zero_grad(self) -> None: ...

    def step(self) -> None: ...


# ----------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------


def _figure_and_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """The figure to draw on: a new one (not managed by pyplot), or the one holding `ax`."""
    if ax is not None:
        figure = ax.get_figure()
        if not isinstance(figure, Figure):
            raise TypeError("plots: ax must belong to a matplotlib Figure")
        return figure, ax
    figure = Figure(figsize=figsize, layout="constrained")
    return figure, figure.add_subplot()


def _as_outputs(result: Any) -> list[Value]:
    """A model's result as a list of Values (one Value -> a list of one)."""
    if isinstance(result, Value):
        return [result]
    outputs = list(result)
    for output in outputs:
        if not isinstance(output, Value):
            raise TypeError(f"plots: a model must return Values, got {type(output).__name__}")
    return outputs


def _bounds(points: Sequence[Point], margin: float = 0.25) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) of the points, widened by `margin` of their span."""
    array = np.asarray(points, dtype=float)
    if array.ndim != 2 or array.shape[1] != 2 or len(array) == 0:
        raise ValueError(f"plots: expected a non-empty list of 2-D points, got shape {array.shape}")
    low, high = array.min(axis=0), array.max(axis=0)
    span = np.maximum(high - low, 1e-9)
    low, high = low - margin * span, high + margin * span
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def _grid(
    bounds: tuple[float, float, float, float], resolution: int
) -> tuple[np.ndarray, np.ndarray]:
    x_min, x_max, y_min, y_max = bounds
    if resolution < 2:
        raise ValueError(f"plots: resolution must be at least 2, got {resolution}")
    return np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))


def _class_index(labels: Sequence[float]) -> tuple[list[float], list[int]]:
    """The distinct labels in sorted order, and each label's position among them."""
    classes = sorted({float(label) for label in labels})
    position = {label: i for i, label in enumerate(classes)}
    return classes, [position[float(label)] for label in labels]


def _history_series(history: Any, name: str) -> list[float] | None:
    """history[name] or history.name as a list of floats; None if it has no such series."""
    series = history.get(name) if isinstance(history, Mapping) else getattr(history, name, None)
    if series is None:
        return None
    return [float(x) for x in series]


# ----------------------------------------------------------------------------------------------
# Decision boundary and training history
# ----------------------------------------------------------------------------------------------


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
    The model is evaluated through the engine on a `resolution` x `resolution` grid.
    """
    if len(points) != len(labels):
        raise ValueError(f"plot_decision_boundary: {len(points)} points but {len(labels)} labels")
    figure, axes = _figure_and_axes(ax, (5.0, 4.5))
    bounds = _bounds(points)
    grid_x, grid_y = _grid(bounds, resolution)
    scores = [
        [output.data for output in _as_outputs(model([float(x), float(y)]))]
        for x, y in zip(grid_x.ravel(), grid_y.ravel())
    ]
    _, class_of_point = _class_index(labels)
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
            cmap=_PLAYGROUND_CMAP,
            vmin=-limit,
            vmax=limit,
            alpha=0.55,
        )
        axes.contour(grid_x, grid_y, score, levels=[0.0], colors="black", linewidths=1.5)
        point_colors = [_CLASS_COLORS[0] if i == 0 else _CLASS_COLORS[1] for i in class_of_point]
    else:
        # Class k wins where its margin s_k - max_{j != k} s_j is positive: one smooth region each.
        table = np.array(scores)
        for k in range(width):
            others = np.delete(table, k, axis=1).max(axis=1)
            margin = (table[:, k] - others).reshape(grid_x.shape)
            if margin.max() <= 0:
                continue  # this class wins nowhere on the grid
            color = _CLASS_COLORS[k % len(_CLASS_COLORS)]
            axes.contourf(
                grid_x,
                grid_y,
                margin,
                levels=[0.0, float(margin.max()) + 1.0],
                colors=[color],
                alpha=0.35,
            )
            axes.contour(grid_x, grid_y, margin, levels=[0.0], colors="black", linewidths=1.0)
        point_colors = [_CLASS_COLORS[i % len(_CLASS_COLORS)] for i in class_of_point]
    axes.scatter(array[:, 0], array[:, 1], c=point_colors, s=22, edgecolors="black", linewidths=0.6)
    axes.set_xlim(bounds[0], bounds[1])
    axes.set_ylim(bounds[2], bounds[3])
    axes.set_aspect("equal")
    axes.set_xlabel("$x_0$")
    axes.set_ylabel("$x_1$")
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
    figure, axes = _figure_and_axes(ax, (6.0, 3.5))
    epochs = list(range(1, len(loss) + 1))
    axes.plot(epochs, loss, color="#d62728", linewidth=2, label="loss")
    if min(loss) > 0:
        axes.set_yscale("log")
    axes.set_xlabel("epoch")
    axes.set_ylabel("loss", color="#d62728")
    handles = axes.get_legend_handles_labels()[0]
    if accuracy:
        right = axes.twinx()
        right.plot(
            epochs[: len(accuracy)], accuracy, color=POSITIVE_COLOR, linewidth=2, label="accuracy"
        )
        right.set_ylim(0.0, 1.05)
        right.set_ylabel("accuracy", color=POSITIVE_COLOR)
        handles += right.get_legend_handles_labels()[0]
    axes.legend(handles=handles, loc="center right")
    axes.grid(True, alpha=0.3)
    if title is not None:
        axes.set_title(title)
    return figure


# ----------------------------------------------------------------------------------------------
# Network diagram (TensorFlow Playground style)
# ----------------------------------------------------------------------------------------------


def _layer_outputs_over_grid(
    network: NetworkLike, grid_x: np.ndarray, grid_y: np.ndarray
) -> list[list[np.ndarray]]:
    """For every layer and neuron, the neuron's output at every grid point (as images)."""
    layer_count = len(network.layers)
    images: list[list[list[float]]] = [[[] for _ in layer.neurons] for layer in network.layers]
    for x, y in zip(grid_x.ravel(), grid_y.ravel()):
        activations: list[Value] = [Value(float(x)), Value(float(y))]
        for layer_index in range(layer_count):
            activations = _as_outputs(network.layers[layer_index](activations))
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
    figure, axes = _figure_and_axes(ax, (1.9 * len(widths) + 1.0, max(3.0, 0.75 * tallest + 1.2)))

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
        extent = _bounds(points, margin=0.1)
        grid_x, grid_y = _grid(extent, resolution)
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
                    cmap=_PLAYGROUND_CMAP,
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
            name = f"$x_{row}$" if column == 0 else ""
            if name:
                axes.text(
                    center_x - radius - 0.12, center_y, name, ha="right", va="center", fontsize=11
                )
    if images is not None and labels is not None and extent is not None:
        # The data, scaled into the output neuron's thumbnail.
        _, class_of_point = _class_index(labels)
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
            c=[_CLASS_COLORS[i % len(_CLASS_COLORS)] for i in class_of_point],
        )
        dots.set_clip_path(shapes[len(widths) - 1, 0])

    for column in range(len(widths)):
        heading = (
            "input"
            if column == 0
            else ("output" if column == len(widths) - 1 else f"hidden {column}")
        )
        axes.text(2.0 * column, 0.75, heading, ha="center", va="bottom", fontsize=10)
    what = "gradient ∂L/∂w" if show == "grad" else "weight"
    axes.text(
        0.0,
        -tallest + 0.15,
        f"edges: {what}, blue > 0, orange < 0, width ∝ |{'∂L/∂w' if show == 'grad' else 'w'}|",
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


# ----------------------------------------------------------------------------------------------
# Gradient flow
# ----------------------------------------------------------------------------------------------


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
    figure, axes = _figure_and_axes(ax, (6.0, 3.5))
    layer_count = array.shape[1]
    names = (
        list(layer_names) if layer_names is not None else [f"layer {i}" for i in range(layer_count)]
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
    axes.set_xlabel("training step")
    axes.set_ylabel("mean |∂L/∂w| in the layer")
    axes.legend(fontsize=8)
    axes.grid(True, alpha=0.3, which="both")
    if title is not None:
        axes.set_title(title)
    return figure


# ----------------------------------------------------------------------------------------------
# Optimizer paths
# ----------------------------------------------------------------------------------------------


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
    for _ in range(steps):
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
) -> Figure:
    """Contours of `loss(x, y)` with one line (and its end point) per optimizer's path.

    `paths` maps a name to the points from `optimizer_trajectory`. `bounds` is
    (x_min, x_max, y_min, y_max); by default it covers every path.
    """
    if not paths:
        raise ValueError("plot_optimizer_paths: no paths to plot")
    figure, axes = _figure_and_axes(ax, (6.5, 5.0))
    if bounds is None:
        bounds = _bounds([point for path in paths.values() for point in path], margin=0.15)
    grid_x, grid_y = _grid(bounds, resolution)
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
    colors = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]
    for index, (name, path) in enumerate(paths.items()):
        array = np.asarray(path, dtype=float)
        color = colors[index % len(colors)]
        axes.plot(
            array[:, 0], array[:, 1], "-o", color=color, markersize=2.5, linewidth=1.6, label=name
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
    axes.plot(first[0, 0], first[0, 1], "ks", markersize=7, label="start")
    axes.set_xlim(bounds[0], bounds[1])
    axes.set_ylim(bounds[2], bounds[3])
    axes.set_xlabel("x")
    axes.set_ylabel("y")
    axes.legend(fontsize=8, loc="best")
    if title is not None:
        axes.set_title(title)
    return figure
