"""Worksheets: read the PDF back. One page per student (their own inputs, every computed box blank),
then the answer key, whose every number equals the engine's for that student's inputs; inputs
never where an operation is undefined, at a kink or at a tie; A4 and Letter; the command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from autograd.cli.main import main
from autograd.formula import build_graph
from autograd.graph import topological_order
from autograd.lecture.worksheet import (
    INPUT_CHOICES,
    MIN_ANSWER,
    PAPER_SIZES,
    make_worksheets,
    student_sheets,
)
from autograd.value import is_constant
from autograd.viz.names import display_names

NEURON = "sigmoid(w0*x0 + w1*x1 + w2)"


def engine_rows(expression: str, values: dict[str, float]) -> list[str]:
    """The answer key's rows as the engine computes them: "name data grad", 4 digits."""
    root = build_graph(expression, values)
    root.backward()
    order = topological_order(root)
    names = display_names(order)
    rows = [f"{names[n]} {n.data + 0.0:.4g} {n.grad + 0.0:.4g}" for n in order]
    return [row.replace("-", "\N{MINUS SIGN}") for row in rows]  # the key writes "−2", as draw


def key_tables(reader: PdfReader, first_key_page: int) -> dict[int, list[str]]:
    """sheet number -> its answer rows, read from the answer-key pages' text."""
    tables: dict[int, list[str]] = {}
    current: list[str] = []
    for page in reader.pages[first_key_page:]:
        for line in page.extract_text().splitlines():
            match = re.fullmatch(r"sheet (\d+)", line.strip())
            if match:
                current = tables.setdefault(int(match.group(1)), [])
            elif re.fullmatch(r"\S+ −?[\d.e+−]+ −?[\d.e+−]+", line.strip()):
                current.append(line.strip())
    return tables


@pytest.mark.slow  # renders thirty sheets and pdflatex
def test_thirty_sheets_and_an_answer_key(renderer: str, tmp_path: Path) -> None:
    target = tmp_path / "sheets.pdf"
    sheets = make_worksheets(NEURON, target, students=30, seed=1)
    reader = PdfReader(target)
    assert len(sheets) == 30 and len(reader.pages) > 30
    for sheet, page in zip(sheets, reader.pages[:30]):
        text = page.extract_text()
        assert f"sheet {sheet.number} of 30" in text and "Name:" in text
        minus = "\N{MINUS SIGN}"  # the page writes numbers as the drawings do: "−2"
        given = ", ".join(
            f"{name} = {value:g}".replace("-", minus) for name, value in sheet.values.items()
        )
        assert f"Your inputs: {given}" in text
        # the boxes: given inputs filled in, every computed value and every gradient blank
        lines = [line.strip() for line in text.splitlines()]
        data = [line.removeprefix("data").strip() for line in lines if line.startswith("data")]
        grads = [line.removeprefix("grad").strip() for line in lines if line.startswith("grad")]
        inputs = sorted(f"{value:g}".replace("-", minus) for value in sheet.values.values())
        assert sorted(value for value in data if value) == inputs
        assert data.count("") == 5 and grads == [""] * 10  # 5 operations, 10 values
        assert (float(page.mediabox.width), float(page.mediabox.height)) in (
            PAPER_SIZES["a4"],
            PAPER_SIZES["a4"][::-1],
        )
    tables = key_tables(reader, 30)
    assert sorted(tables) == list(range(1, 31))
    for sheet in sheets:
        assert tables[sheet.number] == engine_rows(NEURON, sheet.values)
    assert len({tuple(sheet.values.values()) for sheet in sheets}) == 30  # all different


def test_inputs_avoid_undefined_points_kinks_and_ties() -> None:
    formula = "relu(x - y) + max(x, y) + abs(x + y) + log(x*x) + 1/(x - 2*y) + sigmoid(3*x*y)"
    sheets = student_sheets(formula, students=200, seed=7)
    for sheet in sheets:
        x, y = sheet.values["x"], sheet.values["y"]
        assert x in INPUT_CHOICES and y in INPUT_CHOICES
        assert x != y and x + y != 0 and x != 2 * y and x != 0
        for _name, data, grad in sheet.answers:
            assert abs(data) >= MIN_ANSWER
            assert abs(grad) >= MIN_ANSWER
    assert student_sheets(formula, students=5, seed=7) == sheets[:5]  # the seed decides
    assert student_sheets(formula, students=5, seed=8) != sheets[:5]


def test_a_hundred_sheets_a_teacher_can_hand_out() -> None:
    """No saturated neuron and no hopeless number: every sigmoid/tanh input within ±3, every
    value and gradient of the key between 0.01 and 100 in magnitude."""
    for formula in (NEURON, "tanh(w0*x0 + w1*x1 + w2) * sigmoid(x0 - x1)"):
        sheets = student_sheets(formula, students=100, seed=1)
        assert len(sheets) == 100
        for sheet in sheets:
            root = build_graph(formula, sheet.values)
            order = topological_order(root)
            for node in order:
                if node.op in ("sigmoid", "tanh"):
                    assert abs(node.inputs[0].data) <= 3, (sheet.values, node.op)
            constants = {n for n, node in enumerate(order) if is_constant(node)}
            for n, (_name, data, grad) in enumerate(sheet.answers):
                if n not in constants:  # (a constant's number is not an answer)
                    assert 0.01 <= abs(data) <= 100 and 0.01 <= abs(grad) <= 100, sheet


def test_lang_before_or_after_the_sub_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for arguments in (
        ["--lang", "ru", "worksheet", NEURON, "--students", "2", "-o", str(tmp_path / "a.pdf")],
        ["worksheet", NEURON, "--students", "2", "-o", str(tmp_path / "b.pdf"), "--lang", "ru"],
        ["--lang=ru", "worksheet", NEURON, "--students", "2", "-o", str(tmp_path / "c.pdf")],
    ):
        assert main(arguments) == 0, capsys.readouterr().err
        capsys.readouterr()
    assert len(PdfReader(tmp_path / "a.pdf").pages) == 3
    with pytest.raises(SystemExit):
        raise SystemExit(main(["worksheet", "--help"]))
    help_text = capsys.readouterr().out
    assert "--lang" in help_text and "between 0.01 and 100" in help_text
    assert main(["--lang", "ru", "worksheet", "--help"]) == 0
    assert "--lang" in capsys.readouterr().out


def test_letter_paper_and_errors(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    make_worksheets("x^2 * y", target, students=3, seed=2, paper="letter", title="Quiz 3")
    reader = PdfReader(target)
    assert len(reader.pages) == 4
    sizes = {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages}
    assert sizes <= {PAPER_SIZES["letter"], PAPER_SIZES["letter"][::-1]}
    assert "Quiz 3 · sheet 1 of 3" in reader.pages[0].extract_text()
    with pytest.raises(ValueError, match="no variables"):
        student_sheets("2 * 3", students=1)
    with pytest.raises(ValueError, match="found no inputs"):
        student_sheets("log(x - x)", students=1)
    with pytest.raises(ValueError, match="paper"):
        make_worksheets("x", tmp_path / "a.pdf", paper="a5")  # type: ignore[arg-type]


def test_worksheet_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "sheets.pdf"
    assert main(["worksheet", NEURON, "--students", "4", "--seed", "1", "-o", str(target)]) == 0
    assert len(PdfReader(target).pages) == 5
    assert "4 sheets and the answer key" in capsys.readouterr().err
    assert main(["worksheet", NEURON, "-o", str(tmp_path / "sheets.png")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["worksheet", "2x", "-o", str(target)]) == 2
    assert "write 2*x" in capsys.readouterr().err
    assert main(["worksheet", NEURON]) == 2  # no -o
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "-o" in err


@pytest.mark.parametrize("students", [32, 33, 48, 64, 65])
def test_inputs_are_distinct_until_every_fair_combination_is_used(students: int) -> None:
    """Issue 24, item 8: sqrt(x)*y has 64 combinations of inputs, 32 of them fair (x > 0).
    33 to 64 students failed ('found no inputs ... where every operation is defined'), as the
    distinctness check counted the unfair combinations too."""
    sheets = student_sheets("sqrt(x)*y", students=students, seed=3)
    inputs = [tuple(sheet.values.values()) for sheet in sheets]
    assert len(inputs) == students and all(x > 0 for x, _ in inputs)
    assert len(set(inputs)) == min(students, 32)  # every fair combination before any repeat
    assert len(set(inputs[:32])) == 32


def test_the_formula_is_written_as_on_the_board(tmp_path: Path) -> None:
    """Every page (the sheets and the key) writes the formula as the player titles it: σ, the
    · of a product, indices as subscripts; never as typed (sigmoid, *)."""
    target = tmp_path / "sheets.pdf"
    make_worksheets("sigmoid(w_0*x_0 + w_1*x_1 + w_2)", target, students=2, seed=1)
    for page in PdfReader(target).pages:
        text = page.extract_text()
        assert "f = σ(w₀ · x₀ + w₁ · x₁ + w₂)" in text, text
        assert "answer key" in text or "Your inputs: w₀ = " in text, text
        assert "sigmoid" not in text and "*" not in text
