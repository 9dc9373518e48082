"""Names a lecturer would use (issue 19): the nodes the user did not name are n1, n2, n3, ...
numbered consecutively in reading order (the topological order from the inputs to the output),
the same on every surface (the drawing's boxes, the player's captions, the TikZ/Beamer slides,
the text view), never by creation counter or position among all nodes; constants use up no
number; a loss is called `loss`, or the name the user gave it, everywhere."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import nn
from autograd import Value, as_text, draw, export_html, to_tikz, topological_order
from autograd.lecture.frames import lecture_frames
from autograd.lecture.player import page_data
from autograd.viz.math_text import caption_names
from autograd.viz.names import display_names
from nn import functional


def drawn_numbers(root: Value, **options: object) -> list[int]:
    """The automatic names in the drawing's boxes (muted italics), as numbers, sorted."""
    source = draw(root, **options).source  # type: ignore[arg-type]
    return sorted({int(k) for k in re.findall(r"<I>n(\d+)</I>", source)})


def caption_numbers(captions: str) -> list[int]:
    return sorted({int(k) for k in re.findall(r"(?<![\w.])n(\d+)(?![\w.])", captions)})


def tikz_numbers(root: Value, **options: object) -> list[int]:
    source = to_tikz(root, steps=True, **options)  # type: ignore[arg-type]
    return sorted({int(k) for k in re.findall(r"(?<![\w\\])n_\{(\d+)\}", source)})


def lecture_captions(root: Value) -> str:
    return "\n".join(frame.caption for frame in lecture_frames(root))


def network_loss() -> Value:
    """MLP(2, [2, 2, 2]) and the mean squared error of its two outputs: the loss's own five
    intermediates (two differences, two squares, their sum) are the graph's unnamed nodes."""
    model = nn.MLP(2, [2, 2, 2], activation="tanh", seed=3)
    return functional.mse_loss(model([0.5, -1.0]), [1.0, 0.0])


def test_a_networks_unnamed_nodes_are_n1_to_n5_on_every_surface() -> None:
    loss = network_loss()
    loss.backward()
    consecutive = [1, 2, 3, 4, 5]
    assert drawn_numbers(loss) == consecutive
    assert caption_numbers(lecture_captions(loss)) == consecutive
    assert tikz_numbers(loss) == consecutive
    assert caption_numbers(as_text(loss)) == consecutive
    names = caption_names(topological_order(loss))
    assert names[loss] == "loss"
    # in reading order (dicts keep the topological order): no other automatic name
    assert [name for name in names.values() if re.fullmatch(r"n\d+", name)] == [
        "n1",
        "n2",
        "n3",
        "n4",
        "n5",
    ]


def test_the_problem_books_loss_is_n1_n2_and_the_constants_use_no_number() -> None:
    model = nn.MLP(2, [2, 2, 1], activation="sigmoid", seed=0)
    loss = 0.5 * (1 - model([5.0, 2.0])) ** 2
    names = caption_names(topological_order(loss))
    automatic = [name for name in names.values() if re.fullmatch(r"[nc]\d+", name)]
    assert automatic == ["c1", "c2", "n1", "c3", "n2"]  # ½ and 1, 1 − out, the exponent 2, ( )²
    assert names[loss] == "loss"
    loss.backward()
    assert drawn_numbers(loss) == [1, 2]
    assert caption_numbers(lecture_captions(loss)) == [1, 2]
    assert tikz_numbers(loss) == [1, 2]


def build(reverse: bool) -> Value:
    """The same graph, its leaves made in another order and other Values made in between."""
    made: dict[str, Value] = {}
    for name in ["z", "y", "x"] if reverse else ["x", "y", "z"]:
        made[name] = Value({"x": 2.0, "y": -1.0, "z": 0.5}[name])  # unlabelled: n-numbered
        if reverse:
            Value(7.0) * Value(8.0)  # other nodes made meanwhile, then dropped
    x, y, z = made["x"], made["y"], made["z"]
    return ((x * y).tanh() + (x - z) * 3.0).exp() / (y * y + 1.0)


def test_the_same_graph_built_twice_has_the_same_names() -> None:
    first, second = build(reverse=False), build(reverse=True)
    first_names = list(caption_names(topological_order(first)).values())
    second_names = list(caption_names(topological_order(second)).values())
    assert first_names == second_names
    numbered = [name for name in first_names if name.startswith("n")]
    assert numbered == [f"n{k}" for k in range(1, len(numbered) + 1)]
    assert [name for name in first_names if name.startswith("c")] == ["c1", "c2"]
    assert draw(first).source == draw(second).source
    assert lecture_captions(first) == lecture_captions(second)


def test_a_label_that_looks_generated_keeps_the_names_different() -> None:
    a = Value(2.0, label="n1")
    b = a * Value(3.0)  # the unlabelled leaf is the first unnamed node: n1_1, not n1
    names = display_names(topological_order(b))
    assert list(names.values()) == ["n1", "n1_1", "n2"]


def test_a_loss_the_user_named_is_called_so_everywhere(tmp_path: Path) -> None:
    model = nn.MLP(2, [2, 1], activation="tanh", seed=1)
    loss = functional.mse_loss(model([1.0, -2.0]), 0.5)
    assert caption_names(topological_order(loss))[loss] == "loss"  # unnamed: "loss"
    loss.label = "L"
    loss.backward()
    assert caption_names(topological_order(loss))[loss] == "L"
    source = draw(loss).source
    assert "<B>L</B>" in source and ">loss<" not in source
    captions = lecture_captions(loss)
    assert "∂L/∂" in captions and "loss" not in captions
    tikz = to_tikz(loss, steps=True)
    assert r"\partial L" in tikz and "loss" not in tikz.replace("\\usepackage", "")
    assert re.search(r"^L\s", as_text(loss), re.M)


def test_the_loss_of_a_mean_of_losses_is_the_root_alone() -> None:
    model = nn.MLP(2, [2, 1], activation="tanh", seed=1)
    losses = [functional.mse_loss(model(x), t) for x, t in (([1.0, 0.0], 1.0), ([0.0, 1.0], 0.0))]
    total = functional.mean(losses)
    names = caption_names(topological_order(total))
    assert names[total] == "loss"
    assert [names[loss] for loss in losses] != ["loss", "loss"]
    assert list(names.values()).count("loss") == 1


@pytest.mark.slow
def test_the_players_captions_use_the_same_numbers(tmp_path: Path) -> None:
    loss = network_loss()
    page = export_html(loss, tmp_path / "p.html").read_text(encoding="utf-8")
    frames = page_data(page)["frames"]
    captions = "\n".join("\n".join(frame["caption"]) for frame in frames)
    assert caption_numbers(captions) == [1, 2, 3, 4, 5]
    svg = "\n".join(str(frame["svg"]) for frame in frames)
    assert sorted({int(k) for k in re.findall(r">n(\d+)</text>", svg)}) == [1, 2, 3, 4, 5]


def test_the_command_line_names_the_loss_and_numbers_the_rest() -> None:
    for name in ("loss", "L"):
        result = subprocess.run(
            [sys.executable, "-m", "autograd", f"{name} = 0.5*(1 - y)**2", "y=0.3"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        rows = [line.split()[0] for line in result.stdout.splitlines()[1:]]
        assert rows == ["y", "n1", "n2", name]  # the constants 0.5, 1 and 2 use no number


def test_a_labelled_networks_loss_titles_its_slides_with_its_name() -> None:
    model = nn.MLP(2, [2, 2, 1], activation="sigmoid", seed=0)
    loss = 0.5 * (1 - model([5.0, 2.0])) ** 2
    loss.label = "E"
    titles = set(
        re.findall(r"\\begin\{frame\}\[t\]\{\$(.*?)\$", to_tikz(loss, steps=True, collapse=True))
    )
    assert titles == {r"E = 0.5 \cdot (1 - z_{1}^{(3)})^{2}"}


@pytest.mark.slow
def test_a_labelled_networks_loss_titles_its_player(tmp_path: Path) -> None:
    model = nn.MLP(2, [2, 2, 1], activation="sigmoid", seed=0)
    loss = 0.5 * (1 - model([5.0, 2.0])) ** 2
    page = export_html(loss, tmp_path / "loss.html", collapse=True).read_text(encoding="utf-8")
    assert "<title>loss = 0.5 · (1 − z₁⁽³⁾)²</title>" in page
    loss.label = "E"
    page = export_html(loss, tmp_path / "e.html", collapse=True).read_text(encoding="utf-8")
    assert "<title>E = 0.5 · (1 − z₁⁽³⁾)²</title>" in page and "∂E/∂" in page


def test_a_batch_draws_the_names_its_captions_use() -> None:
    """A model called on two examples makes every lecture name twice (two z₁⁽¹⁾, two p₁): the
    captions cannot tell them apart by those names and number them, and so does the picture."""
    model = nn.MLP(2, [2, 2], activation="tanh", seed=2)
    examples = (([0.5, -1.0], 1), ([1.0, 0.0], 0))
    loss = functional.mean([functional.cross_entropy(model(x), y) for x, y in examples])
    loss.backward()
    names = caption_names(topological_order(loss))
    count = sum(1 for name in names.values() if re.fullmatch(r"n\d+", name))
    assert count > 40 and names[loss] == "loss"
    consecutive = list(range(1, count + 1))
    assert drawn_numbers(loss) == consecutive
    assert caption_numbers(lecture_captions(loss)) == consecutive
    assert tikz_numbers(loss) == consecutive
    assert "z<SUB>1</SUB>" not in draw(loss).source  # no name the captions never use
