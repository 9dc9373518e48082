"""What every `nn.plots` figure shares: the colours, the model shapes it reads, and small helpers.

Colours are the package's one sign convention, as TensorFlow Playground's (blue positive, orange
negative): `Theme.sign_colour` of autograd/viz/style.py, as in every drawing. A `Model` is anything
callable on a list of two numbers that returns a `Value` or a list of `Value`s; `NetworkLike`
describes what the network diagram and the gradient-flow record read from an `nn.MLP` (its
`layers`, their `neurons`, each with weights `w` and bias `b`). The helpers make a figure (or
reuse the one holding `ax=`), turn a model's result into a list of Values, pad the data's
bounding box, lay a grid over it, and number the classes of the labels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from autograd import Value
from autograd.viz.style import LIGHT

__all__ = [
    "CLASS_COLORS",
    "NEGATIVE_COLOR",
    "PLAYGROUND_CMAP",
    "POSITIVE_COLOR",
    "LayerLike",
    "LayersLike",
    "Model",
    "NetworkLike",
    "NeuronLike",
    "Point",
    "as_outputs",
    "class_index",
    "figure_and_axes",
    "grid",
    "padded_bounds",
]

# The one sign convention (autograd/viz/style.py): blue for positive, orange for negative.
POSITIVE_COLOR = LIGHT.sign_colour(1.0)
NEGATIVE_COLOR = LIGHT.sign_colour(-1.0)
PLAYGROUND_CMAP = LinearSegmentedColormap.from_list(
    "playground", [NEGATIVE_COLOR, "#f7f7f7", POSITIVE_COLOR]
)
CLASS_COLORS = [NEGATIVE_COLOR, POSITIVE_COLOR, "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

Point = Sequence[float]
Model = Callable[[list[float]], Any]  # returns a Value (binary score) or a list of Values


class NeuronLike(Protocol):
    """A neuron as `nn.Neuron` has it: weights `w` (one per input) and a bias `b` (or None)."""

    @property
    def w(self) -> Sequence[Value]: ...

    @property
    def b(self) -> Value | None: ...


class LayerLike(Protocol):
    """A layer as `nn.Layer` has it: its `neurons`, and calling it on inputs gives outputs."""

    @property
    def neurons(self) -> Sequence[NeuronLike]: ...

    def __call__(self, inputs: list[Value]) -> Any: ...

    def parameters(self) -> list[Value]: ...


class LayersLike(Protocol):
    """The layers in order, as `nn.Sequential` (or a list) holds them."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[LayerLike]: ...

    def __getitem__(self, position: int) -> LayerLike: ...


class NetworkLike(Protocol):
    """A network as `nn.MLP` has it: its `layers`, in order."""

    @property
    def layers(self) -> LayersLike: ...


def figure_and_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """The figure to draw on: a new one (not managed by pyplot), or the one holding `ax`."""
    if ax is not None:
        figure = ax.get_figure()
        if not isinstance(figure, Figure):
            raise TypeError("plots: ax must belong to a matplotlib Figure")
        return figure, ax
    figure = Figure(figsize=figsize, layout="constrained")
    return figure, figure.add_subplot()


def as_outputs(result: Any) -> list[Value]:
    """A model's result as a list of Values (one Value -> a list of one)."""
    if isinstance(result, Value):
        return [result]
    outputs = list(result)
    for output in outputs:
        if not isinstance(output, Value):
            raise TypeError(f"plots: a model must return Values, got {type(output).__name__}")
    return outputs


def padded_bounds(
    points: Sequence[Point], margin: float = 0.25
) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) of the points, widened by `margin` of their span."""
    array = np.asarray(points, dtype=float)
    if array.ndim != 2 or array.shape[1] != 2 or len(array) == 0:
        raise ValueError(f"plots: expected a non-empty list of 2-D points, got shape {array.shape}")
    low, high = array.min(axis=0), array.max(axis=0)
    span = np.maximum(high - low, 1e-9)
    low, high = low - margin * span, high + margin * span
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def grid(
    bounds: tuple[float, float, float, float], resolution: int
) -> tuple[np.ndarray, np.ndarray]:
    """A `resolution` x `resolution` grid over (x_min, x_max, y_min, y_max), as np.meshgrid gives."""
    x_min, x_max, y_min, y_max = bounds
    if resolution < 2:
        raise ValueError(f"plots: resolution must be at least 2, got {resolution}")
    return np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))


def class_index(labels: Sequence[float]) -> tuple[list[float], list[int]]:
    """The distinct labels in sorted order, and each label's position among them."""
    classes = sorted({float(label) for label in labels})
    position = {label: i for i, label in enumerate(classes)}
    return classes, [position[float(label)] for label in labels]
