"""`to_tikz`: real pdflatex compiles the seed graph, the sigmoid neuron as a Beamer frame (one page
per step), an `nn` neuron, a Russian frame and a label-escaping torture test; pdftoppm rasterises
pages, which must not be blank; the nodes sit exactly where Graphviz put them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from autograd import Value
from autograd.graph import topological_order
from autograd.lecture.tikz import to_tikz
from autograd.viz.diagram import draw
from autograd.viz.render import render_dot
from nn import Neuron
from tests.seed_graphs import seed_xyz

pytestmark = pytest.mark.slow  # real renders / browsers / LaTeX / builds: seconds each

needs_latex = pytest.mark.skipif(
    shutil.which("pdflatex") is None or shutil.which("pdftoppm") is None,
    reason="pdflatex and pdftoppm are needed (Debian: texlive-latex-recommended, poppler-utils)",
)


def seed_neuron() -> Value:
    """The seed lecture's sigmoid neuron f = σ(w0·x0 + w1·x1 + w2) at 2, -1, -3, -2, -3."""
    names = ("w0", "x0", "w1", "x1", "w2")
    w0, x0, w1, x1, w2 = (Value(v, label=n) for v, n in zip((2.0, -1.0, -3.0, -2.0, -3.0), names))
    f = (w0 * x0 + w1 * x1 + w2).sigmoid()
    f.label = "f"
    return f


def compile_pdf(tex: str, folder: Path, name: str = "doc") -> Path:
    """pdflatex `tex` in `folder` (halting on the first error); return the PDF."""
    (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=240,
    )
    log = (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-3000:]
    return folder / f"{name}.pdf"


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def ink_fraction(pdf: Path, page: int, folder: Path) -> float:
    """The fraction of non-white pixels of one page, rasterised by pdftoppm at 60 dpi."""
    prefix = folder / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(prefix)],
        check=True,
    )  # fmt: skip
    with Image.open(f"{prefix}.png") as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:200])  # pixels darker than light grey
        return dark / (grey.width * grey.height)


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    run = subprocess.run(
        ["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return run.stdout


def test_positions_are_graphvizs(renderer: str) -> None:
    *_, f = seed_xyz()
    f.backward()
    tex = to_tikz(f, document=False)
    layout = json.loads(render_dot(draw(f).source, "json"))
    graphviz_positions = {
        item["name"]: tuple(round(float(v), 2) for v in item["pos"].split(","))
        for item in layout["objects"]
    }
    tikz_positions = {
        name: (float(x), float(y))
        for name, x, y in re.findall(r"\((v\d+|op\d+)\) at \(([-\d.]+)bp,([-\d.]+)bp\)", tex)
    }
    assert tikz_positions == graphviz_positions
    assert len(tikz_positions) == 7  # x, y, z, q, f and the two operations


def test_edge_labels_sit_on_their_edges(renderer: str) -> None:
    neuron = Neuron(2, activation="tanh", seed=3)
    out = neuron([Value(0.5), Value(-1.5)])
    assert isinstance(out, Value)
    out.backward()
    layout = json.loads(render_dot(draw(out, edge_labels="message").source, "json"))
    graphviz_labels = sorted(
        (  # draw writes the Unicode minus "−1.3"; LaTeX math writes "-1.3" (a minus in print)
            tuple(round(float(v), 2) for v in edge["lp"].split(",")),
            edge["label"].replace("\N{MINUS SIGN}", "-"),
        )
        for edge in layout["edges"]
        if edge.get("label")
    )
    tex = to_tikz(out, edge_labels="message", document=False)
    tikz_labels = sorted(
        ((float(x), float(y)), text.replace("\\times 10^{", "e").replace("}", ""))
        for x, y, text in re.findall(
            r"edgelabel\] at \(([-\d.]+)bp,([-\d.]+)bp\) \{\$([^$]*)\$", tex
        )
    )
    assert tikz_labels == graphviz_labels
    assert len(tikz_labels) == 8  # into two ×, the Σ and the tanh


@needs_latex
def test_seed_graph_compiles_and_shows_its_numbers(tmp_path: Path) -> None:
    *_, f = seed_xyz()
    f.backward()
    pdf = compile_pdf(to_tikz(f, edge_labels="local", title="f = (x + y) · z"), tmp_path)
    assert page_count(pdf) == 1
    assert ink_fraction(pdf, 1, tmp_path) > 0.01
    text = pdf_text(pdf)
    for word in ("data", "grad", "−12", "−4", "3"):
        assert word in text.replace("-", "−"), text


@needs_latex
def test_seed_neuron_beamer_has_one_slide_per_step(tmp_path: Path) -> None:
    f = seed_neuron()
    before = {node: node.grad for node in topological_order(f)}
    tex = to_tikz(f, steps=True, edge_labels="message", title="The sigmoid neuron")
    assert {node: node.grad for node in topological_order(f)} == before  # views change nothing
    pdf = compile_pdf(tex, tmp_path)
    operations = sum(1 for node in topological_order(f) if node.inputs)
    assert page_count(pdf) == 1 + 2 * operations == 11
    for page in (1, 6, 11):
        assert ink_fraction(pdf, page, tmp_path) > 0.01
    first, last = pdf_text(pdf, 1), pdf_text(pdf, 11)
    assert "inputs are given" in first and "Backward pass" not in first
    assert "Backward pass" in last
    # slide 11 is the last backward step: the gradients of w0 and x0, as the engine has them
    f.backward()
    leaves = {node.label: node.grad for node in topological_order(f) if not node.inputs}
    for label in ("w0", "x0"):
        assert f"{leaves[label]:.4g}".replace("-", "") in last
    assert "0.1966" in pdf_text(pdf, 7)


@needs_latex
def test_nn_neuron_and_russian(tmp_path: Path) -> None:
    neuron = Neuron(2, activation="tanh", seed=3)
    out = neuron([Value(0.5), Value(-1.5)])
    assert isinstance(out, Value)
    out.backward()
    pdf = compile_pdf(to_tikz(out, edge_labels="message"), tmp_path, "neuron")
    assert ink_fraction(pdf, 1, tmp_path) > 0.01
    text = pdf_text(pdf)  # boxes name the neuron's nodes as the captions do: w₁, not w.0
    assert "w1" in text and "w.0" not in text
    pdf = compile_pdf(to_tikz(seed_neuron(), steps=True, lang="ru", title="Нейрон"), tmp_path, "ru")
    assert page_count(pdf) == 11
    assert "Обратный проход" in pdf_text(pdf, 11)
    assert ink_fraction(pdf, 11, tmp_path) > 0.01


@needs_latex
def test_shared_inputs_and_constant_exponents(tmp_path: Path) -> None:
    x = Value(3.0, label="x")
    f = x * x + x**2 + (x + x).tanh()
    f.label = "f"
    tex = to_tikz(f, steps=True, edge_labels="local")
    pdf = compile_pdf(tex, tmp_path)
    operations = sum(1 for node in topological_order(f) if node.inputs)
    assert page_count(pdf) == 1 + 2 * operations
    f.backward()
    assert f"{x.grad:.4g}" in pdf_text(pdf, page_count(pdf))  # x's total on the last slide


TORTURE = [
    "a_b%c&d#e$f{g}h\\i~j^k",
    "\\end{document}",
    "}}}{{",
    "$x$ \\input{/etc/passwd}",
    "%comment",
    "<>|\"'`--",
    "tab\there\nnewline",
    "σ π ℓ ∂ × Ωmega",
    "привет_мир",
    "emoji 😀 and ﬁ",
    "\\\\",
    "#1##",
]


@needs_latex
def test_label_escaping_torture(tmp_path: Path) -> None:
    leaves = [Value(float(i + 1), label=label) for i, label in enumerate(TORTURE)]
    total = leaves[0]
    for leaf in leaves[1:]:
        total = total + leaf
    weird = Value(2.0, label="a^b_{c} привет% ω\\")
    total = total * weird  # the rule of × writes the other input's name in math
    total.label = "^_^ {total} 100%"
    total.backward()
    for steps in (False, True):
        title = "title & $pecial_chars% \\LaTeX{"
        pdf = compile_pdf(to_tikz(total, steps=steps, title=title), tmp_path, f"t{steps}")
        text = pdf_text(pdf, page_count(pdf))
        for shown in ("a_b%c&d#e$f{g}h\\i~j^k", "\\end{document}", "привет_мир", "U+1F600"):
            assert shown in text, (shown, text)
        assert ink_fraction(pdf, 1, tmp_path) > 0.005


def test_a_graph_draw_would_cut_is_refused(renderer: str) -> None:
    x = Value(0.5, label="x")
    total = x
    for _term in range(140):  # x used at every step: dot's layout budget cuts this drawing
        total = total + x
    with pytest.raises(ValueError, match="too big to draw every value"):
        to_tikz(total)
    with pytest.raises(ValueError, match="more than 150"):
        to_tikz(sum((Value(float(i)) for i in range(80)), Value(0.0)))


def two_inputs(label: str) -> Value:
    x = Value(2.0, label=label)
    y = Value(-1.5, label="y")
    f = x * y
    f.backward()
    return f


@needs_latex
def test_characters_latex_cannot_set_are_shown_as_code_points(tmp_path: Path) -> None:
    # issue 24, item 9: Cyrillic letters outside T2A stopped pdflatex with a fatal error
    pdf = compile_pdf(to_tikz(two_inputs("Ѡ҂҈Ҕ привет"), steps=True), tmp_path)
    text = pdf_text(pdf, 1)
    assert "U+0460U+0482U+0488U+0494" in text and "привет" in text


@needs_latex
def test_a_20000_character_label_is_shortened_on_slides(tmp_path: Path) -> None:
    # issue 24, item 9: with steps=True it exceeded TeX's capacity (Dimension too large)
    pdf = compile_pdf(to_tikz(two_inputs("a" * 10_000 + "z" * 10_000), steps=True), tmp_path)
    text = pdf_text(pdf, page_count(pdf))
    assert "aaaa" in text and "zzzz" in text and "a" * 100 not in text


@needs_latex
@pytest.mark.parametrize(
    ("number_format", "shown"), [("%>10", "%%%%%%%2.0"), ("e>10", "eeeeeee2.0")]
)
def test_fill_characters_of_number_format_are_set_as_text(
    tmp_path: Path, number_format: str, shown: str
) -> None:
    # issue 24, item 9: "%>10" was written raw (a TeX comment), "e>10" raised from int()
    tex = to_tikz(two_inputs("x"), steps=True, number_format=number_format)
    text = pdf_text(compile_pdf(tex, tmp_path), 1)
    assert f"data {shown}" in text


@needs_latex
@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "the constant 1 gets no gradient"), ("ru", "константа 1 не получает градиента")],
)
def test_slides_say_a_constant_gets_no_gradient(tmp_path: Path, lang: str, said: str) -> None:
    """As the player's captions do: the 1 of 1/(1 + e⁻ᶻ) is a constant, not an input, and the
    slide of its step says so; show_constants=True (a keyword or a DrawingOptions, as draw and
    the player take it) draws it as an input again, with no such words."""
    from autograd.formula import build_graph
    from autograd.viz.latex import latex_text
    from autograd.viz.options import DrawingOptions

    values = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}
    f = build_graph("1/(1+exp(-(w0*x0 + w1*x1 + w2)))", values)
    pdf = compile_pdf(to_tikz(f, steps=True, lang=lang), tmp_path, "constants")
    text = " ".join(pdf_text(pdf).split())
    assert text.count(said) == 2  # at 1/n7 and at 1 + n6
    shown = to_tikz(f, steps=True, lang=lang, show_constants=True)
    assert shown == to_tikz(f, DrawingOptions(show_constants=True), steps=True, lang=lang)
    assert latex_text(said) not in shown
    if lang == "en":  # the player's frames redrawn in TikZ: 0.5 MB of TeX, compiled once
        pdf = compile_pdf(shown, tmp_path, "shown")
        assert said not in " ".join(pdf_text(pdf).split())
