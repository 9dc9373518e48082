"""Formulas as written on the board (issue 20): σ, w₀, x², x⁻¹, and named intermediates.

The command line reads `σ(w₀*x₀ + w₁*x₁ + w₂)` and `q = x + y; f = q*z` (or one statement per
line); the names it reads name the nodes in every view; a power is drawn and titled as a power.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import draw
from autograd.formula import ExpressionError, build_graph, formula_variables, python_spelling
from autograd.graph import topological_order
from autograd.lecture.frames import lecture_frames
from autograd.viz.text import as_text

NEURON = {"w₀": 2.0, "x₀": -1.0, "w₁": -3.0, "x₁": -2.0, "w₂": -3.0}


def test_sigma_and_subscripted_names() -> None:
    f = build_graph("σ(w₀*x₀ + w₁*x₁ + w₂)", NEURON)
    assert f.op == "sigmoid" and f.data == pytest.approx(1 / (1 + math.exp(-1.0)))
    labels = [node.label for node in topological_order(f) if not node.inputs]
    assert labels == ["w₀", "x₀", "w₁", "x₁", "w₂"]
    assert python_spelling("w₁₂ + x⁻¹")[0] == "w_12 + x**(-1)"
    assert formula_variables("σ(w₀*x₀ + w₂)") == ["w₀", "x₀", "w₂"]


def test_superscripts_are_powers() -> None:
    f = build_graph("x² + x⁻¹ + x¹⁰", {"x": 2.0})
    assert f.data == 4 + 0.5 + 1024
    exponents = [node.inputs[1].data for node in topological_order(f) if node.op == "**"]
    assert exponents == [2.0, -1.0, 10.0]


def test_named_intermediates_name_the_nodes() -> None:
    for formula in ("q = x + y; f = q*z", "q = x + y\nf = q*z", "q = x + y; q*z"):
        f = build_graph(formula, {"x": -2.0, "y": 5.0, "z": -4.0})
        assert f.data == -12.0
        q = f.inputs[0]
        assert q.label == "q" and q.op == "+"
        assert f.label == "f"
    assert formula_variables("q = x + y; f = q*z") == ["x", "y", "z"]
    f = build_graph("q = x + y; f = q*z", {"x": -2.0, "y": 5.0, "z": -4.0})
    captions = [frame.caption for frame in lecture_frames(f)]
    assert "q = x + y = −2 + 5 = 3" in captions
    assert any(caption.startswith("f = q · z, upstream ∂f/∂f = 1") for caption in captions)
    assert "<B>q</B>" in draw(f).source
    assert re.search(r"^q\s+\+\s+x, y", as_text(f), re.M)


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("x + y; f = 2*x", "every statement but the last names its value"),
        ("q = x; f = q*y", "only gives x a second name"),
        ("x = y + 1; f = x", "already a variable"),
        ("q = ; f = x", "has no formula"),
    ],
)
def test_bad_statements_are_clear_errors(formula: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        build_graph(formula, {"x": 1.0, "y": 2.0})


def test_a_power_is_drawn_as_a_power() -> None:
    f = build_graph("x^2 + x*y + x**-1", {"x": 1.0, "y": 2.0})
    source = draw(f).source
    circles = re.findall(r"^\top\d+ \[label=<([^>]*)>", source, re.M)
    assert "x²" in circles and "x⁻¹" in circles
    assert "**" not in source
    g = build_graph("a^b", {"a": 2.0, "b": 3.0})
    assert "label=<aᵇ>" in draw(g).source


def test_the_command_line_reads_the_board_and_titles_it_typeset(tmp_path: Path) -> None:
    page = tmp_path / "s.html"
    arguments = [f"{name}={value:g}" for name, value in NEURON.items()]
    command = [sys.executable, "-m", "autograd", "σ(w₀*x₀ + w₁*x₁ + w₂)", *arguments]
    subprocess.run([*command, "--steps", "-o", str(page)], check=True, capture_output=True)
    text = page.read_text(encoding="utf-8")
    assert "<title>f = σ(w₀ · x₀ + w₁ · x₁ + w₂)</title>" in text
    data = re.search(r'id="lecture-data">(.*?)</script>', text, re.S)
    assert data is not None
    done = json.loads(data.group(1))["frames"][-1]["caption"][1]
    assert [part.split("\N{NO-BREAK SPACE}=")[0] for part in re.split(r",\s+", done)] == [
        "∂f/∂w₀",
        "∂f/∂x₀",
        "∂f/∂w₁",
        "∂f/∂x₁",
        "∂f/∂w₂",
    ]
    named = subprocess.run(
        [sys.executable, "-m", "autograd", "q = x + y; f = q*z", "x=-2", "y=5", "z=-4"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert re.search(r"^q\s+\+\s+x, y\s+3\s+−?-?4", named, re.M)
    power = tmp_path / "p.html"
    subprocess.run(
        [sys.executable, "-m", "autograd", "x^2 + x*y", "x=1", "y=2", "--steps", "-o", str(power)],
        check=True,
        capture_output=True,
    )
    assert "<title>f = x² + x · y</title>" in power.read_text(encoding="utf-8")


def test_an_underscore_index_is_a_subscript_in_every_view(tmp_path: Path) -> None:
    from autograd import Value
    from autograd.lecture.gif import gif_frames
    from autograd.lecture.player import player_html
    from autograd.lecture.tikz import to_tikz

    w = Value(2.0, label="w_0")
    x = Value(-1.0, label="x_12")
    f = (w * x).tanh()
    f.label = "f"
    done = lecture_frames(f)[-1].caption
    assert "∂f/∂w₀ = " in done.replace("\N{NO-BREAK SPACE}", " ") and "x₁₂" in done
    assert "<B>w₀</B>" in draw(f).source and "w_0" not in draw(f).source
    assert re.search(r"^w₀ ", as_text(f), re.M)
    assert "w_0" not in player_html(f)
    tikz = to_tikz(f, steps=True)
    assert "w_{0}" in tikz and "x_{12}" in tikz and r"w\_0" not in tikz
    assert len(gif_frames(f, width=480)) == len(lecture_frames(f))  # the GIF draws the same
    n = Value(1.0, label="n1")  # a generated name n1_1 is not a label: it stays as it is
    g = n + Value(2.0) * n
    assert "n1₁" not in "".join(frame.caption for frame in lecture_frames(g))
