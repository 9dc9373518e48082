"""`draw(root)`: a picture of the computational graph, every forward value and gradient visible.

Each value is a box `[ name | data | grad ]`; each operation is its own small circle (+ × ÷ exp
σ ...) feeding the box of its result, as on the lecture slides. An input used twice (`a + a`) gets
two edges. The constant parameter of `x ** 2`, `leaky_relu(0.1)` or `elu(1.0)` is a small plain
number without a gradient. DOT node ids come from positions in `topological_order(root)`
(`v3` is the value at position 3, `op3` the operation that made it), so the same graph always
gives the same DOT text. Options add edge labels (the local derivative ∂out/∂in, or the message
upstream × local sent during backward), colour by gradient, a quiz mode with "?" in place of
numbers, clusters and collapsed neurons for graphs built by `nn`, and the stepper's highlights.
All user text goes through `autograd.viz.escape` into HTML-like labels, so no label can break
the DOT. The result is a `GraphDrawing` (a `graphviz.Digraph`), which shows inline in Jupyter.
Colours, fonts and operation symbols live in `autograd.viz.style`; finding `nn` neurons,
collapsing big graphs and writing clusters in `autograd.viz.neurons`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Unpack

from autograd.graph import topological_order
from autograd.i18n import _, language, ngettext
from autograd.ops import OPS
from autograd.rules import LOCAL_GRADS
from autograd.value import Value, is_constant
from autograd.viz.escape import html_caption, html_label_text
from autograd.viz.layout_size import (
    LABELLED_EDGES,
    fit_layout_budget,
    labelled_edges,
    layout_attributes,
)
from autograd.viz.math_text import board_name
from autograd.viz.names import display_names
from autograd.viz.neuron_table import neuron_header, neuron_table
from autograd.viz.neurons import (
    NeuronNodes,
    NodeStatement,
    emit_columns,
    emit_nodes,
    expanded_rows,
    find_neurons,
    plan_size,
    resolve_expand,
)
from autograd.viz.notation import lecture_name, lecture_names, weight_notation
from autograd.viz.options import DrawingKeywords, DrawingOptions, FrameState, drawing_options
from autograd.viz.style import (
    EDGE_ATTRIBUTES,
    GRAPH_ATTRIBUTES,
    NODE_ATTRIBUTES,
    THEMES,
    Theme,
    edge_width,
    format_number,
    gradient_colour,
    op_symbol,
    readable_text_colour,
    reads_as_zero,
)

if TYPE_CHECKING:
    from autograd.viz.render import GraphDrawing

__all__ = ["PARAMETER_OPS", "draw", "local_grads_or_none", "number_leaves", "parameter_leaves"]

# Operations whose last input is a constant number parameter that gets no gradient.
PARAMETER_OPS = frozenset(name for name, op in OPS.items() if op.parameter)

_RANKDIRS = ("LR", "RL", "TB", "BT")


def local_grads_or_none(node: Value) -> tuple[float, ...] | None:
    """d(node)/d(input) for each differentiable input, or None where the rule is undefined."""
    if not node.inputs:
        return ()
    try:
        return LOCAL_GRADS[node.op](node)
    except (ArithmeticError, ValueError):
        return None


def draw(
    root: Value,
    options: DrawingOptions | None = None,
    *,
    frame: FrameState | None = None,
    highlight: Value | None = None,
    shown_grads: Mapping[Value, float] | None = None,
    highlighted_edges: Collection[tuple[Value, int]] = (),
    shown_data: Collection[Value] | None = None,
    partial_grads: Collection[Value] = (),
    **keywords: Unpack[DrawingKeywords],
) -> GraphDrawing:
    """Draw the graph that computed `root`; returns a `graphviz.Digraph` (shown inline in Jupyter).

    `options` is a `DrawingOptions` (autograd/viz/options.py: every option, typed, documented
    and checked); keyword arguments are sugar for it: `draw(f, rankdir="TB", theme="dark")`, or
    `draw(f, options, theme="dark")` for a copy of `options` with one change.

    - `rankdir`: "LR" (inputs left, output right), "TB", "RL" or "BT".
    - `edge_labels`: None, "local" (∂out/∂in on each edge into an operation) or "message"
      (upstream × local: what backward sends along the edge).
    - `color_by_grad`: gradient sign by hue (blue positive, orange negative), size by intensity
      relative to the largest |grad|; nodes and edges with zero gradient grey and dashed
      (off when a quiz hides the gradients).
    - `quiz`: "data" hides computed values (leaves keep theirs), "grad" hides gradients (the
      root keeps its seed 1), "both" hides both; hidden numbers show as "?".
    - `number_format`: a format spec for every number, e.g. ".4g" or ".2f".
    - `cluster`: "neuron" groups the nodes each `nn` neuron made (found by `node.role`, see
      autograd/roles.py), "layer" groups those clusters by layer; `collapse=True` draws each
      neuron as one box: a table of its a, z, weights and bias with data and grad, edges going
      into the row of the weight they meet. The layers of a model are columns (one rank each,
      inputs first, neurons top to bottom in order). `expand`: one neuron drawn as its scalar
      graph while the others stay collapsed (an `nn.Neuron`, any Value it made, or its
      (layer, neuron) positions from 0). A graph of more than `max_nodes` values is
      collapsed automatically when it has neurons, else only the `max_nodes` values nearest the
      output are drawn; either way a note says so.
    - `names`: "lecture" names the nodes of a model as the course does (w₁₂⁽¹⁾, b₁⁽¹⁾, z₁⁽¹⁾,
      a₁⁽¹⁾, x₁, loss; counted from 1) with the `named_parameters()` label as the tooltip;
      "labels" shows the labels themselves. Nodes without a role show their label either way.
    - `theme`: "light" or "dark" (for dark slides); both projector-safe (contrast >= 3:1 for
      every colour, gradient sign written as ▲/▼ and +/−, not only coloured). "auto" (the
      default) is light in files (`.pipe`, `.render`, the DOT `source`); shown in a notebook it
      is dark when JupyterLab's or Notebook 7's theme is dark (or, as a picture where the page
      runs no script, such as an untrusted notebook, when the reader's system is dark).
    - `lang`: the language of the drawing's words ("en", "ru"; None: the current language,
      `autograd.i18n`); names and numbers are the same in every language.
    - `notation`: "jk" (W·x, w_jk from input k to neuron j) or "ij" (x·W, w_ij from input i
      to neuron j, as the problem book); None: the package's default
      (`autograd.viz.notation.set_notation`, else "jk").
    - `show_constants`: a constant (a number that entered arithmetic, such as the 1 of
      1/(1 + e^−z); `autograd.value.is_constant`) is drawn as its number, small and plain, with
      no gradient row; True draws it as a box like an input, with its (unused) gradient.
    - `caption`: text under the graph.
    - `view`: "scalar" (every value its own box, the default), "neuron" (the same as
      `collapse=True`) or "matrix" (one node per layer step: x, W⁽ˡ⁾, b⁽ˡ⁾, z⁽ˡ⁾, a⁽ˡ⁾ as tables,
      ∇W⁽ˡ⁾ and δ⁽ˡ⁾ beside them after backward; autograd/viz/matrix_view.py).

    `frame` (a `FrameState`) is what one stepper frame shows, not an option: `highlight` (the
    current node), `shown_grads` (only these nodes show a gradient, the mapped number),
    `highlighted_edges` (`(node, input_index)` pairs drawn bold), `shown_data` (only these
    nodes show their value) and `partial_grads` ("grad 8 so far"); the same five keyword
    arguments make one.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw: root must be a Value, got {type(root).__name__} {root!r}")
    chosen = drawing_options(options, keywords, "draw")
    given = (highlight, shown_grads, shown_data)
    if frame is None:
        frame = FrameState(highlight, shown_grads, highlighted_edges, shown_data, partial_grads)
    elif any(x is not None for x in given) or highlighted_edges or partial_grads:
        raise TypeError("draw: give the frame's state as frame= or as keywords, not both")
    if chosen.theme == "auto":  # light, with its dark twin for a dark notebook page
        drawing = _draw_in_one_theme(root, chosen.replace(theme="light"), frame)
        drawing.dark_source = _draw_in_one_theme(root, chosen.replace(theme="dark"), frame).source
        return drawing
    return _draw_in_one_theme(root, chosen, frame)


def _draw_in_one_theme(root: Value, chosen: DrawingOptions, frame: FrameState) -> GraphDrawing:
    """`draw` with a light or dark theme: the matrix view, or the graph in the chosen language
    and notation."""
    from autograd.viz.render import GraphDrawing  # needs the graphviz package: import late

    if chosen.view == "matrix":  # one node per layer step: autograd/viz/matrix_view.py
        from autograd.viz.matrix_view import draw_matrix

        with language(chosen.lang):
            return draw_matrix(
                root,
                notation=chosen.notation,
                number_format=chosen.number_format,
                theme=chosen.theme,
                rankdir=chosen.rankdir,
                caption=chosen.caption,
            )
    if chosen.view == "neuron" and not chosen.collapse:
        chosen = chosen.replace(collapse=True)
    with language(chosen.lang), weight_notation(chosen.notation):  # then back to the caller's
        return _draw(root, chosen, frame, GraphDrawing)


def _draw(
    root: Value, chosen: DrawingOptions, state: FrameState, drawing_class: type[GraphDrawing]
) -> GraphDrawing:
    """`draw` in the chosen language and notation."""
    rankdir, edge_labels, quiz = chosen.rankdir, chosen.edge_labels, chosen.quiz
    number_format, cluster, theme, names = (
        chosen.number_format,
        chosen.cluster,
        chosen.theme,
        chosen.names,
    )
    highlight, shown_grads, shown_data = state.highlight, state.shown_grads, state.shown_data
    highlighted_edges = state.highlighted_edges
    color_by_grad, collapse, max_nodes = chosen.color_by_grad, chosen.collapse, chosen.max_nodes
    expand, show_constants, caption = chosen.expand, chosen.show_constants, chosen.caption
    if theme not in THEMES:
        raise ValueError(f"draw: theme must be one of {', '.join(THEMES)}, got {theme!r}")
    order = topological_order(root)
    options = _Options(
        edge_labels=edge_labels,
        color_by_grad=color_by_grad and quiz not in ("grad", "both"),  # colours would tell
        quiz=quiz,
        number_format=number_format,
        root=root,
        rankdir=rankdir,
        theme=THEMES[theme],
        lecture_names=names == "lecture",
    )
    scene = _Scene(order, options, shown_grads, shown_data, show_constants=show_constants)
    scene.partial = set(state.partial_grads)
    scene.values = dict(state.shown_values or {})
    _check_stepper_options(scene, highlight, highlighted_edges)

    neurons = find_neurons(order)
    expanded = resolve_expand(expand, neurons)
    plan = plan_size(
        order,
        scene.parameters,
        neurons,
        collapse=collapse or expanded is not None,
        max_nodes=max_nodes,
    )
    plan = fit_layout_budget(order, scene.parameters, plan, max_nodes)  # dot must stay quick
    if edge_labels is not None and not plan.collapsed:  # labels are nodes to dot, too
        count = labelled_edges(order, plan.drawn, scene.parameters)
        if count > LABELLED_EDGES:
            note = ngettext(
                "edge labels left out: {count} labelled edge would take Graphviz too long "
                "to lay out (at most {limit})",
                "edge labels left out: {count} labelled edges would take Graphviz too long "
                "to lay out (at most {limit})",
                count,
            )
            plan.notes.append(note.format(count=count, limit=LABELLED_EDGES))
            edge_labels = options.edge_labels = None
    collapsed = plan.collapsed
    boxes = [neuron for neuron in neurons if neuron is not expanded] if collapsed else []
    for neuron in boxes:
        for member in neuron.members:
            scene.box_of[member] = f"v{scene.position[neuron.output]}"
    if plan.drawn is not None:  # too big even collapsed: only the values nearest the output
        scene.drawn = plan.drawn
        cluster = None

    drawing = drawing_class(name="autograd", format="svg")
    colours = options.theme
    drawing.attr("graph", rankdir=rankdir, **{**GRAPH_ATTRIBUTES, "bgcolor": colours.background})
    drawing.attr("graph", fontcolor=colours.text)
    quick = layout_attributes(order, plan, scene.parameters)
    if quick:
        drawing.attr("graph", **quick)
    drawing.attr("node", **NODE_ATTRIBUTES, fontcolor=colours.text, color=colours.line)
    drawing.attr("edge", **{**EDGE_ATTRIBUTES, "color": colours.line, "fontcolor": colours.text})

    statements = _draw_nodes(scene, highlight, boxes, order)
    clustered = emit_nodes(
        drawing,
        statements,
        neurons,
        cluster,
        collapsed,
        neuron_header,
        colours.cluster_line,
        expanded,
        expanded_rows(expanded, scene.position) if expanded is not None else (),
    )
    if plan.drawn is None and neurons:
        drawing.attr("graph", newrank="true")  # rank=same may cross clusters (layer columns)
        if boxes and expanded is None:  # room between columns for a full connection's edges
            drawing.attr("graph", ranksep="0.9")
        emit_columns(drawing, scene.order, neurons, scene.box_id, clustered, expanded)
    _draw_edges(drawing, scene, highlighted_edges)

    lines = list(plan.notes)
    if edge_labels == "local":
        lines.append(_("edge labels: the local derivative ∂out/∂in"))
    elif edge_labels == "message":
        lines.append(_("edge labels: the message upstream × local sent during backward"))
    if caption:
        lines.append(caption)
    if lines:
        drawing.attr("graph", label=html_caption(lines))
    return drawing


# ----------------------------------------------------------------------
# What to draw and how each number reads
# ----------------------------------------------------------------------


@dataclass
class _Options:
    edge_labels: str | None
    color_by_grad: bool
    quiz: str | None
    number_format: str
    root: Value
    rankdir: str
    theme: Theme
    lecture_names: bool


class _Scene:
    """Positions, names and the numbers each node shows, computed once per drawing."""

    def __init__(
        self,
        order: list[Value],
        options: _Options,
        shown_grads: Mapping[Value, float] | None,
        shown_data: Collection[Value] | None = None,
        *,
        show_constants: bool = False,
    ) -> None:
        self.order = order
        self.options = options
        self.position = {node: index for index, node in enumerate(order)}
        # the one naming rule (autograd.viz.math_text.caption_names): the lecture's names, then
        # labels, then n1, n2, ... in reading order, so the boxes read as the captions do
        self.lecture = lecture_names(order) if options.lecture_names else {}
        self.names = display_names(order, self.lecture)
        self.parameters = number_leaves(order, show_constants=show_constants)
        self.drawn: set[Value] | None = None  # None: every node is drawn
        self.box_of: dict[Value, str] = {}  # a collapsed neuron's members -> the neuron's box id
        self.shown_data = None if shown_data is None else set(shown_data)  # None: all shown
        if shown_grads is None:
            self.grad_of: dict[Value, float | None] = {node: node.grad for node in order}
        else:
            self.grad_of = {node: shown_grads.get(node) for node in order}
        finite = [abs(g) for g in self.grad_of.values() if g is not None and math.isfinite(g)]
        self.largest_grad = max(finite, default=0.0)
        self.local_grads = {node: local_grads_or_none(node) for node in order if node.inputs}
        self.partial: set[Value] = set()  # gradients still waiting for messages: "so far"
        self.values: dict[Value, float] = {}  # values shown instead of .data (a descent step)

    @property
    def theme(self) -> Theme:
        return self.options.theme

    @property
    def color_by_grad(self) -> bool:
        return self.options.color_by_grad

    @property
    def lecture_names(self) -> bool:
        return self.options.lecture_names

    def is_drawn(self, node: Value) -> bool:
        return self.drawn is None or node in self.drawn

    def box_id(self, node: Value) -> str:
        return self.box_of.get(node, f"v{self.position[node]}")

    def number(self, x: float) -> str:
        """`x` in the drawing's number format with the Unicode minus (`style.format_number`),
        escaped: a fill character may be `<` or `&`."""
        return html_label_text(format_number(x, self.options.number_format))

    def data_text(self, node: Value) -> str:
        hidden = self.options.quiz in ("data", "both") and node.inputs
        if hidden:
            return "?"
        value = self.values.get(node, node.data)
        if self.shown_data is not None and node not in self.shown_data:
            return "&#160;" * (len(self.number(value)) + 1)  # not computed yet: a blank
        return self.number(value)

    def grad_text(self, node: Value) -> str:
        hidden = self.options.quiz in ("grad", "both") and node is not self.options.root
        if hidden:
            return "?"
        grad = self.grad_of[node]
        if grad is None:  # not computed yet: a blank about as wide as the final number
            return "&#160;" * (len(self.number(node.grad)) + 1)
        if node in self.partial:  # a running sum, more messages to come
            return _("{grad} so far").format(grad=self.number(grad))
        return self.number(grad)

    def message(self, node: Value, index: int) -> float | None:
        """upstream × local for the edge from node.inputs[index] into node, None if unknown."""
        local = self.local_grads.get(node)
        upstream = self.grad_of[node]
        if local is None or upstream is None or index >= len(local):
            return None
        return upstream * local[index]

    def colour(self, grad: float) -> tuple[str, float]:
        """The colour for a gradient (blue positive, orange negative) and its intensity 0..1."""
        return gradient_colour(grad, self.largest_grad, self.options.theme)

    def name_html(self, node: Value) -> str | None:
        """The lecture's name for a node of a model (HTML-like), or None to show its label or
        its automatic name. A lecture name two nodes would share (a model called on two
        examples makes two z₁⁽¹⁾) is not used: such nodes are numbered, as the captions do."""
        if node not in self.lecture:
            return None
        if node.role is not None and node.role.kind != "loss":
            return lecture_name(node.role).html
        return "loss"  # the one loss, unless the user named it

    def shows_zero(self, x: float | None) -> bool:
        """True when `x` reads as zero in the number format (−0.001 at ".2f" is "0.00"): such a
        gradient is drawn as zero (grey, dashed, no ▲/▼), as the picture cannot show its sign."""
        return x is not None and reads_as_zero(x, self.options.number_format)

    def signed_grad_text(self, grad: float | None, text: str) -> str:
        """With colours on, the sign also as a marker and a sign: "▲ +0.5", "▼ −0.5"."""
        if not self.options.color_by_grad or grad is None or self.shows_zero(grad) or text == "?":
            return text
        if grad > 0:
            return f"▲ +{text}"
        return f"▼ {text}"  # the number already has its "−"


def parameter_leaves(order: list[Value]) -> set[Value]:
    """Leaves used only as the constant parameter of `**`, `leaky_relu` or `elu` (`draw` and
    the TikZ export show them inside their operation, not as boxes of their own)."""
    uses: dict[Value, int] = {}
    parameter_uses: dict[Value, int] = {}
    for node in order:
        for index, parent in enumerate(node.inputs):
            uses[parent] = uses.get(parent, 0) + 1
            if node.op in PARAMETER_OPS and index == len(node.inputs) - 1:
                parameter_uses[parent] = parameter_uses.get(parent, 0) + 1
    return {
        node for node, count in parameter_uses.items() if not node.inputs and uses[node] == count
    }


def number_leaves(order: list[Value], *, show_constants: bool = False) -> set[Value]:
    """The leaves a picture draws as a plain number beside their operation, with no gradient:
    the `parameter_leaves`, and every constant (`autograd.value.is_constant`: the 1 of
    1/(1 + e^−z), the ½ of an MSE) unless `show_constants`. The root is always a box."""
    leaves = parameter_leaves(order)
    if not show_constants:
        leaves |= {node for node in order[:-1] if not node.inputs and is_constant(node)}
    return leaves


def _check_stepper_options(
    scene: _Scene, highlight: object, highlighted_edges: Collection[tuple[Value, int]]
) -> None:
    if highlight is not None and highlight not in scene.position:
        raise ValueError(f"draw: highlight {highlight!r} is not a node of this graph")
    for pair in highlighted_edges:
        node, index = pair
        if node not in scene.position:
            raise ValueError(
                f"draw: highlighted edge {pair!r}: {node!r} is not a node of this graph"
            )
        if not isinstance(index, int) or not 0 <= index < len(node.inputs):
            raise ValueError(
                f"draw: highlighted edge {pair!r}: input_index must be 0..{len(node.inputs) - 1}"
            )


# ----------------------------------------------------------------------
# Nodes
# ----------------------------------------------------------------------


def _draw_nodes(
    scene: _Scene, highlight: Value | None, collapsed: list[NeuronNodes], order: list[Value]
) -> list[NodeStatement]:
    statements: list[NodeStatement] = []
    for neuron in collapsed:
        current = highlight is not None and highlight in neuron.members
        box = scene.box_id(neuron.output)
        statements.append((neuron.output, box, _neuron_box(scene, neuron, current)))
    shown_parameters = {  # a constant is drawn next to its operation, if that is drawn
        parent
        for node in order
        if node not in scene.box_of and scene.is_drawn(node)
        for parent in node.inputs
        if parent in scene.parameters
    }
    for node in order:
        position = scene.position[node]
        if node in shown_parameters:
            statements.append((node, f"v{position}", _parameter_box(scene, node)))
            continue
        if node in scene.box_of or node in scene.parameters or not scene.is_drawn(node):
            continue
        current = node is highlight
        statements.append((node, f"v{position}", _value_box(scene, node, current)))
        if node.inputs:
            statements.append((node, f"op{position}", _op_circle(scene, node, current)))
    return statements


def _value_box(scene: _Scene, node: Value, current: bool) -> dict[str, str]:
    grad = scene.grad_of[node]
    zero = scene.options.color_by_grad and scene.shows_zero(grad)
    colours = scene.options.theme
    fill = (
        colours.highlight_fill
        if current
        else colours.zero_fill
        if zero
        else colours.result_fill
        if node.inputs
        else colours.leaf_fill
    )
    lecture = scene.name_html(node)
    if lecture is not None:
        name_cell = f"<TD><B>{lecture}</B></TD>"
    elif node.label and (scene.names[node] == node.label or not scene.lecture_names):
        # w_0 reads w₀, as in the captions (a label two nodes share is numbered there too)
        name_cell = f"<TD><B>{html_label_text(board_name(node.label))}</B></TD>"
    else:  # an automatic name, as in captions and the text view: muted and italic
        name_cell = f'<TD><FONT COLOR="{colours.muted_text}"><I>{scene.names[node]}</I></FONT></TD>'
    grad_cell = _grad_cell(scene, grad, scene.grad_text(node))
    data_word = _("data")
    cells = [name_cell, f"<TD>{data_word} {scene.data_text(node)}</TD>", grad_cell]
    attributes = _box(scene, cells, fill, current, zero)
    if lecture is not None and node.label:  # the named_parameters() name, on hover
        attributes["tooltip"] = _tooltip_text(node.label)
    return attributes


def _tooltip_text(text: str) -> str:
    """`text` shown as typed in a tooltip: Graphviz reads a backslash in an attribute twice (the
    DOT string, then its escapes like \\N), so each becomes four; quoting is graphviz's own."""
    return text.replace("\\", "\\" * 4).replace("\n", " ")


def _neuron_box(scene: _Scene, neuron: NeuronNodes, current: bool) -> dict[str, str]:
    colours = scene.options.theme
    grad = scene.grad_of[neuron.output]
    zero = scene.options.color_by_grad and scene.shows_zero(grad)
    fill = colours.highlight_fill if current else colours.zero_fill if zero else colours.neuron_fill
    table = neuron_table(scene, neuron, fill, current, zero)
    attributes = {"shape": "plain", "label": f"<{table}>"}
    inputs = sum(1 for member in neuron.members if member.role and member.role.kind == "w")
    count = ngettext("{count} input", "{count} inputs", inputs).format(count=inputs)
    attributes["tooltip"] = _tooltip_text(f"{neuron.name} · {count}")  # its nn name, on hover
    return attributes


def _grad_cell(scene: _Scene, grad: float | None, text: str) -> str:
    """The cell showing a gradient: coloured by sign and size with color_by_grad, plus ▲/▼."""
    word = _("grad") + " "
    if not scene.options.color_by_grad or grad is None or scene.shows_zero(grad) or text == "?":
        return f"<TD>{word}{text}</TD>"
    colour = scene.colour(grad)[0]
    font = readable_text_colour(colour)
    shown = scene.signed_grad_text(grad, text)
    return f'<TD BGCOLOR="{colour}"><FONT COLOR="{font}">{word}{shown}</FONT></TD>'


def _box(scene: _Scene, cells: list[str], fill: str, current: bool, zero: bool) -> dict[str, str]:
    """A table of `cells`: stacked (name over data over grad) in an LR drawing, else side by side."""
    if scene.options.rankdir in ("LR", "RL"):
        rows, rules = "".join(f"<TR>{cell}</TR>" for cell in cells), 'ROWS="*"'
    else:
        rows, rules = f"<TR>{''.join(cells)}</TR>", 'COLUMNS="*"'
    border = "3" if current else "1"
    style = ' STYLE="dashed"' if zero else ""
    colours = scene.options.theme
    colour = colours.zero_line if zero else colours.line
    table = (
        f'<TABLE BORDER="{border}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="5" {rules}'
        f' BGCOLOR="{fill}" COLOR="{colour}"{style}>{rows}</TABLE>'
    )
    return {"shape": "plain", "label": f"<{table}>"}


def _op_circle(scene: _Scene, node: Value, current: bool) -> dict[str, str]:
    colours = scene.options.theme
    symbol = html_label_text(op_symbol(node.op, _exponent(node)))
    attributes = {"shape": "circle", "label": f"<{symbol}>", "margin": "0.04", "width": "0.5"}
    attributes["fontsize"] = "18" if len(symbol) <= 2 else "14"
    if current:
        attributes.update(
            style="filled,bold",
            fillcolor=colours.highlight_fill,
            penwidth="3",
            fontcolor=readable_text_colour(colours.highlight_fill),
        )
    elif scene.options.color_by_grad and scene.shows_zero(scene.grad_of[node]):
        attributes.update(style="dashed", color=colours.zero_line, fontcolor=colours.zero_line)
    return attributes


def _exponent(node: Value) -> float | None:
    """The constant exponent n of x ** n (its circle reads x², x⁻¹), else None."""
    return node.inputs[1].data if node.op == "**" else None


def _parameter_box(scene: _Scene, node: Value) -> dict[str, str]:
    """A constant as a small plain number (a named one, π of the command line, by its name)."""
    text = html_label_text(node.label) if node.label else scene.number(node.data)
    return {
        "shape": "plaintext",
        "label": f"<{text}>",
        "fontsize": "14",
        "fontcolor": scene.options.theme.muted_text,
        "margin": "0.02",
        "width": "0",
        "height": "0",
    }


# ----------------------------------------------------------------------
# Edges
# ----------------------------------------------------------------------


def _draw_edges(
    drawing: GraphDrawing,
    scene: _Scene,
    highlighted_edges: Collection[tuple[Value, int]],
) -> None:
    """Edges: each operation into its result, and one edge per input slot (`a + a` gives two)."""
    highlighted = {(node, index) for node, index in highlighted_edges}
    written: set[tuple[str, str]] = set()  # collapsed and summarised edges are drawn once
    more_edges: list[str] = []
    for node in scene.order:
        if not node.inputs or not scene.is_drawn(node):
            continue
        position = scene.position[node]
        inside = scene.box_of.get(node)
        target = inside or f"op{position}"
        if inside is None:  # the operation feeds its result
            drawing.edge(f"op{position}", f"v{position}", **_result_edge(scene, node))
        for index, parent in enumerate(node.inputs):
            if inside is not None and scene.box_of.get(parent) == inside:
                continue  # an edge inside one collapsed neuron
            if parent in scene.parameters:
                if inside is None:
                    drawing.edge(
                        f"v{scene.position[parent]}",
                        target,
                        style="dashed",
                        color=scene.options.theme.zero_line,
                        arrowhead="none",
                    )
                continue
            if not scene.is_drawn(parent):
                if target not in more_edges:
                    more_edges.append(target)
                continue
            source = scene.box_id(parent)
            attributes = _input_edge(scene, node, index, (node, index) in highlighted)
            if inside is not None or parent in scene.box_of:
                if (source, target) in written and (node, index) not in highlighted:
                    continue
                written.add((source, target))
                _attach_to_rows(scene, node, parent, inside, attributes)
            drawing.edge(source, target, **attributes)
    if more_edges:
        drawing.node(
            "more",
            label=f"<⋯ {html_label_text(_more_values(scene))}>",
            shape="plaintext",
            fontcolor=scene.options.theme.muted_text,
        )
        for target in more_edges:
            drawing.edge("more", target, style="dashed", color=scene.options.theme.zero_line)


# The sides where edges leave and enter a box, by rankdir: (leave, enter).
_SIDES = {"LR": ("e", "w"), "RL": ("w", "e"), "TB": ("s", "n"), "BT": ("n", "s")}


def _attach_to_rows(
    scene: _Scene, node: Value, parent: Value, inside: str | None, attributes: dict[str, str]
) -> None:
    """Edges of collapsed neurons leave from the row of `a` and enter the row of their weight."""
    leave, enter = _SIDES[scene.options.rankdir]
    if parent in scene.box_of:
        attributes["tailport"] = f"out:{leave}"
    role = node.role
    if inside is not None and role is not None and role.kind == "wx" and role.index is not None:
        attributes["headport"] = f"w{role.index}:{enter}"


def _gradient_line(scene: _Scene, gradient: float) -> dict[str, str]:
    """How an edge carrying `gradient` looks with color_by_grad: hue and width, and the sign
    without colour too: solid for positive, dashed for negative, dotted grey for zero (or a
    gradient that reads as zero in the number format)."""
    if scene.shows_zero(gradient):
        return {"style": "dotted", "color": scene.options.theme.zero_line, "penwidth": "2"}
    colour, strength = scene.colour(gradient)
    style = "solid" if gradient > 0 else "dashed"
    return {"color": colour, "penwidth": edge_width(strength), "style": style}


def _more_values(scene: _Scene) -> str:
    """How many values the truncated drawing leaves out: "12 more values"."""
    count = len(scene.order) - len(scene.parameters) - len(scene.drawn or ())
    return ngettext("{count} more value", "{count} more values", count).format(count=count)


def _result_edge(scene: _Scene, node: Value) -> dict[str, str]:
    grad = scene.grad_of[node]
    if not scene.options.color_by_grad or grad is None:
        return {}
    return _gradient_line(scene, grad)


def _input_edge(scene: _Scene, node: Value, index: int, highlighted: bool) -> dict[str, str]:
    attributes: dict[str, str] = {}
    message = scene.message(node, index)
    if scene.options.color_by_grad and message is not None:
        attributes.update(_gradient_line(scene, message))
    highlight_colour = scene.options.theme.highlight_edge
    if highlighted:
        attributes.update(color=highlight_colour, penwidth="3.5", style="bold")
    label = _edge_label(scene, node, index, message)
    if label is not None:
        attributes["label"] = f"<{label}>"
        if highlighted:
            attributes["fontcolor"] = highlight_colour
    return attributes


def _edge_label(scene: _Scene, node: Value, index: int, message: float | None) -> str | None:
    kind = scene.options.edge_labels
    quiz = scene.options.quiz
    if kind == "local":
        if quiz in ("data", "both"):
            return "?"
        local = scene.local_grads.get(node)
        if local is None:
            return html_label_text(_("undefined"))
        return scene.number(local[index])
    if kind == "message":
        if quiz is not None:
            return "?"
        return "" if message is None else scene.number(message)
    return None
