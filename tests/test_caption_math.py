"""Caption math from the op table: power rules read simply, and LaTeX names are safe anywhere.

The rule of `x ** n` for a constant n reads `n·x^(n−1)` with n − 1 worked out, x¹ written x and
x⁰ written 1 (`2 · x`, `3 · x²`, `0.5 · x^(−0.5)`), in Unicode and LaTeX; `math_text.latex_name` is the
exports' `latex_math_name`, and real pdflatex compiles rule and formula captions, and a Beamer
export, of a graph whose labels are TeX's special characters and Cyrillic.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograd import Value
from autograd.graph import topological_order
from autograd.lecture.tikz import tikz_preamble, to_tikz
from autograd.viz.latex import latex_math_name
from autograd.viz.math_text import formula_caption, latex_name, rule_caption
from tests.test_tikz import compile_pdf, needs_latex, page_count, pdf_text

POWERS = [  # n, the rule of x**n over names (Unicode, LaTeX), with numbers at x = 3 (Unicode)
    (2.0, "2 · x", r"2 \cdot x", "2 · 3"),
    (3.0, "3 · x²", r"3 \cdot x^{2}", "3 · 3²"),
    (0.5, "0.5 · x^(−0.5)", r"0.5 \cdot x^{-0.5}", "0.5 · 3^(−0.5)"),
    (-1.0, "−1 · x⁻²", r"-1 \cdot x^{-2}", "−1 · 3⁻²"),
    (1.5, "1.5 · x^0.5", r"1.5 \cdot x^{0.5}", "1.5 · 3^0.5"),
    (1.0, "1", "1", "1 · 1"),
    (0.0, "0", "0", "0"),
]


@pytest.mark.parametrize(("n", "text", "tex", "numbers"), POWERS)
def test_power_rule_reads_with_the_exponent_worked_out(
    n: float, text: str, tex: str, numbers: str
) -> None:
    x = Value(3.0, label="x")
    f = x**n
    names = {x: "x", f: "f"}
    assert rule_caption(f, 0, names) == (text, numbers, rule_caption(f, 0, names)[2])
    assert rule_caption(f, 0, names, style="latex")[0] == tex
    f.backward()
    local = n * 3.0 ** (n - 1.0) if n != 0.0 else 0.0
    assert x.grad == pytest.approx(local, rel=1e-15)  # the caption's numbers are the engine's


def test_value_power_and_equal_numbers() -> None:
    """a**b with b a Value keeps b − 1 in symbols; at a = b = 2 the numbers read 2 · 2, not 2²
    (only one name times itself is a square: tanh's 1 − out·out reads 1 − 0.7616²)."""
    a, b = Value(2.0, label="a"), Value(2.0, label="b")
    g = a**b
    names = {a: "a", b: "b", g: "g"}
    assert rule_caption(g, 0, names)[:2] == ("0 if b = 0, else b · a^(b − 1)", "2 · 2")
    t = Value(1.0, label="x").tanh()
    assert rule_caption(t, 0, {t.inputs[0]: "x", t: "t"})[:2] == ("1 − tanh(x)²", "1 − 0.7616²")


LABELS = ["a^b", "x~1", "привет", "_%&#${}\\"]


def test_latex_name_is_the_exports_escaping() -> None:
    for name in [*LABELS, "n8", "x", "σ", "loss", "w12"]:
        assert latex_name(name) == latex_math_name(name)
    assert latex_name("n8") == "n_{8}"
    for label in LABELS:
        assert "\\mathrm" not in latex_name(label)
        assert "\\^{}" not in latex_name(label) and "\\~{}" not in latex_name(label)


def labelled_graph() -> Value:
    """A graph whose every name is one of LABELS, through ×, +, **, tanh, max."""
    a, b, c, d = (Value(v, label=label) for v, label in zip((2.0, -1.0, 0.5, 1.5), LABELS))
    f = (a * b + c**2).tanh() * d + a.max(c)
    f.label = "f"
    return f


@pytest.mark.slow
@needs_latex
def test_pdflatex_compiles_rule_captions_over_any_label(tmp_path: Path) -> None:
    f = labelled_graph()
    order = topological_order(f)
    names = {node: node.label or f"n{i}" for i, node in enumerate(order)}
    lines = []
    for node in order:
        if not node.inputs:
            continue
        lines.append("$" + formula_caption(node, names, "latex") + r"$\par")
        for index in range(len(node.inputs) - (1 if node.op == "**" else 0)):
            math_text, numbers, _words = rule_caption(node, index, names, style="latex")
            lines.append(f"${math_text} = {numbers}$\\par")
    tex = "\n".join(
        [
            r"\documentclass{article}",
            tikz_preamble(cyrillic=True),
            r"\begin{document}",
            *lines,
            r"\end{document}",
        ]
    )
    text = pdf_text(compile_pdf(tex, tmp_path))
    for label in LABELS:
        assert label in text, (label, text)


@pytest.mark.slow
@needs_latex
def test_pdflatex_compiles_a_beamer_export_with_these_labels(tmp_path: Path) -> None:
    f = labelled_graph()
    pdf = compile_pdf(to_tikz(f, steps=True), tmp_path)
    operations = sum(1 for node in topological_order(f) if node.inputs)
    assert page_count(pdf) == 1 + 2 * operations
    text = pdf_text(pdf)
    for label in LABELS:
        assert label in text, (label, text)


def test_piecewise_rules_read_in_the_chosen_language() -> None:
    from autograd.i18n import language
    from autograd.viz.names import display_names

    x, b = Value(-1.0, label="x"), Value(2.0, label="b")
    for root in (x.relu(), x.max(b), x.abs()):
        names = display_names(topological_order(root))
        with language("en"):
            english = (
                rule_caption(root, 0, names)[0] + rule_caption(root, 0, names, style="latex")[0]
            )
        with language("ru"):
            russian = (
                rule_caption(root, 0, names)[0] + rule_caption(root, 0, names, style="latex")[0]
            )
        assert "else" in english and "otherwise" in english
        assert "иначе" in russian and "если" in russian
        assert not {"if", "else", "otherwise"} & set(re.findall(r"[a-z]+", russian)), russian
