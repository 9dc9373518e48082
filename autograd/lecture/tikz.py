"""`to_tikz(f)`: the graph as a TikZ picture for LaTeX, or (`steps=True`) a Beamer frame of the lecture.

The picture has exactly the node positions of the Graphviz drawing: `draw(f)`'s DOT is laid out
once by Graphviz (`render_dot(..., "json")`), and every box, circle, edge spline and edge label
is placed where Graphviz put it (1 Graphviz point = 1 TeX big point). Values are boxes with
name, data and grad; operations are circles. With `steps=True` it is one Beamer frame whose
overlays are the lecture: slide 1 shows the given inputs, then one slide per forward step (the
node's value appears), then one slide per backward step (the node highlighted, the gradients
known so far shown, the edges walked coloured as in the player: blue forward, purple
backward with the arrow reversed) with the chain rule in math mode under the
picture, e.g. ∂f/∂x = ∂f/∂q · ∂q/∂x = −4 · 1 = −4, and the op's rule in words ("×: the derivative
by one factor is the other factor"). Nothing moves between slides: only text appears (`\\visible`, `\\only`) inside boxes
whose size is fixed by the layout (laid out with the last slide's gradients).

Text always fits: TeX measures the widest text each box will show and scales all box text by
one factor so it fits the boxes Graphviz gave (LaTeX's font is not Graphviz's); TeX measures
every caption too, the caption area is as tall as the tallest, and the picture takes the rest.

The result is a complete document for `pdflatex` (`document=True`, the default) or just the
`tikzpicture` / the `frame` to paste into your own (preamble needed: `tikz` with the
`arrows.meta` library, `amsmath`, `xcolor`, and the styles and measuring macros that
`tikz_preamble()` returns). Every label is escaped (`autograd.viz.latex`), so no label
can break the document. `lang="ru"` writes the words in Russian; Cyrillic needs pdflatex with
the T2A font encoding (Debian: texlive-lang-cyrillic), which the document loads when needed.
Views never change numbers: `.grad` of every node is the same afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Unpack

from autograd.graph import topological_order
from autograd.i18n import N_, _, language, ngettext
from autograd.lecture.layout import BACKWARD_EDGE, FORWARD_EDGE, LectureDrawing, lecture_options
from autograd.lecture.steps import BackwardStep, ForwardStep, backward_steps, forward_steps
from autograd.value import Value
from autograd.viz.diagram import draw, local_grads_or_none, number_leaves
from autograd.viz.escape import shortened
from autograd.viz.latex import has_cyrillic, latex_text
from autograd.viz.math_text import (
    board_name,
    caption_names,
    format_number,
    formula_caption,
    latex_name,
    rule_caption,
)
from autograd.viz.options import DrawingOptions, drawing_options
from autograd.viz.style import HIGHLIGHT_FILL, LEAF_FILL, RESULT_FILL, op_symbol

__all__ = ["MAX_TIKZ_NODES", "tikz_preamble", "to_tikz"]

MAX_TIKZ_NODES = 150  # a larger graph does not fit a page or slide readably: draw a smaller one

# The words on the slides, marked for translation (autograd.i18n) and looked up when drawn.
_WORDS = {
    "data": N_("data"),
    "grad": N_("grad"),
    "forward": N_("Forward pass"),
    "backward": N_("Backward pass"),
    "given": N_("the inputs are given"),
    "upstream": N_("upstream"),
    "total": N_("total so far"),
    "complete": N_("complete"),
    "sum": N_("total"),
    "title": N_("Backpropagation, step by step"),
}

# Beamer slide geometry (the default 128 mm x 96 mm frame), in big points.
_SLIDE_RESERVED = "16mm"  # of the slide's text height: the frame title and the spacing
_BOX_MARGIN = 5.0  # the room between a box's border and its text (Graphviz's cell padding)


def tikz_preamble(*, beamer: bool = False, cyrillic: bool = False) -> str:
    """The preamble lines a document needs for `to_tikz(..., document=False)` output."""
    lines = []
    if cyrillic:
        lines.append(r"\usepackage{cmap}  % searchable, copyable Cyrillic text in the PDF")
        lines.append(  # T1 and T2A: Type 1 fonts in both (Debian: cm-super)
            r"\usepackage[T2A,T1]{fontenc}  % Cyrillic: T2A (Debian: texlive-lang-cyrillic)"
        )
    lines += [
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage{amsmath}",
        r"\usepackage{tikz}",
        r"\usetikzlibrary{arrows.meta}",
        rf"\definecolor{{leaffill}}{{HTML}}{{{LEAF_FILL[1:]}}}",
        rf"\definecolor{{resultfill}}{{HTML}}{{{RESULT_FILL[1:]}}}",
        rf"\definecolor{{currentfill}}{{HTML}}{{{HIGHLIGHT_FILL[1:]}}}",
        rf"\definecolor{{forwardwalked}}{{HTML}}{{{FORWARD_EDGE[1:]}}}",
        rf"\definecolor{{backwardwalked}}{{HTML}}{{{BACKWARD_EDGE[1:]}}}",
        r"\tikzset{",
        r"  valuebox/.style={draw, rounded corners=1pt, inner sep=1pt, align=center,",
        r"    font=\sffamily\Large},",
        r"  opcircle/.style={draw, circle, inner sep=0pt, font=\sffamily\LARGE},",
        r"  parameter/.style={font=\sffamily\large, text=black!65},",
        r"  edge/.style={draw=black!75, line width=0.6pt, -{Stealth[length=6bp, width=5bp]}},",
        r"  constantedge/.style={draw=black!40, dashed, line width=0.6pt},",
        r"  edgelabel/.style={font=\sffamily\large, fill=white, inner sep=1pt},",
        r"  current/.style={fill=currentfill, line width=1.8pt},",
        r"  forwardedge/.style={draw=forwardwalked, line width=1.8pt},",
        r"  backwardedge/.style={draw=backwardwalked, line width=1.8pt,",
        r"    arrows={Stealth[length=7bp, width=6bp]-}},  % backward runs output to input",
    ]
    if beamer:  # onslide={<2-4,7>{style}}: the style only on those slides (beamer overlays)
        lines.append(r"  onslide/.code args={<#1>#2}{\only<#1>{\pgfkeysalso{#2}}},")
    lines.append("}")
    lines += _FIT_MACROS
    if beamer:
        lines += _CAPTION_MACROS
    return "\n".join(lines)


# Box text that fits the boxes Graphviz laid out. LaTeX's font is not the one Graphviz measured,
# and a box shows numbers Graphviz never saw (the gradients of the later slides), so TeX
# measures the widest text each box will ever show (\bpfit{width}{height}{text}) and every box's
# text is scaled by the smallest factor found (\bpfitscale, at most 1): all boxes keep one size.
_FIT_MACROS = [
    r"\newsavebox\bpfitbox",
    r"\newcommand\bpfitreset{\def\bpfitscale{1}}",
    r"\newcommand\bpfit[3]{%",
    r"  \sbox\bpfitbox{\sffamily\Large#3}%",
    r"  \ifdim\wd\bpfitbox>#1\relax\pgfmathsetmacro\bpfitscale{min(\bpfitscale,#1/\wd\bpfitbox)}\fi",
    r"  \ifdim\dimexpr\ht\bpfitbox+\dp\bpfitbox\relax>#2\relax",
    r"    \pgfmathsetmacro\bpfitscale{min(\bpfitscale,#2/(\ht\bpfitbox+\dp\bpfitbox))}\fi}",
    r"\newcommand\bpfitted[1]{\scalebox{\bpfitscale}{#1}}",
]

# Captions that always fit under the picture: TeX measures every slide's caption at the text
# width (\bpcaption{...}); the caption area is as tall as the tallest, in \footnotesize, or in
# \scriptsize when that would take more than 40% of the slide; the picture gets the rest.
_CAPTION_MACROS = [
    r"\newsavebox\bpcaptionbox",
    r"\newlength\bpcaptionheight",
    r"\newcommand\bpcaptionfont{\footnotesize}",
    r"\newcommand\bpcaption[1]{%",
    r"  \setbox\bpcaptionbox\vbox{\hsize\textwidth\parindent0pt\bpcaptionfont\raggedright#1}%",
    r"  \ifdim\dimexpr\ht\bpcaptionbox+\dp\bpcaptionbox\relax>\bpcaptionheight",
    r"    \setlength\bpcaptionheight{\dimexpr\ht\bpcaptionbox+\dp\bpcaptionbox\relax}\fi}",
    r"\newcommand\bpmeasurecaptions[1]{%",
    r"  \renewcommand\bpcaptionfont{\footnotesize}\setlength\bpcaptionheight{0pt}#1%",
    r"  \ifdim\bpcaptionheight>0.4\textheight",
    r"    \renewcommand\bpcaptionfont{\scriptsize}\setlength\bpcaptionheight{0pt}#1\fi}",
]


# The options the node-level lecture below draws itself; any other one (set to other than its
# default) makes the slides the player's frames redrawn in TikZ, which take every option.
_OWN_LAYOUT = frozenset({"edge_labels", "rankdir", "number_format", "quiz", "lang"})


def to_tikz(
    root: Value,
    options: DrawingOptions | None = None,
    *,
    steps: bool = False,
    document: bool = True,
    title: str | None = None,
    lang: str | None = None,
    quiz: Literal["data", "grad", "both"] | None = None,
    **drawing: Unpack[LectureDrawing],
) -> str:
    """LaTeX for the graph of `root`: a standalone document, or with `document=False` only
    the `tikzpicture` (`steps=False`) or the Beamer `frame` (`steps=True`).

    `options` (a `DrawingOptions`) and/or the keywords `drawing` are `draw`'s options, as the
    player takes them (an `options.quiz` or `options.lang` is used where `quiz` or `lang` is
    not given).

    `view="matrix"` draws the model's layers as tables (W⁽ˡ⁾, z⁽ˡ⁾, δ⁽ˡ⁾, ∇W⁽ˡ⁾, …; see
    `draw`); with `steps=True` one slide per layer, forward and backward, the captions
    δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾ᵀδ⁽ˡ⁺¹⁾) and ∇W⁽ˡ⁾ = δ⁽ˡ⁾a⁽ˡ⁻¹⁾ᵀ in numbers as `pmatrix`.
    `view="neuron"` is `collapse=True`.

    With any of `draw`'s options but `edge_labels`, `rankdir` and `number_format` (e.g.
    `collapse`, `expand`, `cluster`, `names`, `theme`, `notation`, `show_constants`,
    `color_by_grad`), the slides are the player's frames exactly (the same pictures, captions
    and numbers, a network stepped one neuron per slide with `collapse=True`): each frame's
    Graphviz drawing redrawn in TikZ (autograd/lecture/xdot_tikz.py), one Beamer frame per
    lecture frame, 16:9. Without them, the node-level lecture below.

    - `steps=False`: the graph as it is now (call `backward()` first to see gradients);
      `quiz` shows "?" in place of computed values and/or gradients, as `draw` does.
    - `steps=True`: one Beamer frame, one slide per step (1 + forward steps + backward
      steps), the chain rule under the picture. The backward pass is run step by step to
      get the numbers; every `.grad` is restored afterwards.
    - `title`: the frame title (by default the formula typeset as math by the one writer,
      $f = \\sigma(w_{0} \\cdot x_{0} + \\dots)$; a network's loss down to its output neuron), or
      a heading above the picture; `lang`: "en", "ru", or None
      for the current language (`autograd.i18n`);
      `edge_labels`, `rankdir`, `number_format` as in `draw`.
    """
    if not isinstance(root, Value):
        raise TypeError(f"to_tikz: root must be a Value, got {type(root).__name__}")
    given = drawing_options(options, drawing, "to_tikz")
    quiz = quiz if quiz is not None else given.quiz
    lang = lang if lang is not None else given.lang
    edge_labels, rankdir, number_format = given.edge_labels, given.rankdir, given.number_format
    if steps and quiz is not None:
        raise ValueError("to_tikz: quiz is for a static picture; the steps reveal every number")
    if set(given.changed()) - _OWN_LAYOUT:  # the player's frames, by Graphviz, in TikZ
        return _drawn_lecture(
            root,
            steps=steps,
            document=document,
            title=title,
            lang=lang,
            quiz=quiz,
            rankdir=rankdir,
            number_format=number_format,
            options=lecture_options(given),
        )
    order = topological_order(root)
    if len(order) > MAX_TIKZ_NODES:
        raise ValueError(
            f"to_tikz: the graph has {len(order)} values, more than {MAX_TIKZ_NODES}; "
            "a picture that big is not readable on a page or slide"
        )
    saved = {node: node.grad for node in order}
    lecture = None
    with language(lang) as chosen:  # the layout too: box sizes fit the words of the language
        try:
            if steps:  # Graphviz sizes the boxes for the gradients the last slide shows
                lecture = _Lecture.run(root, order)
                for node, changes in lecture.grad_changes.items():
                    node.grad = changes[-1][1]
            layout = _layout(root, order, edge_labels, quiz, rankdir, number_format)
        finally:
            for node, grad in saved.items():
                node.grad = grad
        words = {key: latex_text(_(message)) for key, message in _WORDS.items()}
    missing = [f"v{i}" for i in range(len(order)) if f"v{i}" not in layout.boxes]
    if missing:  # draw cut or collapsed the graph to keep its layout fast: not one box per value
        raise ValueError(
            f"to_tikz: the graph is too big to draw every value ({len(missing)} of "
            f"{len(order)} left out by draw); draw a smaller graph"
        )
    with language(lang):  # the captions' words (the op's rule) in that language too
        heading = _heading(root, title, words, number_format) if steps else None
        body = _body(root, order, layout, words, lecture, heading, number_format, quiz)
    if not document:
        return body
    cyrillic = chosen == "ru" or has_cyrillic(body)
    return _document(body, layout, steps=steps, title=title, cyrillic=cyrillic)


def _body(
    root: Value,
    order: list[Value],
    layout: _Layout,
    words: Mapping[str, str],
    lecture: _Lecture | None,
    heading: str | None,
    number_format: str,
    quiz: str | None,
) -> str:
    """The picture, or with a lecture the Beamer frame titled `heading` (LaTeX; in the
    caller's language)."""
    if lecture is None:
        return _picture(layout, order, words, number_format, quiz=quiz, lecture=None)
    picture = _picture(layout, order, words, number_format, quiz=None, lecture=lecture)
    assert heading is not None
    return _frame(picture, layout, lecture, order, words, heading, number_format)


# ----------------------------------------------------------------------
# The layout, read from Graphviz
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class _Edge:
    tail: str
    head: str
    points: tuple[tuple[float, float], ...]  # the cubic Bezier spline, 3n + 1 points
    end: tuple[float, float] | None  # where the arrowhead points, if any
    label_at: tuple[float, float] | None
    node: Value | None  # the operation node for an input edge, else None
    input_index: int | None


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    boxes: dict[str, _Box]
    edges: tuple[_Edge, ...]
    rankdir: str
    edge_labels: str | None


def _layout(
    root: Value,
    order: list[Value],
    edge_labels: str | None,
    quiz: str | None,
    rankdir: str,
    number_format: str,
) -> _Layout:
    """Lay the drawing of `root` out with Graphviz and read every position back."""
    from autograd.viz.render import render_dot  # needs Graphviz (bundled or system): import late

    drawing = draw(
        root,
        edge_labels=edge_labels,  # type: ignore[arg-type]  # checked by draw
        quiz=quiz,  # type: ignore[arg-type]
        rankdir=rankdir,
        number_format=number_format,
        max_nodes=MAX_TIKZ_NODES,
    )
    graph = json.loads(render_dot(drawing.source, "json"))
    width, height = (float(v) for v in graph["bb"].split(",")[2:])  # bb: "0,0,width,height"
    names: dict[int, str] = {}
    boxes: dict[str, _Box] = {}
    for item in graph.get("objects", []):
        if "pos" not in item:  # a cluster
            continue
        x, y = (float(v) for v in item["pos"].split(","))
        names[item["_gvid"]] = item["name"]
        boxes[item["name"]] = _Box(x, y, float(item["width"]) * 72.0, float(item["height"]) * 72.0)
    # Which edge is which: Graphviz lists edges in its own order, so match them by their ends
    # (the two edges of `a + a` have the same ends and carry the same numbers).
    expected = _expected_edges(order)
    edges = []
    for item in sorted(graph.get("edges", []), key=lambda e: int(e["_gvid"])):
        tail, head = names[item["tail"]], names[item["head"]]
        candidates = expected.get((tail, head), [])
        node, index = candidates.pop(0) if candidates else (None, None)
        points, end = _spline(item["pos"])
        label = item.get("lp")
        label_at = tuple(float(v) for v in label.split(",")) if label else None
        edges.append(
            _Edge(
                tail=tail,
                head=head,
                points=points,
                end=end,
                label_at=(label_at[0], label_at[1]) if label_at else None,
                node=node,
                input_index=index,
            )
        )
    return _Layout(width, height, boxes, tuple(edges), rankdir, edge_labels)


def _expected_edges(order: list[Value]) -> dict[tuple[str, str], list[tuple[Value, int]]]:
    """(DOT tail id, head id) -> the (operation node, input index) of each input edge."""
    position = {node: index for index, node in enumerate(order)}
    expected: dict[tuple[str, str], list[tuple[Value, int]]] = {}
    for node in order:
        for index, parent in enumerate(node.inputs):
            ends = (f"v{position[parent]}", f"op{position[node]}")
            expected.setdefault(ends, []).append((node, index))
    return expected


def _spline(pos: str) -> tuple[tuple[tuple[float, float], ...], tuple[float, float] | None]:
    """Graphviz's edge `pos` ("e,x,y x0,y0 x1,y1 ...") as Bezier points and arrow end."""
    end = None
    points = []
    for part in pos.split():
        fields = part.split(",")
        if fields[0] == "e":
            end = (float(fields[1]), float(fields[2]))
        elif fields[0] == "s":
            continue
        else:
            points.append((float(fields[0]), float(fields[1])))
    return tuple(points), end


# ----------------------------------------------------------------------
# The lecture: which slide shows what
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Lecture:
    """Slide numbers (from 1) for the steps: slide 1 the inputs, then forward, then backward."""

    forward: tuple[ForwardStep, ...]
    backward: tuple[BackwardStep, ...]
    data_slide: Mapping[Value, int]  # the slide on which a node's value appears
    grad_changes: Mapping[Value, tuple[tuple[int, float], ...]]  # (slide, running total)
    current: Mapping[Value, tuple[int, ...]]  # slides on which a node is the current one
    walked: Mapping[tuple[Value, int], tuple[int, ...]]  # forward slides an input edge is walked
    walked_back: Mapping[tuple[Value, int], tuple[int, ...]]  # backward slides, likewise
    message_slide: Mapping[tuple[Value, int], tuple[int, float]]  # (slide, message) per edge

    @property
    def slide_count(self) -> int:
        return 1 + len(self.forward) + len(self.backward)

    @staticmethod
    def run(root: Value, order: list[Value]) -> _Lecture:
        forward = tuple(forward_steps(root))
        data_slide: dict[Value, int] = {node: 1 for node in order if not node.inputs}
        current: dict[Value, list[int]] = {}
        walked: dict[tuple[Value, int], list[int]] = {}
        walked_back: dict[tuple[Value, int], list[int]] = {}
        for number, step in enumerate(forward, start=2):
            data_slide[step.node] = number
            current.setdefault(step.node, []).append(number)
            for index in range(len(step.inputs)):
                walked.setdefault((step.node, index), []).append(number)
        first_backward = 2 + len(forward)
        grad_changes: dict[Value, list[tuple[int, float]]] = {root: [(first_backward, 1.0)]}
        message_slide: dict[tuple[Value, int], tuple[int, float]] = {}
        backward: list[BackwardStep] = []
        last = first_backward + len(forward) - 1
        for number, backward_step in enumerate(backward_steps(root), start=first_backward):
            backward.append(backward_step)
            node = backward_step.node
            current.setdefault(node, []).append(number)
            for sent in backward_step.messages:
                changes = grad_changes.setdefault(sent.input, [])
                if changes and changes[-1][0] == number:  # `x * x`: two messages, one slide
                    changes.pop()
                changes.append((number, sent.total))
                message_slide[(node, sent.input_index)] = (number, sent.message)
                walked_back.setdefault((node, sent.input_index), []).extend(range(number, last + 1))
        return _Lecture(
            forward=forward,
            backward=tuple(backward),
            data_slide=data_slide,
            grad_changes={node: tuple(changes) for node, changes in grad_changes.items()},
            current={node: tuple(slides) for node, slides in current.items()},
            walked={edge: tuple(slides) for edge, slides in walked.items()},
            walked_back={edge: tuple(slides) for edge, slides in walked_back.items()},
            message_slide=message_slide,
        )


def _overlay(slides: Sequence[int]) -> str:
    """Slide numbers as a Beamer overlay specification: [2, 3, 4, 7] -> "2-4,7"."""
    ranges: list[str] = []
    ordered = sorted(set(slides))
    start = previous = ordered[0]
    for slide in [*ordered[1:], None]:
        if slide is not None and slide == previous + 1:
            previous = slide
            continue
        ranges.append(str(start) if start == previous else f"{start}-{previous}")
        if slide is not None:
            start = previous = slide
    return ",".join(ranges)


# ----------------------------------------------------------------------
# The picture
# ----------------------------------------------------------------------


def _point(point: tuple[float, float]) -> str:
    return f"({point[0]:.2f}bp,{point[1]:.2f}bp)"


def _picture(
    layout: _Layout,
    order: list[Value],
    words: Mapping[str, str],
    number_format: str,
    *,
    quiz: str | None,
    lecture: _Lecture | None,
) -> str:
    names = caption_names(order)  # as the captions name them: w_{1}, not the label w.0
    position = {node: index for index, node in enumerate(order)}
    parameters = number_leaves(order)
    root = order[-1]
    fits: list[str] = []  # the widest text of each box, measured by TeX before drawing
    lines = [r"\begin{tikzpicture}"]
    for node in order:
        dot_id = f"v{position[node]}"
        box = layout.boxes.get(dot_id)
        if box is None:
            continue
        if node in parameters:
            number = format_number(node.data, number_format, style="latex")
            lines.append(
                rf"\node[parameter] ({dot_id}) at {_point((box.x, box.y))} {{${number}$}};"
            )
            continue
        content, widest = _box_content(
            node, names[node], words, number_format, quiz, lecture, root, layout
        )
        room_width, room_height = box.width - 2 * _BOX_MARGIN, box.height - 2 * _BOX_MARGIN
        fits.append(rf"\bpfit{{{room_width:.2f}bp}}{{{room_height:.2f}bp}}{{{widest}}}%")
        style = "valuebox, fill=leaffill" if not node.inputs else "valuebox, fill=resultfill"
        if lecture is not None and node in lecture.current:
            style += f", onslide={{<{_overlay(lecture.current[node])}>{{current}}}}"
        lines.append(
            rf"\node[{style}, minimum width={box.width:.2f}bp, minimum height={box.height:.2f}bp]"
            rf" ({dot_id}) at {_point((box.x, box.y))} {{\bpfitted{{{content}}}}};"
        )
        op_box = layout.boxes.get(f"op{position[node]}")
        if node.inputs and op_box is not None:
            exponent = node.inputs[1].data if node.op == "**" else None
            symbol = latex_text(op_symbol(node.op, exponent))
            style = "opcircle"
            if lecture is not None and node in lecture.current:
                style += f", onslide={{<{_overlay(lecture.current[node])}>{{current}}}}"
            lines.append(
                rf"\node[{style}, minimum size={op_box.width:.2f}bp] (op{position[node]})"
                rf" at {_point((op_box.x, op_box.y))} {{{symbol}}};"
            )
    for edge in layout.edges:
        lines.extend(_edge_lines(edge, layout, parameters, order, number_format, quiz, lecture))
    lines.append(r"\end{tikzpicture}")
    return "\n".join([r"\bpfitreset%", *fits, *lines])


def _box_content(
    node: Value,
    name: str,
    words: Mapping[str, str],
    number_format: str,
    quiz: str | None,
    lecture: _Lecture | None,
    root: Value,
    layout: _Layout,
) -> tuple[str, str]:
    """name / data / grad, stacked (LR, RL) or side by side (TB, BT), as a `tabular`; and
    the same with every number the box shows on any slide, for TeX to measure its width."""
    if node.role is not None and name != node.label:  # a network's node: its lecture name
        title = r"\textbf{$" + latex_name(name) + "$}"
    elif node.label and board_name(node.label) != node.label:  # w_0 reads w₀, as in captions
        title = r"\textbf{$" + latex_name(board_name(node.label)) + "$}"
    elif node.label:  # as in captions: a long label is shortened, "…" in the middle
        title = r"\textbf{" + latex_text(shortened(node.label, _NAME_CHARACTERS)) + "}"
    else:
        title = r"\textcolor{black!55}{\textit{" + latex_text(name) + "}}"
    data = "$" + format_number(node.data, number_format, style="latex") + "$"
    grad = "$" + format_number(node.grad, number_format, style="latex") + "$"
    shown_data, shown_grads = data, [grad]
    if lecture is not None:
        slide = lecture.data_slide.get(node, 1)
        # (braced: beamer's \visible right after a \\ line break confuses TikZ)
        data = data if slide == 1 else rf"{{\visible<{slide}->{{{data}}}}}"
        changes = lecture.grad_changes.get(node, ())
        pieces = []
        for number, (slide, value) in enumerate(changes):
            until = f"{changes[number + 1][0] - 1}" if number + 1 < len(changes) else ""
            shown = format_number(value, number_format, style="latex")
            pieces.append(rf"\only<{slide}-{until}>{{${shown}$}}")
        grad = "{" + "".join(pieces) + "}"
        shown_grads = [
            "$" + format_number(value, number_format, style="latex") + "$" for _s, value in changes
        ]
    else:
        if quiz in ("data", "both") and node.inputs:
            data = "?"
        if quiz in ("grad", "both") and node is not root:
            grad = "?"
        shown_data, shown_grads = data, [grad]
    stacked = layout.rankdir in ("LR", "RL")
    separator = r"\\" if stacked else r"\quad "
    cells = [title, f"{words['data']} {data}", f"{words['grad']} {grad}"]
    grad_cells = [f"{words['grad']} {shown}" for shown in shown_grads or ["$0$"]]
    if stacked:  # one row each: the widest of them sets the width
        widest = [title, f"{words['data']} {shown_data}", *grad_cells]
    else:
        widest = [separator.join([title, f"{words['data']} {shown_data}", g]) for g in grad_cells]
    return _tabular(cells, separator), _tabular(widest, r"\\")


def _tabular(cells: Sequence[str], separator: str) -> str:
    return r"\begin{tabular}{@{}c@{}}" + separator.join(cells) + r"\end{tabular}"


def _edge_lines(
    edge: _Edge,
    layout: _Layout,
    parameters: set[Value],
    order: list[Value],
    number_format: str,
    quiz: str | None,
    lecture: _Lecture | None,
) -> list[str]:
    points = edge.points
    if not points:
        return []
    path = _point(points[0])
    for index in range(1, len(points) - 2, 3):
        path += (
            f" .. controls {_point(points[index])} and {_point(points[index + 1])}"
            f" .. {_point(points[index + 2])}"
        )
    node, input_index = edge.node, edge.input_index
    is_parameter = (
        node is not None and input_index is not None and node.inputs[input_index] in parameters
    )
    if is_parameter:
        return [rf"\draw[constantedge] {path};"]
    if edge.end is not None:
        path += f" -- {_point(edge.end)}"
    style = "edge"
    if lecture is not None and node is not None and input_index is not None:
        for slides, walked_style in (
            (lecture.walked.get((node, input_index)), "forwardedge"),
            (lecture.walked_back.get((node, input_index)), "backwardedge"),
        ):
            if slides:
                style += f", onslide={{<{_overlay(slides)}>{{{walked_style}}}}}"
    lines = [rf"\draw[{style}] {path};"]
    if node is None or input_index is None or edge.label_at is None or layout.edge_labels is None:
        return lines
    label = _edge_label(node, input_index, layout.edge_labels, number_format, quiz, lecture)
    if label:
        lines.append(rf"\node[edgelabel] at {_point(edge.label_at)} {{{label}}};")
    return lines


def _edge_label(
    node: Value,
    index: int,
    kind: str,
    number_format: str,
    quiz: str | None,
    lecture: _Lecture | None,
) -> str:
    local = local_grads_or_none(node)
    if kind == "local":
        if quiz in ("data", "both"):
            return "?"
        if local is None:
            return "undefined"
        return "$" + format_number(local[index], number_format, style="latex") + "$"
    if lecture is not None:
        if (node, index) not in lecture.message_slide:
            return ""
        slide, message = lecture.message_slide[(node, index)]
        shown = format_number(message, number_format, style="latex")
        return rf"{{\visible<{slide}->{{${shown}$}}}}"
    if quiz is not None:
        return "?"
    if local is None or index >= len(local):
        return ""
    return "$" + format_number(node.grad * local[index], number_format, style="latex") + "$"


# ----------------------------------------------------------------------
# Captions in math mode
# ----------------------------------------------------------------------


class _MathNames:
    """Caption math over the graph's caption names, by the one writer (`autograd.viz.math_text`):
    each name through `latex_name` (safe in math; a lecture name as w_{12}^{(1)}), each number
    through `format_number` (`\\tanh(-0.5)`, never `\\tanh((-0.5))`)."""

    def __init__(self, order: list[Value], number_format: str) -> None:
        self.order = order
        self.number_format = number_format
        self.names = _slide_names(order)

    def formula(self, node: Value) -> tuple[str, str]:
        """How `node` was computed: with names ("w_{0} \\cdot x_{0}") and with numbers."""
        named = formula_caption(node, self.names, "latex", number_format=self.number_format)
        numbers = formula_caption(
            node, self.names, "latex", numbers=True, number_format=self.number_format
        )
        return named, numbers

    def rule(self, node: Value, input_index: int) -> str:
        """The local gradient d(node)/d(input) as math over names: "\\sigma(n_{8})(1 - ...)"."""
        math_text, _numbers, _words = rule_caption(
            node, input_index, self.names, style="latex", number_format=self.number_format
        )
        return math_text


def _partial(top: str, bottom: str) -> str:
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


def _in_parentheses(text: str) -> str:
    """A factor after "\\cdot": a negative number or a sum or difference gets parentheses."""
    depth = 0
    for position, character in enumerate(text):
        depth += {"(": 1, "{": 1, ")": -1, "}": -1}.get(character, 0)
        if depth == 0 and character in "+-" and (position == 0 or text[position - 1] == " "):
            return f"({text})"
    return text


def _forward_caption(
    step: ForwardStep, words: Mapping[str, str], math: _MathNames, number_format: str
) -> str:
    name = latex_name(math.names[step.node])  # shortened, as in the picture
    symbolic, numeric = math.formula(step.node)
    result = format_number(step.result, number_format, style="latex")
    return rf"\textbf{{{words['forward']}:}} ${name} = {symbolic} = {numeric} = {result}$"


def _backward_caption(
    step: BackwardStep, words: Mapping[str, str], math: _MathNames, number_format: str
) -> str:
    root, node = latex_name(math.names[math.order[-1]]), latex_name(math.names[step.node])
    formula, _numeric = math.formula(step.node)
    upstream = format_number(step.upstream, number_format, style="latex")
    lines = [
        rf"\textbf{{{words['backward']}:}} ${node} = {formula}$, "
        rf"{words['upstream']} ${_partial(root, node)} = {upstream}$"
    ]
    if step.messages:  # the op's rule in words, as the player and the GIF say it
        lines.append(r"\textit{" + latex_text(step.rule(step.messages[0]).words) + "}")
    for sent in step.messages:
        target = latex_name(math.names[sent.input])
        chain = rf"{_partial(root, node)} \cdot {_partial(node, target)}"
        local = format_number(sent.local_grad, number_format, style="latex")
        rule = math.rule(step.node, sent.input_index)
        numbers = rf"{upstream} \cdot {_in_parentheses(local)}"
        if rule != local:  # the local rule, as the stepper says it: upstream · rule = numbers
            numbers = rf"{upstream} \cdot {_in_parentheses(rule)} = {numbers}"
        message = format_number(sent.message, number_format, style="latex")
        if sent.shared:
            total = format_number(sent.total, number_format, style="latex")
            total_text = (
                rf"{words['sum']} ${total}$ ({words['complete']})"
                if sent.complete
                else rf"{words['total']} ${total}$"
            )
            lines.append(
                rf"${_partial(root, target)} \mathrel{{+}}= {chain} = {numbers}"
                rf" = {message}$, {total_text}"
            )
        else:
            lines.append(rf"${_partial(root, target)} = {chain} = {numbers} = {message}$")
    if step.softmax is not None and step.messages:  # a cross-entropy's logit: p_k − y_k
        probability, one_hot, k = step.softmax
        sent = step.messages[0]
        target = node if sent.shared else latex_name(math.names[sent.input])
        p, y = latex_name(math.names[probability]), f"y_{{{k + 1}}}"
        values = [
            format_number(x, number_format, style="latex")
            for x in (probability.data, one_hot.data, sent.message)
        ]
        said = latex_text(_("softmax minus one-hot"))
        lines.append(
            rf"${_partial(root, target)} = {p} - {y} = {values[0]} - {values[1]} = {values[2]}$"
            rf" ({said})"
        )
    if step.constants:  # as the player says it: "the constant 1 gets no gradient"
        lines.append(_constants_caption(step.constants, math, number_format))
    return r"\\ ".join(lines)


def _constants_caption(constants: Sequence[Value], math: _MathNames, number_format: str) -> str:
    """`BackwardStep.constants_line` on a slide: the words as text, each constant in math (its
    label if it has one, else its value)."""
    said = ngettext(
        "the constant {values} gets no gradient",
        "the constants {values} get no gradient",
        len(constants),
    )
    values = ", ".join(
        "$"
        + (
            latex_name(math.names[node])
            if node.label and node in math.names
            else format_number(node.data, number_format, style="latex")
        )
        + "$"
        for node in constants
    )
    before, _braces, after = said.partition("{values}")
    return latex_text(before) + values + latex_text(after)


_NAME_CHARACTERS = 40  # a name in a box or a caption: at most this long, "…" in the middle


def _slide_names(order: list[Value]) -> dict[Value, str]:
    """The one naming rule's names, a long label shortened in the middle as `draw` shortens it,
    to what fits in a line of a slide's caption (a 20,000-character name exceeded TeX's capacity)."""
    return {node: shortened(name, _NAME_CHARACTERS) for node, name in caption_names(order).items()}


def _given_caption(order: list[Value], words: Mapping[str, str], number_format: str) -> str:
    names = _slide_names(order)
    given = ", ".join(
        f"${latex_name(names[node])} = {format_number(node.data, number_format, style='latex')}$"
        for node in order
        if not node.inputs and node.label
    )
    return rf"\textbf{{{words['forward']}:}} {words['given']}" + (f": {given}" if given else "")


def _frame(
    picture: str,
    layout: _Layout,
    lecture: _Lecture,
    order: list[Value],
    words: Mapping[str, str],
    heading: str,
    number_format: str,
) -> str:
    height = (layout.height + 4.0) * 72.27 / 72.0  # in TeX points, with the lines' widths
    width = (layout.width + 8.0) * 72.27 / 72.0  # (the slide's \textwidth, not 330 bp: the f
    # box of the seed neuron once stuck 25 pt out of the slide)
    captions = [_given_caption(order, words, number_format)]
    math = _MathNames(order, number_format)
    captions += [_forward_caption(step, words, math, number_format) for step in lecture.forward]
    captions += [_backward_caption(step, words, math, number_format) for step in lecture.backward]
    measure = "".join(rf"\bpcaption{{{caption}}}%" + "\n" for caption in captions)
    lines = [
        rf"\begin{{frame}}{{{heading}}}",
        r"\centering",
        r"\bpmeasurecaptions{%",
        measure + "}%",
        # the picture: as wide as the slide allows, as tall as the captions leave room for
        rf"\pgfmathsetmacro\bpgraphscale{{max(0.05,min(1,\textwidth/{width:.2f}pt,"
        rf"(\textheight-\bpcaptionheight-{_SLIDE_RESERVED})/{height:.2f}pt))}}%",
        r"\scalebox{\bpgraphscale}{%",
        picture,
        "}",
        r"\par\vspace{2mm}",
        r"\begin{minipage}[t][\bpcaptionheight][t]{\textwidth}\bpcaptionfont\raggedright",
    ]
    for slide, caption in enumerate(captions, start=1):
        lines.append(rf"\only<{slide}>{{{caption}}}%")
    lines += [r"\end{minipage}", r"\end{frame}"]
    return "\n".join(lines)


def _latex_caption(caption: str) -> str:
    """A player frame's caption for a slide: its lines, and its table (the Done frame's
    gradients, `caption_parts`) as a `tabular`, each block's name over its columns, scaled
    down to the line's width if it is wider (`\\bpxtext`), so a row never wraps."""
    from autograd.lecture.frames import block_starts, caption_parts, header_spans

    pieces: list[str] = []
    for part in caption_parts(caption):
        if isinstance(part, str):
            pieces.append(latex_text(part))
            continue
        spans = header_spans(part[0])
        starts = block_starts(part[0])
        width = max(len(row) for row in part)
        gap = [r"\hspace{1.2em}" if j + 1 in starts else r"\hspace{0.5em}" for j in range(width)]
        gap[-1] = ""
        spec = "@{}" + "".join(f"r@{{{gap[j]}}}" for j in range(width))
        rows, column = [], 0
        header = []
        for name, span in spans:
            left = "@{}" if column == 0 else ""
            header.append(
                rf"\multicolumn{{{span}}}{{{left}l@{{{gap[column + span - 1]}}}}}{{{latex_text(name)}}}"
            )
            column += span
        rows.append(" & ".join(header))
        for row in part[1:]:
            rows.append(" & ".join(latex_text(cell) for cell in row + [""] * (width - len(row))))
        table = rf"\begin{{tabular}}{{{spec}}}" + r" \\ ".join(rows) + r"\end{tabular}"
        pieces.append(rf"\bpxtext{{\linewidth}}{{{table}}}")
    return r"\\ ".join(pieces)


def _heading(root: Value, title: str | None, words: Mapping[str, str], number_format: str) -> str:
    """The frame title as LaTeX: `title` as text, or by default the formula typeset as math by
    the one writer ($f = \\sigma(w_{0} \\cdot x_{0} + w_{1} \\cdot x_{1} + w_{2})$; a network's
    loss down to its neurons), or the words "Backpropagation, step by step" when it is too long."""
    if title is not None:
        return latex_text(title)
    from autograd.lecture.steps import caption_number_format, formula_text

    with caption_number_format(number_format):
        formula = formula_text(root, style="latex", longest=_TITLE_CHARACTERS)
    return f"${formula}$" if formula is not None else words["title"]


_TITLE_CHARACTERS = 80  # a formula longer than this is no frame title (a line of the slide)


def _document(
    body: str,
    layout: _Layout,
    *,
    steps: bool,
    title: str | None,
    cyrillic: bool,
    extra: Sequence[str] = (),
) -> str:
    preamble = "\n".join([tikz_preamble(beamer=steps, cyrillic=cyrillic), *extra])
    if steps:
        return "\n".join(
            [
                r"\documentclass{beamer}",
                preamble,
                r"\setbeamertemplate{navigation symbols}{}",
                r"\begin{document}",
                body,
                r"\end{document}",
                "",
            ]
        )
    heading = 28.0 if title else 0.0
    # the page is the picture, its margins and 8 bp of slack: the lines' widths stick out of
    # Graphviz's bounding box by a fraction of a point, which once pushed the picture to page 2
    width, height = layout.width + 24.0 + 8.0, layout.height + 24.0 + heading + 8.0
    top = (r"{\sffamily\Large " + latex_text(title) + r"}\par\vspace{6bp}" + "\n") if title else ""
    return "\n".join(
        [
            r"\documentclass{article}",
            preamble,
            rf"\usepackage[paperwidth={width:.2f}bp, paperheight={height:.2f}bp, margin=12bp]{{geometry}}",
            r"\pagestyle{empty}",
            r"\begin{document}",
            r"\noindent\centering",
            top + body,
            r"\end{document}",
            "",
        ]
    )


# ----------------------------------------------------------------------
# The player's frames as slides (draw's options for a model: collapse, expand, ...)
# ----------------------------------------------------------------------

_NETWORK_MARGIN = "2mm"  # the slide's side margins: a network is wide
_NETWORK_RESERVED = "15mm"  # of its text height: the frame title (one line) and the spacing


def _drawn_lecture(
    root: Value,
    *,
    steps: bool,
    document: bool,
    title: str | None,
    lang: str | None,
    quiz: str | None,
    rankdir: str,
    number_format: str,
    options: Mapping[str, object],
) -> str:
    """The lecture of `root` as the player has it, one Beamer frame per player frame; or
    (`steps=False`) the drawing itself as one TikZ picture."""
    from autograd.lecture.layout import _render, frame_pictures
    from autograd.lecture.xdot_tikz import XDOT_MACROS, xdot_picture
    from autograd.viz.notation import weight_notation

    draw_options = {**options, "number_format": number_format}
    with language(lang) as chosen, weight_notation(options.get("notation")):  # type: ignore[arg-type]
        words = {key: latex_text(_(message)) for key, message in _WORDS.items()}
        if not steps:
            source = draw(
                root,
                quiz=quiz,  # type: ignore[arg-type]
                rankdir=rankdir,
                **draw_options,  # type: ignore[arg-type]
            ).source
            graph = json.loads(_render(source, "json"))
            picture = xdot_picture(graph)
            if not document:
                return picture
            width, height = (float(v) for v in str(graph["bb"]).split(",")[2:])
            layout = _Layout(width, height, {}, (), rankdir, None)
            cyrillic = chosen == "ru" or has_cyrillic(picture)
            return _document(
                picture, layout, steps=False, title=title, cyrillic=cyrillic, extra=XDOT_MACROS
            )
        pictures = frame_pictures(root, rankdir=rankdir, draw_options=draw_options)
        matrix = options.get("view") == "matrix"  # laid out afresh: the same tables every frame
        engine = "dot" if matrix else "nop2"
        drawn = [
            xdot_picture(_render(pictures.dot(i), "json", engine=engine).decode("utf-8"))
            for i in range(len(pictures))
        ]
        heading = _heading(root, title, words, number_format)
        captions = [_latex_caption(frame.caption) for frame in pictures.frames]
        if matrix:  # the same captions with vectors and matrices as pmatrix
            from autograd.lecture.matrix_frames import matrix_frames

            notation = options.get("notation")
            latex_frames, _steps, _gradients = matrix_frames(
                root,
                "ij" if notation == "ij" else "jk" if notation == "jk" else None,
                number_format,
                style="latex",
            )
            captions = [r"\\ ".join(frame.caption.splitlines()) for frame in latex_frames]
        phases = [latex_text(frame.title) for frame in pictures.frames]
    height = (pictures.layout.height + 4.0) * 72.27 / 72.0  # TeX points
    width = (pictures.layout.width + 4.0) * 72.27 / 72.0
    measure = "".join(rf"\bpcaption{{{caption}}}%" + "\n" for caption in captions)
    lines = [
        r"\bpmeasurecaptions{%",
        measure + "}%",
        # one scale for every frame: as wide as the slide, as tall as the captions leave room
        rf"\pgfmathsetmacro\bpgraphscale{{max(0.05,min(\textwidth/{width:.2f}pt,"
        rf"(\textheight-\bpcaptionheight-{_NETWORK_RESERVED})/{height:.2f}pt))}}%",
    ]
    for picture, caption, phase in zip(drawn, captions, phases):
        lines += [
            rf"\begin{{frame}}[t]{{{heading} \textemdash{{}} {phase}\strut}}",  # top-aligned
            r"\centering",
            r"\scalebox{\bpgraphscale}{%",
            picture,
            "}",
            r"\par\vspace{2mm}",
            r"\begin{minipage}[t][\bpcaptionheight][t]{\textwidth}\bpcaptionfont\raggedright",
            caption,
            r"\end{minipage}",
            r"\end{frame}",
        ]
    body = "\n".join(lines)
    if not document:
        return body
    preamble = tikz_preamble(beamer=True, cyrillic=True)
    return "\n".join(
        [
            r"\documentclass[aspectratio=169]{beamer}",
            preamble,
            *XDOT_MACROS,
            r"\setbeamertemplate{navigation symbols}{}",
            rf"\setbeamersize{{text margin left={_NETWORK_MARGIN}, text margin right={_NETWORK_MARGIN}}}",
            r"\begin{document}",
            body,
            r"\end{document}",
            "",
        ]
    )
