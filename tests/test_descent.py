"""One step of gradient descent on the graph (issue 20): frames after the Done frame.

Each descent frame shows w ← w − η·∂f/∂w for every trainable leaf in numbers and f at the new
values; `steps=k` repeats it. The numbers are checked against `w - lr * w.grad` and against
the formula rebuilt at those values; the user's graph keeps its data and `.grad`.
"""

from __future__ import annotations

import json
import re

import pytest

from autograd import Value
from autograd.formula import build_graph
from autograd.graph import topological_order
from autograd.lecture.descent import descent_frames, trainable_leaves
from autograd.lecture.player import page_data, player_html
from autograd.viz.math_text import format_number

FORMULA = "σ(w₀*x₀ + w₁*x₁ + w₂)"
NEURON = {"w₀": 2.0, "x₀": -1.0, "w₁": -3.0, "x₁": -2.0, "w₂": -3.0}


def updates(caption: str) -> dict[str, tuple[str, str]]:
    """name -> (gradient, new value) from a descent frame's update line."""
    line = caption.splitlines()[1].replace("\N{NO-BREAK SPACE}", " ")
    found = {}
    for part in re.split(r",\s{2,}", line):
        name, rest = part.split(" ← ")
        gradient = rest.split(" · ")[1].split(" = ")[0].strip("()")
        found[name] = (gradient, rest.rsplit(" = ", 1)[1])
    return found


def test_the_descent_frame_equals_w_minus_lr_grad_and_f_there() -> None:
    lr = 0.5
    f = build_graph(FORMULA, NEURON)
    leaves = [node for node in topological_order(f) if not node.inputs]
    before = [(leaf.data, leaf.grad) for leaf in leaves]
    (frame,) = descent_frames(f, lr)
    assert [(leaf.data, leaf.grad) for leaf in leaves] == before  # a view: nothing changed
    f.backward()
    shown = updates(frame.caption)
    new_values = {}
    for leaf in leaves:
        gradient, new = shown[leaf.label]
        assert gradient == format_number(leaf.grad)
        assert new == format_number(leaf.data - lr * leaf.grad)
        new_values[leaf.label] = leaf.data - lr * leaf.grad
    at_new = build_graph(FORMULA, new_values)
    assert frame.caption.splitlines()[2] == (
        f"f: {format_number(f.data)} → {format_number(at_new.data)} at the new values"
    )
    assert at_new.data < f.data  # a step down


def test_k_steps_repeat_from_the_new_values() -> None:
    lr, k = 0.3, 3
    values = dict(NEURON)
    expected = []
    for _ in range(k):
        g = build_graph(FORMULA, values)
        g.backward()
        leaves = [node for node in topological_order(g) if not node.inputs]
        values = {leaf.label: leaf.data - lr * leaf.grad for leaf in leaves}
        expected.append(
            (
                {name: format_number(value) for name, value in values.items()},
                format_number(build_graph(FORMULA, values).data),
            )
        )
    frames = descent_frames(build_graph(FORMULA, NEURON), lr, k)
    assert len(frames) == k
    for frame, (new_values, new_f) in zip(frames, expected):
        assert {name: new for name, (_g, new) in updates(frame.caption).items()} == new_values
        assert frame.caption.splitlines()[2].split(" → ")[1] == f"{new_f} at the new values"


def test_a_model_moves_only_its_weights_and_biases() -> None:
    import nn

    model = nn.MLP(2, [2, 2, 1], seed=0)
    loss = nn.functional.mse_loss(model([1.0, -0.5]), 1.0)
    order = topological_order(loss)
    moved = trainable_leaves(order)
    assert len(moved) == len(model.parameters())
    assert {id(p) for p in moved} == {id(p) for p in model.parameters()}
    (frame,) = descent_frames(loss, 0.1)
    assert "x₁" not in frame.caption.splitlines()[1]  # the inputs stay where they are


def test_the_player_ends_with_descent_frames_and_refuses_a_bad_rate() -> None:
    x = Value(3.0, label="x")
    f = x * x
    f.label = "f"
    page = player_html(f, learning_rate=0.25, steps=2)
    data = re.search(r'id="lecture-data">(.*?)</script>', page, re.S)
    assert data is not None
    frames = json.loads(data.group(1))["frames"]
    assert [frame["title"] for frame in frames[-3:]] == [
        "Done",
        "Gradient descent",
        "Gradient descent",
    ]
    assert frames[-2]["caption"][1].replace("\N{NO-BREAK SPACE}", " ") == "x ← 3 − 0.25 · 6 = 1.5"
    assert frames[-2]["caption"][2] == "f: 9 → 2.25 at the new values"
    assert frames[-1]["caption"][2] == "f: 2.25 → 0.5625 at the new values"
    for bad in (0, -1.0, float("nan"), True, "0.1"):
        with pytest.raises(ValueError, match="learning_rate must be a positive finite number"):
            player_html(f, learning_rate=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="steps must be an int from 1 to 100"):
        player_html(f, learning_rate=0.1, steps=0)


def test_the_descent_picture_shows_the_new_values_the_caption_gives() -> None:
    """The descent frame's boxes showed the old data while its caption gave the new values: now
    each box shows its value after the step (the number the caption writes, from the one
    formatter) and no gradient (the new point's gradients come with the next backward pass)."""
    x = Value(3.0, label="x")
    f = x * x
    f.label = "f"
    frames = page_data(player_html(f, learning_rate=0.25, steps=2))["frames"]

    def texts(frame: dict[str, object]) -> list[str]:
        svg = str(frame["svg"])
        return [
            re.sub(r"&#160;|\s", " ", t).strip() for t in re.findall(r"<text[^>]*>([^<]*)<", svg)
        ]

    done, first, second = frames[-3:]
    assert {"data 3", "data 9", "grad 6", "grad 1"} <= set(texts(done))
    for frame, (new_x, new_f) in ((first, (1.5, 2.25)), (second, (0.75, 0.5625))):
        shown = texts(frame)
        assert f"data {format_number(new_x)}" in shown and f"data {format_number(new_f)}" in shown
        assert "data 3" not in shown and "data 9" not in shown
        assert not [t for t in shown if t.startswith("grad") and t != "grad"]  # blank gradients
        assert frame["caption"][-1].startswith("The picture: every value after the step")
    assert x.data == 3.0 and f.data == 9.0  # a view: the graph keeps its numbers


def test_the_descent_caption_writes_numbers_as_its_picture_does() -> None:
    """With number_format=".2f" the picture showed "data 2.26" while the caption said
    "x ← 3 − 0.1 · 7.407 = 2.259": the caption now writes the drawing's format too."""
    x = Value(3.0, label="x")
    f = x * x * 1.2345
    f.label = "f"
    frame = page_data(player_html(f, learning_rate=0.1, number_format=".2f"))["frames"][-1]
    update = frame["caption"][1].replace("\N{NO-BREAK SPACE}", " ")
    assert update == "x ← 3.00 − 0.10 · 7.41 = 2.26"
    assert frame["caption"][2] == "f: 11.11 → 6.30 at the new values"
    shown = re.findall(r"<text[^>]*>([^<]*)<", frame["svg"])
    assert "data 2.26" in shown and "data 6.30" in shown
