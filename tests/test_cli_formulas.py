"""Formulas as students type them (^, pasted Unicode operators, ln, e, pi), the hints for the
rest, the drawing flags, and issue 15's defect 13 (deep formulas in error messages, NFKC names,
a leading minus). Every graph is compared with the same formula written in Python's spelling."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd.cli.main import main
from autograd.formula import ExpressionError, UnusedVariableWarning, build_graph
from autograd.graph import topological_order

ROOT = Path(__file__).resolve().parent.parent


def data_and_grads(expression: str, values: dict[str, float]) -> tuple[float, dict[str, float]]:
    root = build_graph(expression, values)
    root.backward()
    leaves = {node.label: node.grad for node in topological_order(root) if node.label in values}
    return root.data, leaves


@pytest.mark.parametrize(
    ("typed", "python"),
    [
        ("x^2 + 3*x*y", "x**2 + 3*x*y"),
        ("x² · y − 3 ÷ x", "x**2 * y - 3 / x"),
        ("x³ × y", "x**3 * y"),
        ("2^x^2", "2**x**2"),  # right-associative, as in math
        ("-x^2", "-(x**2)"),  # the power binds tighter than the minus, as in math
        ("x⋅y", "x*y"),
        ("ln(x) + log(y)", "log(x) + log(y)"),
    ],
)
def test_math_spelling_builds_the_same_graph(typed: str, python: str) -> None:
    values = {"x": 1.5, "y": 2.0}
    used = {name: value for name, value in values.items() if name in python}
    assert data_and_grads(typed, used) == data_and_grads(python, used)


def test_constants_e_and_pi_are_leaves() -> None:
    root = build_graph("e^x + pi*x + π", {"x": 0.5})
    root.backward()
    leaves = {node.label: node for node in topological_order(root) if not node.inputs}
    assert leaves["e"].data == math.e and leaves["π"].data == math.pi
    assert root.data == math.e**0.5 + math.pi * 0.5 + math.pi
    x = leaves["x"]
    assert x.grad == pytest.approx(math.e**0.5 + math.pi, rel=1e-15)


@pytest.mark.parametrize(
    ("expression", "values", "expected"),
    [
        ("2x", {"x": 1}, "write 2*x, not 2x"),
        ("x^2 + 3x", {"x": 1}, "write 3*x, not 3x"),
        ("x y", {"x": 1, "y": 2}, "missing operator between x and y"),
        ("2(x + 1)", {"x": 1}, "missing operator between 2 and (x + 1)"),
        ("(x+1)(x-1)", {"x": 1}, "missing operator between (x+1) and (x-1)"),
        ("x(y)", {"x": 1, "y": 2}, "missing operator between x and (y)"),
        ("pi x", {"x": 1}, "missing operator between pi and x"),
    ],
)
def test_missing_operator_hints(expression: str, values: dict[str, float], expected: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        build_graph(expression, values)
    assert expected in str(raised.value)


def test_unused_variable_is_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.warns(UnusedVariableWarning, match="variable 'w' is given but not used"):
        build_graph("x * 2", {"x": 1.0, "w": 2.0})
    assert main(["x * 2", "x=1", "w=2"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "backprop-lab: warning: variable 'w' is given but not used in 'x * 2'\n"
    assert captured.out.splitlines()[-1].split() == ["f", "*", "x,", "2", "2", "1"]


def error_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured
    assert "Traceback" not in captured.err and "usage:" not in captured.err
    return captured.err.removeprefix("backprop-lab: error: ").rstrip("\n")


def test_defect_13_deep_formulas_give_a_short_message(capsys: pytest.CaptureFixture[str]) -> None:
    chain = "-".join(["x"] * 900)
    message = error_line([f"({chain}) % 2", "x=1"], capsys)
    assert message.startswith("operator not allowed in '(x-x-x-") and message.endswith(
        "(use + - * / ^)"
    )
    assert len(message) < 120
    message = error_line([f"max({chain})", "x=1"], capsys)
    assert message.startswith("max takes 2 arguments, got 1 in 'max(x-x-") and len(message) < 120


def test_defect_13_names_python_treats_as_equal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ℓ*2", "ℓ=1"]) == 0  # Python reads ℓ as l (NFKC); the label stays ℓ
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[1] == ["ℓ", "1", "2"]
    assert error_line(["ℓ*2", "l=1", "ℓ=3"], capsys) == (
        "variable 'ℓ' is given more than once ('l' and 'ℓ' are the same name to Python)"
    )
    assert error_line(["ℓ*2"], capsys) == "unknown variable 'ℓ': give it a value, as in ℓ=1.5"
    assert error_line(["x", "e=1"], capsys).startswith("'e' is the constant 2.71828")


@pytest.mark.parametrize("formula", ["-x", "-x*y", "-(x+y)", "-2*x"])
def test_defect_13_leading_minus_is_one_hint_line(
    formula: str, capsys: pytest.CaptureFixture[str]
) -> None:
    message = error_line([formula, "x=1", "y=2"], capsys)
    assert message == (
        f"'{formula}' looks like a formula that starts with '-': put the formula after --, "
        f"as in: backprop-lab -- {formula} x=1"
    )
    assert main(["--", formula, "x=1", "y=2"]) == 0
    capsys.readouterr()


def test_drawing_flags_reach_the_drawing(tmp_path: Path) -> None:
    target = tmp_path / "g.dot"
    argv = ["x^2 + x*y", "x=1", "y=2", "-o", str(target)]
    assert main([*argv, "--quiz", "grad", "--rankdir", "TB", "--title", "Quiz 1"]) == 0
    source = target.read_text(encoding="utf-8")
    assert "rankdir=TB" in source and "Quiz 1" in source and "grad ?" in source
    assert main([*argv, "--edge-labels", "message", "--color"]) == 0
    source = target.read_text(encoding="utf-8")
    assert "upstream × local" in source and "#" in source.split("BGCOLOR=")[2][:3]
    odd_name = tmp_path / "graph.drawing"
    assert main([*argv[:3], "-o", str(odd_name), "--format", "svg"]) == 0
    assert odd_name.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_help_says_formulas_are_math(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "Formulas are math, not Python: x^2 is x squared" in text
    for example in ("--steps -o backprop.html", "--quiz grad", "--edge-labels message"):
        assert example in text


def test_closed_pipe_exits_quietly() -> None:
    """`python -m autograd ... --code | head -1`: the reader closes the pipe after one line."""
    long_formula = " + ".join(f"x*{i}" for i in range(800))
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-m", "autograd", long_formula, "x=1", "--code"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    ) as process:  # the pipe is closed in Python, not by a shell's `head` (not on every PATH)
        assert process.stdout is not None and process.stderr is not None
        first_line = process.stdout.readline()
        process.stdout.close()  # as `head -1` does once it has its line
        stderr = process.stderr.read()
        returncode = process.wait(timeout=120)
    assert first_line.startswith("# Generated by autograd.to_python")
    assert returncode == 0
    assert stderr == ""


def test_tex_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    neuron = ["sigmoid(w0*x0 + w1*x1 + w2)", "w0=2", "x0=-1", "w1=-3", "x1=-2", "w2=-3"]
    frame = tmp_path / "neuron.tex"
    assert main([*neuron, "--steps", "-o", str(frame), "--lang", "ru", "--text"]) == 0
    text = frame.read_text(encoding="utf-8")
    assert text.startswith("\\documentclass{beamer}") and "Обратный проход" in text
    assert text.count("\\only<") >= 11  # a caption for each of the 11 slides
    # the frame title is the formula typeset as math, never the expression as typed
    assert "\\begin{frame}{$f = \\sigma(w_{0} \\cdot x_{0} + w_{1} \\cdot x_{1} + w_{2})$}" in text
    assert "sigmoid" not in text
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[1][:2] == ["w0", "2"] and rows[1][2] == "-0.1966"  # --text after the steps
    picture = tmp_path / "quiz.tex"
    assert main(["x^2 + x*y", "x=1", "y=2", "-o", str(picture), "--quiz", "grad"]) == 0
    text = picture.read_text(encoding="utf-8")
    assert text.startswith("\\documentclass{article}") and "grad ?" in text
    assert error_line([*neuron, "-o", str(tmp_path / "a.gif")], capsys).startswith(
        "cannot tell the format of"
    )


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["-o", "g.tex", "--color"], "--color is for .svg, .png and .pdf drawings"),
        (["-o", "g.tex", "--theme", "dark"], "--theme dark is for drawings, GIFs and the player"),
        (["--steps", "-o", "p.tex", "--theme", "dark"], "--theme dark is for drawings, GIFs and"),
        (["--steps", "-o", "p.gif", "--quiz", "grad"], "--quiz with --steps is for the .html"),
        (["--steps", "-o", "p.gif", "--color"], "--color is for a drawing, not --steps"),
    ],
)
def test_flags_an_output_would_ignore_are_refused(
    flags: list[str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = [str(tmp_path / flag) if "." in flag else flag for flag in flags]
    assert error_line(["x * y", "x=1", "y=2", *flags], capsys).startswith(expected)
    assert not any(tmp_path.iterdir())  # refused before writing anything


def test_random_typing_is_never_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    """400 seeded random formulas from math-ish pieces: exit 0, or exit 2 with one line."""
    import random

    pieces = [*"xyz0123456789+-*/^()., ²³·×−÷eπ%['", "exp(", "ln(", "max(", "sqrt(", "pi", "**"]
    rng = random.Random(13)
    for _attempt in range(400):
        formula = "".join(rng.choice(pieces) for _piece in range(rng.randint(1, 12)))
        code = main(["--", formula, "x=1.5", "y=-2", "z=0.5"])
        captured = capsys.readouterr()
        errors = [line for line in captured.err.splitlines() if ": warning: " not in line]
        assert "Traceback" not in captured.err, formula
        assert (code, len(errors)) in ((0, 0), (2, 1)), (formula, captured.err)
