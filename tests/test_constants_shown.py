"""Constants are shown as constants (issue 20): a number that entered arithmetic is not an input.

The 1 of 1/(1 + e^−z), the ½ of a loss, a target and the max-shift of `cross_entropy` are
`Constant` leaves (`autograd.value.is_constant`). Every view draws one as a plain number with no
gradient row, never lists it among the inputs' gradients, never asks it in the quiz, and says
"the constant 1 gets no gradient"; `show_constants=True` restores the old drawing. The engine's
`.grad` of a constant is unchanged.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from autograd import Value, draw
from autograd.formula import build_graph
from autograd.graph import topological_order
from autograd.lecture.frames import lecture_frames
from autograd.lecture.player import player_html
from autograd.value import Constant, is_constant
from autograd.viz.text import as_text
from nn import functional

SIGMOID = "1/(1+exp(-(w0*x0 + w1*x1 + w2)))"
INPUTS = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}


def gate_sigmoid() -> Value:
    return build_graph(SIGMOID, INPUTS)


def done_lines(root: Value, **options: bool) -> list[str]:
    frames = lecture_frames(root, **options)
    assert frames[-1].phase == "end"
    line = frames[-1].caption.splitlines()[1].replace("\N{NO-BREAK SPACE}", " ")
    return re.split(r",\s+", line)


def test_the_done_frame_lists_exactly_the_five_inputs() -> None:
    f = gate_sigmoid()
    assert done_lines(f) == [
        "∂f/∂w0 = −0.1966",
        "∂f/∂x0 = 0.3932",
        "∂f/∂w1 = −0.3932",
        "∂f/∂x1 = −0.5898",
        "∂f/∂w2 = 0.1966",
    ]
    # show_constants=True is today's lecture: the two 1s are listed too, as c1 and c2
    assert len(done_lines(f, show_constants=True)) == 7
    assert {line.split(" = ")[0] for line in done_lines(f, show_constants=True)} >= {
        "∂f/∂c1",
        "∂f/∂c2",
    }


def test_captions_call_a_constant_by_its_value_and_the_quiz_never_asks_it() -> None:
    f = gate_sigmoid()
    frames = lecture_frames(f, quiz="grad")
    captions = "\n".join(frame.caption for frame in frames)
    assert "the constant 1 gets no gradient" in captions
    # no constant is named like a variable (c1, n…), and the intermediates are n1 ... n7 in
    # reading order: the constants use up no number
    assert not re.search(r"\bc\d", captions) and "n8" not in captions
    assert all(f"n{k} = " in captions for k in range(1, 8))
    asked = [q.node for frame in frames for q in frame.questions]
    assert asked and not any(is_constant(node) for node in asked)
    assert not any(
        is_constant(node) for frame in frames for node in frame.shown_grads
    )  # no picture shows a constant's gradient
    assert frames[0].caption.endswith("w0 = 2, x0 = −1, w1 = −3, x1 = −2, w2 = −3")


def test_a_constant_has_no_grad_row_in_the_dot() -> None:
    f = gate_sigmoid()
    f.backward()
    order = topological_order(f)
    constants = [i for i, node in enumerate(order) if isinstance(node, Constant)]
    assert len(constants) == 2
    source = draw(f).source
    for position in constants:
        line = re.search(rf"^\tv{position} \[(.*)\]$", source, re.M)
        assert line is not None
        assert line.group(1).startswith("label=<1> ") and "shape=plaintext" in line.group(1)
        assert "grad" not in line.group(1)
    assert source.count("<TD>grad ") == len(order) - 2  # every other value keeps its grad row
    shown = draw(f, show_constants=True).source
    assert shown.count("<TD>grad ") == len(order)
    # the engine is unchanged: the numerator 1 still has its .grad
    assert order[constants[0]].grad == 1 / order[-2].data


def test_loss_constants_are_not_inputs() -> None:
    w = Value(0.5, label="w")
    x = Value(2.0, label="x")
    loss = functional.mse_loss(w * x, 3.0) * 0.5  # the ½ and the target 3 are constants
    lines = done_lines(loss)
    assert [line.split(" = ")[0] for line in lines] == [f"∂{_root(loss)}/∂w", f"∂{_root(loss)}/∂x"]
    logits = [Value(1.0, label="a"), Value(-0.5, label="b"), Value(2.0, label="c")]
    ce = functional.cross_entropy(logits, 1)
    names = [line.split(" = ")[0].split("/∂")[1] for line in done_lines(ce)]
    assert names == ["a", "b", "c"]  # the max-shift constants get no ±0.29


def _root(root: Value) -> str:
    return done_lines(root)[0].split("/")[0][1:]


def test_a_value_the_user_labelled_is_an_input_even_untrained() -> None:
    x = Value(2.0, label="x")
    target = Value(3.0, label="y")  # a target the user made and named: an input
    loss = (x - target) ** 2
    assert [line.split(" = ")[0].split("/")[1] for line in done_lines(loss)] == ["∂x", "∂y"]


def test_pi_from_the_command_line_is_a_constant_named_by_its_symbol() -> None:
    f = build_graph("pi * r**2", {"r": 2.0})
    order = topological_order(f)
    assert is_constant(order[0]) and order[0].label == "π"
    assert "label=<π>" in draw(f).source
    assert done_lines(f) == ["∂f/∂r = 12.57"]


def test_text_view_writes_constants_as_numbers() -> None:
    f = gate_sigmoid()
    f.backward()
    text = as_text(f)
    assert not re.search(r"^c1 ", text, re.M)
    assert re.search(r"^f\s+/\s+1, n7", text, re.M)  # the constants use up no number
    assert re.search(r"^c1 ", as_text(f, show_constants=True), re.M)


def test_the_cli_player_has_the_five_inputs_and_show_constants_restores(tmp_path: Path) -> None:
    page = tmp_path / "g.html"
    arguments = [f"{name}={value:g}" for name, value in INPUTS.items()]
    command = [sys.executable, "-m", "autograd", SIGMOID, *arguments, "--steps", "-o", str(page)]
    subprocess.run(command, check=True, capture_output=True)
    done = _frames(page.read_text(encoding="utf-8"))[-1]["caption"]
    assert done[1].count("∂f/∂") == 5
    subprocess.run([*command, "--show-constants"], check=True, capture_output=True)
    done = _frames(page.read_text(encoding="utf-8"))[-1]["caption"]
    assert done[1].count("∂f/∂") == 7


def _frames(page: str) -> list[dict[str, list[str]]]:
    match = re.search(
        r'<script type="application/json" id="lecture-data">(.*?)</script>', page, re.S
    )
    assert match is not None
    frames: list[dict[str, list[str]]] = json.loads(match.group(1))["frames"]
    return frames


def test_player_html_builds_with_constants_as_numbers() -> None:
    page = player_html(gate_sigmoid(), quiz="grad")
    assert "∂f/∂n0" not in page


def test_the_cli_slides_say_the_constant_and_show_constants_reaches_them(tmp_path: Path) -> None:
    """`-o slides.tex --steps` says "the constant 1 gets no gradient" as the player does, and
    `--show-constants` reaches to_tikz (it was dropped for .tex): the constant drawn as an input."""
    slides = tmp_path / "s.tex"
    arguments = [f"{name}={value:g}" for name, value in INPUTS.items()]
    command = [sys.executable, "-m", "autograd", SIGMOID, *arguments, "--steps", "-o", str(slides)]
    subprocess.run(command, check=True, capture_output=True)
    plain = slides.read_text(encoding="utf-8")
    assert "the constant $1$ gets no gradient" in plain
    subprocess.run([*command, "--show-constants"], check=True, capture_output=True)
    shown = slides.read_text(encoding="utf-8")
    assert "gets no gradient" not in shown and len(shown) > 2 * len(plain)
