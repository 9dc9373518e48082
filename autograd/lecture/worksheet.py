"""`make_worksheets("sigmoid(w0*x0 + w1*x1 + w2)", "sheets.pdf", students=30, seed=1)`: exercise sheets.

One page per student: a name line, the formula, that student's own input values, and the graph
with every computed value and every gradient left blank to fill in by hand (forward pass: the
data boxes; backward pass: the grad boxes). Then the answer key: every node's data and grad for
every student, in the order of the graph. Inputs are drawn with `random.Random(seed)` from
`INPUT_CHOICES` (−3, −2, −1, −0.5, 0.5, 1, 2, 3: nice round numbers a student can multiply in
their head); a draw is refused and drawn again when an operation is undefined there (log of a
negative number, division by zero, ...), when it sits on a kink or a tie where the answer would
be a convention (relu, leaky_relu, elu or abs at 0, max or min of two equal inputs: `Op.kink`
in `autograd/ops.py`), or when a
value or gradient would be larger than `MAX_ANSWER` (100) or smaller than `MIN_ANSWER` (0.01) in
magnitude (zero included: a dead relu, a saturated sigmoid's 0.001 are hopeless by hand), or a
sigmoid or tanh input larger than `MAX_SQUASHED_INPUT` (3) in magnitude (σ(4) = 0.98 teaches
nothing about σ′). Two students get different inputs until every fair
combination has been given out (`sqrt(x)*y` has 32: a 33rd student shares inputs with
another). The same seed always gives the same sheets.

Pictures are rendered by the bundled Graphviz as PDF and placed on A4 (or Letter) pages with
pypdf, so nothing beyond pip is needed: `pip install -e ".[export]"`.
"""

from __future__ import annotations

import io
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from autograd.formula import build_graph, formula_variables
from autograd.graph import topological_order
from autograd.i18n import _, language
from autograd.lecture.steps import formula_text
from autograd.ops import OPS
from autograd.value import is_constant
from autograd.viz.diagram import draw
from autograd.viz.escape import html_label_text
from autograd.viz.math_text import board_name, caption_names, format_number
from autograd.viz.style import FONT

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter

    from autograd.value import Value

__all__ = [
    "INPUT_CHOICES",
    "MAX_ANSWER",
    "MAX_SQUASHED_INPUT",
    "MIN_ANSWER",
    "PAPER_SIZES",
    "StudentSheet",
    "make_worksheets",
    "student_sheets",
]

INPUT_CHOICES = (-3.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 3.0)
MAX_ANSWER = 100.0  # every value and gradient of the key is at most this in magnitude
MIN_ANSWER = 0.01  # and at least this (0 too is refused: a dead relu, a saturated σ)
MAX_SQUASHED_INPUT = 3.0  # |input| of a sigmoid or tanh: beyond it the neuron is saturated
_SQUASHING = frozenset({"sigmoid", "tanh"})
PAPER_SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}  # points
_MARGIN = 42.0  # points around the page's content (about 15 mm)
_BLANK = "&#160;" * 14  # a box's empty data or grad field: room for "-0.1234" by hand
_TRIES = 2000


@dataclass(frozen=True)
class StudentSheet:
    """One student's exercise: their inputs and the answer for every node of the graph.

    `answers` are (name, data, grad) in topological order, names as in the drawing.
    """

    number: int
    values: dict[str, float]
    answers: tuple[tuple[str, float, float], ...]


def student_sheets(expression: str, *, students: int = 30, seed: int = 0) -> list[StudentSheet]:
    """The inputs and answers of `students` worksheets of `expression` (see the module docstring)."""
    if isinstance(students, bool) or not isinstance(students, int) or not 1 <= students <= 1000:
        raise ValueError(f"worksheets: students must be an int from 1 to 1000, got {students!r}")
    variables = formula_variables(expression)
    if not variables:
        raise ValueError(
            f"worksheets: the formula {expression!r} has no variables to give each student"
        )
    rng = random.Random(seed)
    combinations = len(INPUT_CHOICES) ** len(variables)
    sheets: list[StudentSheet] = []
    seen: set[tuple[float, ...]] = set()
    refused: set[tuple[float, ...]] = set()  # combinations where the exercise would be unfair
    for number in range(1, students + 1):
        for _attempt in range(_TRIES):
            choice = tuple(rng.choice(INPUT_CHOICES) for _name in variables)
            fresh_left = len(seen) + len(refused) < combinations  # a new fair one may remain
            if choice in refused or (choice in seen and fresh_left):
                continue
            values = dict(zip(variables, choice))
            answers = _answers(expression, values)
            if answers is not None:
                break
            refused.add(choice)
        else:
            raise ValueError(
                f"worksheets: found no inputs from {INPUT_CHOICES} where every operation of "
                f"{expression!r} is defined, smooth and not a tie, in {_TRIES} tries"
            )
        seen.add(choice)
        sheets.append(StudentSheet(number, values, answers))
    return sheets


def _answers(
    expression: str, values: dict[str, float]
) -> tuple[tuple[str, float, float], ...] | None:
    """Every node's (name, data, grad) at `values`, or None where the exercise would be unfair."""
    try:
        root = build_graph(expression, values)
        root.backward()
    except (ArithmeticError, ValueError):
        return None  # an operation is undefined there
    order = topological_order(root)
    for node in order:
        if not (math.isfinite(node.data) and math.isfinite(node.grad)):
            return None
        if abs(node.data) > MAX_ANSWER or abs(node.grad) > MAX_ANSWER:
            return None
        for number in (node.data, node.grad):  # saturated: too small to work out by hand
            if abs(number) < MIN_ANSWER and not is_constant(node):  # (the 2 of x^2 gets no grad)
                return None
        if node.op in _SQUASHING and abs(node.inputs[0].data) > MAX_SQUASHED_INPUT:
            return None  # σ(4) = 0.98: the sheet would teach nothing about σ′
        if _on_a_kink(node):
            return None
    names = caption_names(order)
    return tuple((names[node], node.data, node.grad) for node in order)


def _on_a_kink(node: Value) -> bool:
    """Whether `node`'s local gradient is a convention at its inputs (relu at 0, a max tie):
    the op table says where each piecewise operation's branches meet (`Op.kink`)."""
    op = OPS.get(node.op)
    return op is not None and op.kink is not None and op.kink(*(x.data for x in node.inputs))


def make_worksheets(
    expression: str,
    path: str | Path,
    *,
    students: int = 30,
    seed: int = 0,
    paper: Literal["a4", "letter"] = "a4",
    title: str | None = None,
    lang: str | None = None,
) -> list[StudentSheet]:
    """Write `students` exercise pages and the answer key to the PDF `path`; return the sheets.

    `paper` is "a4" (default) or "letter"; `title` heads every page; `lang` the language of
    the words ("en", "ru"; None: the current one).
    """
    from pypdf import PdfWriter

    if paper not in PAPER_SIZES:
        raise ValueError(f"worksheets: paper must be 'a4' or 'letter', got {paper!r}")
    sheets = student_sheets(expression, students=students, seed=seed)
    writer = PdfWriter()
    with language(lang):
        heading = title if title is not None else _("Backpropagation worksheet")
        rankdir, landscape = _best_layout(expression, sheets[0], paper)
        for sheet in sheets:
            page = (paper, landscape, rankdir)
            _student_page(writer, expression, sheet, len(sheets), heading, page)
        rows = max(1, 44 // (len(sheets[0].answers) + 4))
        per_page = 3 * rows
        for start in range(0, len(sheets), per_page):
            _key_page(writer, expression, sheets[start : start + per_page], heading, paper)
    target = Path(path)
    with target.open("wb") as file:
        writer.write(file)
    return sheets


# ----------------------------------------------------------------------
# Pages
# ----------------------------------------------------------------------


def _pdf_page(source: str) -> PageObject:
    """The DOT `source` rendered by Graphviz as a one-page PDF, read by pypdf."""
    from pypdf import PdfReader

    from autograd.viz.render import render_dot

    return PdfReader(io.BytesIO(render_dot(source, "pdf"))).pages[0]


def _place(
    page: PageObject,
    picture: PageObject,
    box: tuple[float, float, float, float],
    *,
    left: bool = False,
) -> None:
    """Scale `picture` (a pypdf page) to fit (left, bottom, width, height): at the top, centred
    (or at the left edge)."""
    from pypdf import Transformation

    box_left, bottom, width, height = box
    picture_width = float(picture.mediabox.width)
    picture_height = float(picture.mediabox.height)
    scale = min(1.0, width / picture_width, height / picture_height)
    x = box_left if left else box_left + (width - picture_width * scale) / 2
    y = bottom + height - picture_height * scale
    page.merge_transformed_page(picture, Transformation().scale(scale).translate(x, y))


def _text_block(lines: Sequence[str], size: float, *, bold_first: bool = False) -> str:
    """A DOT graph that is only left-aligned lines of text (already escaped)."""
    rows = [
        f"<B>{line}</B>" if bold_first and index == 0 else line for index, line in enumerate(lines)
    ]
    label = "".join(f'{row}<BR ALIGN="LEFT"/>' for row in rows)
    return (
        "digraph text {\n"
        '  graph [margin="0" pad="0"]\n'
        f'  t [shape=plaintext margin="0" fontname="{FONT}" fontsize="{size}" label=<{label}>]\n'
        "}\n"
    )


def _blank_graph(expression: str, sheet: StudentSheet, rankdir: str) -> PageObject:
    """The student's graph as a PDF page: given inputs shown, every other number blank."""
    root = build_graph(expression, sheet.values)
    leaves = frozenset(node for node in topological_order(root) if not node.inputs)
    source = draw(root, shown_data=leaves, shown_grads={}, rankdir=rankdir).source
    source = re.sub(r"(?:&#160;)+", _BLANK, source)  # every blank equally wide: no hints
    return _pdf_page(source)


def _page_size(paper: str, landscape: bool) -> tuple[float, float]:
    width, height = PAPER_SIZES[paper]
    return (height, width) if landscape else (width, height)


def _graph_box(paper: str, landscape: bool) -> tuple[float, float, float, float]:
    width, height = _page_size(paper, landscape)
    return (_MARGIN, _MARGIN, width - 2 * _MARGIN, height - 2 * _MARGIN - 150)


def _best_layout(expression: str, sheet: StudentSheet, paper: str) -> tuple[str, bool]:
    """(rankdir, landscape): the direction and page orientation that draw the graph largest."""
    scales = {}
    for rankdir in ("LR", "TB"):
        picture = _blank_graph(expression, sheet, rankdir)
        picture_width, picture_height = (
            float(picture.mediabox.width),
            float(picture.mediabox.height),
        )
        for landscape in (False, True):
            _left, _bottom, width, height = _graph_box(paper, landscape)
            scales[(rankdir, landscape)] = min(width / picture_width, height / picture_height)
    return max(scales, key=lambda layout: (scales[layout], not layout[1]))


def _student_page(
    writer: PdfWriter,
    expression: str,
    sheet: StudentSheet,
    count: int,
    heading: str,
    page_layout: tuple[str, bool, str],
) -> None:
    paper, landscape, rankdir = page_layout
    width, height = _page_size(paper, landscape)
    page = writer.add_blank_page(width, height)
    given = ", ".join(
        f"{board_name(name)} = {_number(value)}" for name, value in sheet.values.items()
    )
    lines = [
        html_label_text(
            f"{heading} · "
            + _("sheet {number} of {count}").format(number=sheet.number, count=count)
        ),
        html_label_text(_("Name:")) + " " + "_" * 40,
        "",
        html_label_text(_formula_line(expression, sheet)),
        html_label_text(_("Your inputs: {values}").format(values=given)),
        html_label_text(_("1. Forward pass: write each value in its data box.")),
        html_label_text(_("2. Backward pass: start with grad 1 at f, then write every grad.")),
    ]
    header = _pdf_page(_text_block(lines, 14, bold_first=True))
    _place(page, header, (_MARGIN, height - _MARGIN - 150, width - 2 * _MARGIN, 150), left=True)
    _place(page, _blank_graph(expression, sheet, rankdir), _graph_box(paper, landscape))


def _formula_line(expression: str, sheet: StudentSheet) -> str:
    """The formula as the player and the slides title it, typeset as on the board
    ("f = σ(w₀ · x₀ + w₁ · x₁ + w₂)", x², never **), or as typed when that is too long."""
    return formula_text(build_graph(expression, sheet.values)) or (
        f"f = {' '.join(expression.split())}"
    )


def _key_page(
    writer: PdfWriter, expression: str, sheets: Sequence[StudentSheet], heading: str, paper: str
) -> None:
    width, height = PAPER_SIZES[paper]
    page = writer.add_blank_page(width, height)
    title = [
        html_label_text(f"{heading} · " + _("answer key")),
        html_label_text(_formula_line(expression, sheets[0])),
    ]
    header = _pdf_page(_text_block(title, 14, bold_first=True))
    _place(page, header, (_MARGIN, height - _MARGIN - 40, width - 2 * _MARGIN, 40), left=True)
    tables = [_answer_table(sheet) for sheet in sheets]
    rows = [tables[start : start + 3] for start in range(0, len(tables), 3)]
    body = "".join(
        "<TR>" + "".join(f'<TD VALIGN="TOP">{table}</TD>' for table in row) + "</TR>"
        for row in rows
    )
    source = (
        "digraph key {\n"
        '  graph [margin="0" pad="0"]\n'
        f'  k [shape=plaintext margin="0" fontname="{FONT}" fontsize="11" '
        f'label=<<TABLE BORDER="0" CELLSPACING="14">{body}</TABLE>>]\n'
        "}\n"
    )
    _place(
        page, _pdf_page(source), (_MARGIN, _MARGIN, width - 2 * _MARGIN, height - 2 * _MARGIN - 50)
    )


def _answer_table(sheet: StudentSheet) -> str:
    """One student's answers: a header row, then name | data | grad for every node."""
    head = html_label_text(_("sheet {number}").format(number=sheet.number))
    rows = [
        f'<TR><TD COLSPAN="3" ALIGN="LEFT"><B>{head}</B></TD></TR>',
        '<TR><TD ALIGN="LEFT"><I>{}</I></TD><TD><I>{}</I></TD><TD><I>{}</I></TD></TR>'.format(
            html_label_text(_("name")), html_label_text(_("data")), html_label_text(_("grad"))
        ),
    ]
    for name, data, grad in sheet.answers:
        rows.append(
            f'<TR><TD ALIGN="LEFT">{html_label_text(name)}</TD>'
            f'<TD ALIGN="RIGHT">{_number(data)}</TD><TD ALIGN="RIGHT">{_number(grad)}</TD></TR>'
        )
    return (
        f'<TABLE BORDER="1" CELLBORDER="0" CELLPADDING="2" CELLSPACING="0">{"".join(rows)}</TABLE>'
    )


def _number(x: float) -> str:
    """As the drawings write numbers (`viz.math_text.format_number`): 4 significant digits, the
    Unicode minus "−2", −0 as 0."""
    return format_number(x, ".4g")
