"""The command line in-process: every kind of bad input is one line on stderr and exit code 2."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from autograd.cli.main import main
from autograd.formula import FUNCTIONS

SEED = ["(x + y) * z", "x=-2", "y=5", "z=-4"]


def error_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run main(argv), check exit code 2, nothing on stdout, one line on stderr; return it."""
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    assert captured.out == ""
    assert captured.err.endswith("\n") and captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err
    line = captured.err.rstrip("\n")
    assert line.startswith("backprop-lab: error: ")
    return line.removeprefix("backprop-lab: error: ")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("x.real", "not allowed in a formula: attribute access ('x.real')"),
        ("x.__class__", "not allowed in a formula: attribute access ('x.__class__')"),
        ("x[0]", "not allowed in a formula: subscripts ('x[0]')"),
        ("(lambda: x)()", "unknown function 'lambda: x'"),
        ("lambda: x", "not allowed in a formula: lambda ('lambda: x')"),
        ("'x' * x", "only numbers are allowed as constants, got 'x'"),
        ("x + True", "only numbers are allowed as constants, got True"),
        ("x + 1j", "only numbers are allowed as constants, got 1j"),
        ("foo(x)", f"unknown function 'foo' (allowed: {', '.join(FUNCTIONS)})"),
        ("__import__('os')", "unknown function '__import__'"),
        ("x.exp()", "unknown function 'x.exp'"),
        ("exp(x=x)", "keyword arguments are not allowed: 'exp(x=x)'"),
        ("exp(x, x)", "exp takes 1 argument, got 2 in 'exp(x, x)'"),
        ("max(x)", "max takes 2 arguments, got 1 in 'max(x)'"),
        ("min(*x)", "*arguments are not allowed: 'min(*x)'"),
        ("x // 2", "operator not allowed in 'x // 2' (use + - * / ^)"),
        ("x % 2", "operator not allowed in 'x % 2' (use + - * / ^)"),
        ("~x", "operator not allowed in '~x'"),
        ("x < 1", "not allowed in a formula: comparisons ('x < 1')"),
        ("x if x else 1", "not allowed in a formula: if/else ('x if x else 1')"),
        ("[x]", "not allowed in a formula: lists ('[x]')"),
        ("(x, x)", "not allowed in a formula: tuples ('(x, x)')"),
        ("(x := 1)", "not allowed in a formula: := ('x := 1')"),
        ("f'{x}'", "not allowed in a formula: strings"),
        ("x +", "cannot parse the formula: invalid syntax"),
        ("x; x", "every statement but the last names its value"),
        ("  ", "the formula is empty"),
        ("x + y2", "unknown variable 'y2': give it a value, as in y2=1.5"),
        ("exp", "'exp' is a function: call it, as in exp(x)"),
        ("x * 1e999", "a number in the formula is too large for a float"),
        ("(" * 300 + "x" + ")" * 300, "cannot parse the formula: too many nested parentheses"),
        ("+".join(["x"] * 100_000), "the formula is nested too deeply to parse"),
    ],
)
def test_formula_off_the_whitelist(
    expression: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert error_of([expression, "x=1"], capsys).startswith(expected)


@pytest.mark.parametrize(
    ("assignments", "expected"),
    [
        (["x"], "expected name=value, got 'x'"),
        (["x="], "expected name=value, got 'x='"),
        (["=1"], "expected name=value, got '=1'"),
        (["x=1", "x=2"], "variable 'x' is given more than once"),
        (["x=two"], "the value of 'x' must be a number, got 'two'"),
        (["x=1+1"], "the value of 'x' must be a number, got '1+1'"),
        (["x=nan"], "the value of 'x' must be a finite number, got 'nan'"),
        (["x=-inf"], "the value of 'x' must be a finite number, got '-inf'"),
        (["x=1e400"], "the value of 'x' must be a finite number, got '1e400'"),
        (["2x=1"], "'2x' in '2x=1' is not a valid variable name"),
        (["x.y=1"], "'x.y' in 'x.y=1' is not a valid variable name"),
        (["exp=1"], "'exp' is a function name and cannot be a variable"),
        ([], "unknown variable 'x': give it a value, as in x=1.5"),
    ],
)
def test_bad_assignments(
    assignments: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert error_of(["x * 2", *assignments], capsys) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["log(x)", "x=-1"], "log: input must be positive, got -1.0"),
        (["log(x - x)", "x=3"], "log: input must be positive, got 0.0"),
        (["1 / (x - 2)", "x=2"], "/: division by zero (1.0 / 0.0)"),
        (["exp(x)", "x=1000"], "exp: e ** 1000.0 overflows a float"),
        (
            ["x ** 0.5", "x=-4"],
            "**: the negative base -4.0 to the fractional power 0.5 is not a real number",
        ),
        (["x ** -1", "x=0"], "**: 0.0 to the negative power -1.0"),
        (
            ["x ** y", "x=-2", "y=2"],
            "pow: the derivative d/db is undefined at a = -2.0, b = 2.0 (log: input must be positive, "
            "got -2.0); b·aᵇ⁻¹ to the base, aᵇ·ln a to the exponent",
        ),
    ],
)
def test_engine_errors(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert error_of(argv, capsys) == expected


def test_output_file_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert error_of([*SEED, "-o", str(tmp_path / "graph.jpg")], capsys).startswith(
        "cannot tell the format of"
    )
    assert error_of([*SEED, "-o", str(tmp_path / "graph.html")], capsys).endswith(
        "(add --steps for the lecture player)"
    )
    assert error_of([*SEED, "--steps"], capsys) == (
        "--steps needs an output file: add -o backprop.html"
    )
    assert error_of([*SEED, "--steps", "-o", str(tmp_path / "a.svg")], capsys).startswith(
        "--steps writes an .html player, a .gif or a Beamer .tex"
    )
    missing_folder = tmp_path / "no" / "such" / "graph.dot"
    assert "No such file or directory" in error_of([*SEED, "-o", str(missing_folder)], capsys)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "the following arguments are required: expression" in capsys.readouterr().err
    assert main([*SEED, "--colours"]) == 2
    assert capsys.readouterr().err == (
        "backprop-lab: error: unrecognized arguments: --colours (see backprop-lab --help)\n"
    )


def test_formula_is_never_evaluated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def forbidden(*arguments: Any, **keywords: Any) -> Any:
        raise AssertionError("eval/exec must never be called")

    formula = ["sigmoid(x * y) + max(x, y) ** 2 - -abs(y) / 2", "x=1", "y=-3"]
    # Python's import machinery runs a module's code with the builtin exec, so the tools the
    # command line loads lazily are loaded first; the run under test then loads nothing new.
    assert main(formula) == 0
    capsys.readouterr()
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert main(formula) == 0
    assert capsys.readouterr().out.splitlines()[-1].split()[0] == "f"
    error_of(["__import__('os').system('echo hacked')"], capsys)


def test_labels_and_the_output_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x", "x=3"]) == 0  # a bare name: the output is the leaf itself
    assert capsys.readouterr().out.splitlines()[1].split() == ["x", "3", "1"]
    assert main(["f * 2", "f=3"]) == 0  # a variable called f: the output is "output"
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[1] == ["f", "3", "2"] and rows[-1][0] == "output"
    assert main(["x * x", "x=3"]) == 0  # one leaf used twice
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[1] == ["x", "3", "6"] and rows[-1] == ["f", "*", "x,", "x", "9", "1"]
