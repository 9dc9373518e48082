"""Tests for `nn.plots`: each picture has the expected artists, shows the right numbers, and saves as PNG.

Runs headless (the module draws on `matplotlib.figure.Figure`, never `pyplot`); MPLBACKEND is set
to Agg anyway so nothing could try to open a window.
"""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
from colour_vision import delta_e
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from autograd import Value
from autograd.viz.notation import lecture_name
from nn import MLP, optim, plots

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_valid_png(path: Path, min_bytes: int = 5_000) -> None:
    """The file is a PNG that decodes to a picture with real content (not one flat colour)."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) > min_bytes, f"{path.name} is only {len(data)} bytes"
    pixels = matplotlib.image.imread(path)
    assert pixels.ndim == 3 and pixels.shape[0] > 200 and pixels.shape[1] > 200
    assert float(pixels[..., :3].std()) > 0.05, "the picture is (almost) one flat colour"


def contour_sets(figure: Figure) -> list[ContourSet]:
    return [
        artist for ax in figure.axes for artist in ax.collections if isinstance(artist, ContourSet)
    ]


def moons_like() -> tuple[list[list[float]], list[float]]:
    points = [[x / 4.0, (x % 3) / 2.0 - 0.5] for x in range(-8, 9)]
    labels = [1.0 if x > 0 else -1.0 for x, _ in points]
    return points, labels


def linear_model(w0: float, w1: float, b: float) -> MLP:
    """A 2 -> 1 linear model with chosen weights: score = w0 x0 + w1 x1 + b."""
    model = MLP(2, [1], seed=0)
    neuron = model.layers[0].neurons[0]
    neuron.w[0].data, neuron.w[1].data, neuron.b.data = w0, w1, b
    return model


# ----------------------------------------------------------------------------------------------
# Decision boundary
# ----------------------------------------------------------------------------------------------


def test_decision_boundary_of_a_linear_model_is_its_zero_line(tmp_path: Path) -> None:
    points, labels = moons_like()
    model = linear_model(1.0, 0.0, -0.5)  # score > 0 exactly where x₁ > 0.5
    figure = plots.plot_decision_boundary(model, points, labels, title="x₁ = 0.5")
    assert isinstance(figure, Figure)
    (ax,) = figure.axes
    filled, line = contour_sets(figure)
    assert filled.filled and not line.filled
    assert list(line.levels) == [0.0]
    boundary = np.concatenate([path.vertices for path in line.get_paths()])
    assert len(boundary) > 2
    assert np.allclose(boundary[:, 0], 0.5, atol=1e-9)  # the line x₁ = 0.5, nowhere else
    (scatter,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert np.allclose(scatter.get_offsets(), points)
    assert ax.get_title() == "x₁ = 0.5"
    # the inputs are counted from 1, as the lecture and `draw` name them (x₁, x₂; not x₀, x₁)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x₁", "x₂")
    figure.savefig(tmp_path / "boundary.png")
    assert_valid_png(tmp_path / "boundary.png")


def test_decision_boundary_of_a_trained_mlp_separates_the_classes() -> None:
    points, labels = moons_like()
    model = MLP(2, [8, 1], seed=3)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    for _ in range(40):
        optimizer.zero_grad()
        losses = [(1.0 - label * model(point)).relu() for point, label in zip(points, labels)]
        total = losses[0]
        for loss in losses[1:]:
            total = total + loss
        total.backward()
        optimizer.step()
    assert all((model(p).data > 0) == (label > 0) for p, label in zip(points, labels))
    figure = plots.plot_decision_boundary(model, points, labels, resolution=30)
    filled, _ = contour_sets(figure)
    assert filled.filled


def test_decision_boundary_with_several_outputs_colours_by_argmax(tmp_path: Path) -> None:
    points = [[-1.0, -1.0], [1.0, -1.0], [0.0, 1.0]]
    labels = [0.0, 1.0, 2.0]
    model = MLP(2, [3], seed=0)
    # Output k scores the nearness to point k: s_k = p_k . x (the largest for the nearest point).
    for neuron, point in zip(model.layers[0].neurons, points):
        neuron.w[0].data, neuron.w[1].data = point
        neuron.b.data = -0.5 * (point[0] ** 2 + point[1] ** 2)
    figure = plots.plot_decision_boundary(model, points, labels)
    sets = contour_sets(figure)
    regions = [c for c in sets if c.filled]
    boundaries = [c for c in sets if not c.filled]
    assert len(regions) == len(boundaries) == 3  # one region per class, where its margin > 0
    assert all(region.levels[0] == 0.0 for region in regions)
    # Class 0 wins at (-1, -1): the boundary of its region passes between it and its neighbours.
    vertices = np.concatenate([path.vertices for path in boundaries[0].get_paths()])
    assert vertices[:, 0].max() == pytest.approx(0.0, abs=0.1)  # x₁ = 0 separates it from class 1
    figure.savefig(tmp_path / "three.png")
    assert_valid_png(tmp_path / "three.png")


def test_decision_boundary_checks_its_input() -> None:
    with pytest.raises(ValueError, match="3 points but 2 labels"):
        plots.plot_decision_boundary(linear_model(1, 0, 0), [[0, 0], [1, 1], [2, 2]], [1, -1])


# ----------------------------------------------------------------------------------------------
# Loss and accuracy curves
# ----------------------------------------------------------------------------------------------


def test_history_draws_loss_and_accuracy(tmp_path: Path) -> None:
    history = {"loss": [2.0, 1.0, 0.5, 0.4], "accuracy": [0.5, 0.75, 0.9, 1.0]}
    figure = plots.plot_history(history, title="training")
    loss_ax, accuracy_ax = figure.axes
    (loss_line,) = loss_ax.get_lines()
    (accuracy_line,) = accuracy_ax.get_lines()
    assert list(loss_line.get_xdata()) == [1, 2, 3, 4]
    assert list(loss_line.get_ydata()) == history["loss"]
    assert list(accuracy_line.get_ydata()) == history["accuracy"]
    assert loss_ax.get_yscale() == "log"
    figure.savefig(tmp_path / "history.png")
    assert_valid_png(tmp_path / "history.png")


def test_history_reads_attributes_and_needs_a_loss() -> None:
    class History:
        def __init__(self) -> None:
            self.loss = [1.0, -0.5]  # a loss that goes negative: linear scale
            self.accuracy = None

    figure = plots.plot_history(History())
    (ax,) = figure.axes
    assert ax.get_yscale() == "linear"
    with pytest.raises(ValueError, match="no per-epoch 'loss'"):
        plots.plot_history({"accuracy": [1.0]})


# ----------------------------------------------------------------------------------------------
# Network diagram
# ----------------------------------------------------------------------------------------------


def weight_lines(figure: Figure, show: str = "weight") -> list[Line2D]:
    (ax,) = figure.axes
    return [line for line in ax.get_lines() if (line.get_gid() or "").startswith(show + " ")]


def test_network_has_a_circle_per_neuron_and_a_line_per_weight(tmp_path: Path) -> None:
    model = MLP(2, [4, 3, 1], seed=1)
    figure = plots.plot_network(model)
    (ax,) = figure.axes
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    squares = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid()]
    assert len(circles) == 4 + 3 + 1
    assert len(squares) == 2
    lines = weight_lines(figure)
    assert len(lines) == 2 * 4 + 4 * 3 + 3 * 1
    weights = [w for layer in model.layers for neuron in layer.neurons for w in neuron.w]
    for line, weight in zip(lines, weights):  # drawn in parameter order
        expected = plots.POSITIVE_COLOR if weight.data >= 0 else plots.NEGATIVE_COLOR
        assert line.get_color() == expected
    widths = [line.get_linewidth() for line in lines]
    magnitudes = [abs(w.data) for w in weights]
    assert widths[int(np.argmax(magnitudes))] == max(widths)  # thickest line = largest |w|
    assert widths[int(np.argmin(magnitudes))] == min(widths)
    assert not [image for image in ax.get_images()]  # no thumbnails unless data is given
    # named as the lecture and `draw` count: inputs x₁, x₂, hidden layers 1 and 2
    texts = [text.get_text() for text in ax.texts]
    assert texts[:2] == ["x₁", "x₂"]
    assert texts[2:6] == ["input", "hidden 1", "hidden 2", "output"]
    figure.savefig(tmp_path / "network.png")
    assert_valid_png(tmp_path / "network.png")


def test_network_can_show_gradients_instead_of_weights() -> None:
    model = MLP(2, [2, 1], seed=0)
    loss = model([0.5, -1.0]) ** 2
    loss.backward()
    figure = plots.plot_network(model, show="grad")
    lines = weight_lines(figure, "grad")
    grads = [w.grad for layer in model.layers for neuron in layer.neurons for w in neuron.w]
    assert len(lines) == len(grads) == 6
    for line, gradient in zip(lines, grads):
        expected = plots.POSITIVE_COLOR if gradient >= 0 else plots.NEGATIVE_COLOR
        assert line.get_color() == expected
    with pytest.raises(ValueError, match="show must be"):
        plots.plot_network(model, show="bias")


def test_network_thumbnails_show_each_neurons_output_over_the_plane(tmp_path: Path) -> None:
    model = MLP(2, [3, 2, 1], activation="tanh", seed=2)
    points = [[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 1.0]]
    labels = [1.0, 1.0, -1.0, -1.0]
    figure = plots.plot_network(model, points=points, labels=labels, resolution=12)
    (ax,) = figure.axes
    images = [artist for artist in ax.get_images() if isinstance(artist, AxesImage)]
    assert len(images) == 2 + 3 + 2 + 1  # inputs and every neuron
    # The bottom-left pixel of a thumbnail is the neuron's output at the plane's corner.
    x_min = -1.0 - 0.1 * 2.0
    y_min = x_min
    hidden = model.layers[0].neurons[1]([x_min, y_min]).data
    assert images[2 + 1].get_array()[0, 0] == pytest.approx(hidden, abs=1e-12)
    output = model([x_min, y_min]).data
    assert images[-1].get_array()[0, 0] == pytest.approx(output, abs=1e-12)
    assert images[0].get_array()[0, 0] == pytest.approx(x_min)  # input x₁ itself
    figure.savefig(tmp_path / "thumbnails.png")
    assert_valid_png(tmp_path / "thumbnails.png")


# ----------------------------------------------------------------------------------------------
# Gradient flow
# ----------------------------------------------------------------------------------------------


def test_layer_gradient_means_are_mean_absolute_gradients() -> None:
    model = MLP(2, [2, 1], seed=0)
    for position, parameter in enumerate(model.parameters()):
        parameter.grad = (-1.0) ** position * (position + 1)
    # layer 1: 6 parameters with |grad| 1..6; layer 2: 3 parameters with |grad| 7..9
    assert plots.layer_gradient_means(model) == [3.5, 8.0]


def test_gradient_flow_draws_one_line_per_layer(tmp_path: Path) -> None:
    records = [[1e-4 * (step + 1), 1e-2, 0.5] for step in range(10)]
    figure = plots.plot_gradient_flow(records, title="sigmoid", layer_names=["a", "b", "c"])
    (ax,) = figure.axes
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b", "c"]
    assert list(lines[0].get_ydata()) == pytest.approx([r[0] for r in records])
    assert ax.get_yscale() == "log"
    figure.savefig(tmp_path / "flow.png")
    assert_valid_png(tmp_path / "flow.png", min_bytes=3_000)
    with pytest.raises(ValueError, match="no records"):
        plots.plot_gradient_flow([])


def test_gradient_flow_counts_layers_from_1_as_the_lecture() -> None:
    model = MLP(2, [3, 2, 1], seed=0)
    loss = model([0.5, -1.0]) ** 2
    loss.backward()
    records = [plots.layer_gradient_means(model) for _step in range(3)]
    (ax,) = plots.plot_gradient_flow(records).axes
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["layer 1", "layer 2", "layer 3"]
    # the same numbers as the drawings' superscripts: the first layer's weights are w⁽¹⁾
    first_weight = model.layers[0].neurons[0].w[0]
    assert first_weight.role is not None
    assert lecture_name(first_weight.role).text.endswith("⁽¹⁾")


# ----------------------------------------------------------------------------------------------
# Optimizer paths
# ----------------------------------------------------------------------------------------------


def bowl(x: Value, y: Value) -> Value:
    """An elongated bowl f = x^2 / 10 + 2 y^2, minimum at (0, 0)."""
    return x * x * 0.1 + y * y * 2.0


def test_optimizer_trajectory_follows_the_update_rule() -> None:
    path = plots.optimizer_trajectory(bowl, (-4.0, 2.0), lambda p: optim.SGD(p, lr=0.1), 3)
    assert len(path) == 4
    x, y = -4.0, 2.0
    for point in path[1:]:
        x, y = x - 0.1 * (0.2 * x), y - 0.1 * (4.0 * y)  # gradient (x / 5, 4 y)
        assert point == pytest.approx((x, y), abs=1e-12)


def test_optimizer_paths_draw_contours_and_one_line_per_optimizer(tmp_path: Path) -> None:
    makers = {
        "SGD": lambda p: optim.SGD(p, lr=0.2),
        "momentum": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
        "Nesterov": lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
        "RMSprop": lambda p: optim.RMSprop(p, lr=0.1),
        "Adam": lambda p: optim.Adam(p, lr=0.3),
    }
    paths = {
        name: plots.optimizer_trajectory(bowl, (-4.0, 2.0), make, 25)
        for name, make in makers.items()
    }
    figure = plots.plot_optimizer_paths(bowl, paths, title="paths")
    (ax,) = figure.axes
    assert len(contour_sets(figure)) == 2  # filled surface and its contour lines
    labelled = {line.get_label(): line for line in ax.get_lines()}
    for name, path in paths.items():
        assert len(labelled[name].get_xdata()) == 26
        assert list(labelled[name].get_xdata()) == [x for x, _ in path]
    legend_texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend_texts == [*makers, "start"]
    figure.savefig(tmp_path / "paths.png")
    assert_valid_png(tmp_path / "paths.png")


def test_plots_draw_into_a_given_axes() -> None:
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert plots.plot_gradient_flow([[1.0, 2.0]], ax=left) is figure
    assert plots.plot_history({"loss": [1.0, 0.5]}, ax=right) is figure
    assert len(left.get_lines()) == 2 and len(right.get_lines()) == 1


def test_six_optimizer_paths_stay_apart_for_colour_blind_eyes_and_the_minimum_is_marked() -> None:
    names = ["GD", "SGD", "momentum", "Nesterov", "RMSprop", "Adam"]
    paths = {
        name: [(-4.0 + 0.1 * step * (index + 1), 2.0 - 0.1 * step) for step in range(12)]
        for index, name in enumerate(names)
    }
    figure = plots.plot_optimizer_paths(bowl, paths, minimum=(0.0, 0.0))
    (ax,) = figure.axes
    lines = {line.get_label(): line for line in ax.get_lines()}
    styles = [  # (colour, dash pattern as drawn, marker); matplotlib names custom dashes "--"
        (line.get_color(), str(line._unscaled_dash_pattern), line.get_marker())  # type: ignore[attr-defined]
        for line in (lines[name] for name in names)
    ]
    # each line differs from every other in colour, dash pattern and marker
    for position in range(3):
        assert len({style[position] for style in styles}) == 6
    for simulation in (None, "deuteranopia", "protanopia"):
        for first in range(6):
            for second in range(first + 1, 6):
                apart = delta_e(styles[first][0], styles[second][0], simulation)
                assert apart >= 8, (names[first], names[second], simulation)
    marked = lines["minimum"]
    assert list(marked.get_xdata()) == [0.0] and list(marked.get_ydata()) == [0.0]
    assert marked.get_marker() == "X"
    assert [text.get_text() for text in ax.get_legend().get_texts()][-1] == "minimum"
