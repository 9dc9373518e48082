"""The Beamer/TikZ export as a lecturer sees it, with real pdflatex: every box's text fits the
box Graphviz laid out (TeX reports each node's drawn size: a node whose text is too wide grows
past its `minimum width`), the backward captions say the operation's rule in words (English
and Russian), and no message is cut off the slide, even the tall `cases` rules of max, min,
abs and relu."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from autograd import Value
from autograd.graph import topological_order
from autograd.i18n import _, language
from autograd.lecture.steps import backward_steps, forward_steps
from autograd.lecture.tikz import to_tikz
from autograd.ops import OPS
from autograd.viz.math_text import rule_caption
from autograd.viz.names import display_names
from tests.seed_graphs import seed_xyz
from tests.test_tikz import compile_pdf, needs_latex, page_count, pdf_text, seed_neuron

pytestmark = pytest.mark.slow  # real pdflatex: seconds each

TOLERANCE_PT = 2.0  # a node's outer sep (half its line width, 0.9 pt when highlighted) per side


def piecewise_graph() -> Value:
    """max(x, y)·z + |min(x, y)| + relu(y·z): four piecewise rules, two of them with three cases."""
    x, y, z = Value(2.0, label="x"), Value(-3.0, label="y"), Value(1.5, label="z")
    f = x.max(y) * z + x.min(y).abs() + (y * z).relu()
    f.label = "f"
    return f


def with_node_sizes(tex: str) -> str:
    """`tex` that also writes each node's drawn width and height to the log, on every slide."""
    ids = re.findall(r"\((v\d+|op\d+)\) at \(", tex)
    report = "".join(
        rf"\pgfpointanchor{{{name}}}{{east}}\pgfgetlastxy{{\ex}}{{\ey}}"
        rf"\pgfpointanchor{{{name}}}{{west}}\pgfgetlastxy{{\wx}}{{\wy}}"
        rf"\pgfpointanchor{{{name}}}{{north}}\pgfgetlastxy{{\nx}}{{\ny}}"
        rf"\pgfpointanchor{{{name}}}{{south}}\pgfgetlastxy{{\sx}}{{\sy}}"
        rf"\typeout{{NODESIZE {name} \ex\space\wx\space\ny\space\sy}}" + "\n"
        for name in ids
    )
    return tex.replace(r"\end{tikzpicture}", report + r"\end{tikzpicture}")


def overflowing_nodes(tex: str, folder: Path, name: str) -> list[str]:
    """The nodes drawn bigger than the box Graphviz gave them (minimum width/height or size)."""
    boxes: dict[str, tuple[float, float]] = {}
    for style, node in re.findall(r"\\node\[([^\n]*?)\] \((v\d+|op\d+)\) at", tex):
        width = re.search(r"minimum (?:width|size)=([\d.]+)bp", style)
        height = re.search(r"minimum (?:height|size)=([\d.]+)bp", style)
        assert width is not None and height is not None, style
        boxes[node] = (float(width.group(1)), float(height.group(1)))
    compile_pdf(with_node_sizes(tex), folder, name)
    log = (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    sizes = re.findall(r"NODESIZE (\S+) ([-\d.]+)pt ([-\d.]+)pt ([-\d.]+)pt ([-\d.]+)pt", log)
    assert {node for node, *_ in sizes} == set(boxes)  # every node reported
    too_big = []
    for node, east, west, north, south in sizes:
        width_pt, height_pt = (v * 72.27 / 72.0 for v in boxes[node])  # bp -> TeX pt
        drawn_width, drawn_height = float(east) - float(west), float(north) - float(south)
        if drawn_width > width_pt + TOLERANCE_PT or drawn_height > height_pt + TOLERANCE_PT:
            too_big.append(f"{node}: {drawn_width:.1f}x{drawn_height:.1f}pt in {width_pt:.1f}pt")
    return too_big


@needs_latex
@pytest.mark.parametrize(
    ("graph", "options"),
    [
        ("neuron", {"steps": True, "edge_labels": "message"}),
        ("neuron", {"steps": True, "lang": "ru"}),
        ("piecewise", {"steps": True}),
        ("seed", {"edge_labels": "local"}),
    ],
)
def test_box_text_fits_the_box_graphviz_gave(
    graph: str, options: dict[str, object], tmp_path: Path
) -> None:
    if graph == "seed":
        *_, root = seed_xyz()
        root.backward()
    else:
        root = seed_neuron() if graph == "neuron" else piecewise_graph()
    tex = to_tikz(root, **options)  # type: ignore[arg-type]
    assert overflowing_nodes(tex, tmp_path, "fit") == []


def page_words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """Each word of a page with its box (xMin, yMin, xMax, yMax), from pdftotext -bbox."""
    run = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        run.stdout,
    )
    return [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in found]


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert match is not None, info.stdout
    return float(match.group(1)), float(match.group(2))


def raw_text(pdf: Path, page: int) -> str:
    """The page's text in content-stream order (a caption line stays one line)."""
    command = ["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


@needs_latex
def test_no_message_is_cut_off_a_backward_slide(tmp_path: Path) -> None:
    """On every backward slide: every ∂ of the header and of each message line, each `cases`
    rule's last line ("otherwise"), each "total so far" or "total … (complete)", and the rule's words are there, inside
    the page."""
    f = piecewise_graph()
    pdf = compile_pdf(to_tikz(f, steps=True), tmp_path)
    first = 2 + len(list(forward_steps(f)))
    steps = list(backward_steps(f))
    assert page_count(pdf) == first + len(steps) - 1
    names = display_names(topological_order(f))
    width, height = page_size(pdf)
    cases_seen = 0
    for page, step in enumerate(steps, start=first):
        text = pdf_text(pdf, page)
        assert text.count("∂") == 2 + 6 * len(step.messages), (page, text)
        rules = [rule_caption(step.node, sent.input_index, names, style="latex")[0]
                 for sent in step.messages]  # fmt: skip
        cases = sum(rule.count(r"\text{otherwise}") for rule in rules)
        cases_seen += cases
        assert text.count("otherwise") == cases, (page, text)
        assert text.count("total") == sum(sent.shared for sent in step.messages)
        assert text.count("complete") == sum(s.shared and s.complete for s in step.messages)
        if step.messages:
            assert flat(OPS[step.node.op].words) in flat(raw_text(pdf, page)), page
        for x_min, y_min, x_max, y_max, word in page_words(pdf, page):
            assert x_min >= 0 and x_max <= width and y_min >= 0 and y_max <= height, word
    assert cases_seen >= 6  # max, min, abs and relu each drew their cases


@needs_latex
def test_backward_captions_say_the_rule_in_words(tmp_path: Path) -> None:
    """As the player and the GIF do: "+ passes the gradient on to both inputs", "×: the
    derivative by one factor is the other factor", "σ′ = σ(1 − σ)"; in Russian with lang="ru"."""
    f = seed_neuron()
    first = 2 + len(list(forward_steps(f)))
    steps = list(backward_steps(f))
    for lang in ("en", "ru"):
        pdf = compile_pdf(to_tikz(f, steps=True, lang=lang), tmp_path, lang)
        for page, step in enumerate(steps, start=first):
            with language(lang):
                said = _(OPS[step.node.op].words)
            text = flat(raw_text(pdf, page)).replace("′", "'")
            assert flat(said).replace("′", "'") in text, (lang, page, said, text)
    english = flat(pdf_text(pdf.with_name("en.pdf")))
    for words in (
        "+ passes the gradient on to both inputs",
        "×: the derivative by one factor is the other factor",
    ):
        assert words in english
