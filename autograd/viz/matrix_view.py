"""The matrix view of a network: one picture node per layer step, the same numbers as the scalars.

A course goes scalar → neuron → layer. After the chain rule on single numbers it writes a layer as

    z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = f(z⁽ˡ⁾)                       (notation "jk", W·a)

and its backward pass as

    δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾),   ∇W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ,   ∇b⁽ˡ⁾ = δ⁽ˡ⁾.

`matrix_model(root)` finds the layers of an `nn` model in the graph of `root` (the same finder
the batched replay runs its matrix products from, `autograd.codegen.layers.find_layers`, grouped
by the roles the model records) and `draw_matrix(root)` (= `draw(root, view="matrix")`) draws:
the input vector x, each layer's W⁽ˡ⁾ as a small table, b⁽ˡ⁾, z⁽ˡ⁾ and a⁽ˡ⁾ as column vectors,
the loss; edges say the operation (W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾, f(·)). After backward each table has its
gradient beside it: ∇W⁽ˡ⁾ beside W⁽ˡ⁾, δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ beside z⁽ˡ⁾. It is a view: every number
is a `Value`'s own `.data` or `.grad`, written by the one number formatter; nothing is computed
again (so δ⁽ˡ⁾ is z⁽ˡ⁾'s `.grad`, and ∇W⁽ˡ⁾ the weights' `.grad`).

With notation "ij" (the problem book's x·W) the same numbers are the transposes: vectors are rows,
W⁽ˡ⁾ has a row per input and a column per neuron, and the captions read z = aW + b, ∇W = aᵀδ.
A loss over a small batch (a model called on several examples, one loss) shows A⁽ˡ⁾, Z⁽ˡ⁾ and
Δ⁽ˡ⁾ with one column (row, in "ij") per example; ∇W⁽ˡ⁾ is the weights' `.grad`, the sum of the
examples' δ aᵀ. Tables wider or taller than `MAX_SHOWN` entries show the first ones, an ellipsis
and the last, as a textbook does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from autograd.codegen.layers import LayerBlock, find_layers
from autograd.graph import topological_order
from autograd.i18n import _
from autograd.ops import OPS
from autograd.value import Value
from autograd.viz.escape import html_caption, html_label_text
from autograd.viz.notation import Name, Notation, get_notation, superscript_text, symbol
from autograd.viz.style import (
    EDGE_ATTRIBUTES,
    GRAPH_ATTRIBUTES,
    NODE_ATTRIBUTES,
    THEMES,
    format_number,
)

if TYPE_CHECKING:
    from autograd.viz.render import GraphDrawing

__all__ = [
    "MAX_SHOWN",
    "MatrixLayer",
    "MatrixModel",
    "Table",
    "draw_matrix",
    "matrix_model",
]

MAX_SHOWN = 4  # rows (or columns) of a table shown in full; more: the first 3, "⋮", the last


@dataclass(eq=False)
class MatrixLayer:
    """One layer l of the model, read from the graph: its Values, one list per example."""

    number: int  # l, counted from 1 as the course does
    weights: list[list[Value]]  # W[j][k]: neuron j, input k ("jk" rows are neurons)
    biases: list[Value] | None
    inputs: list[list[Value]]  # per example: a⁽ˡ⁻¹⁾ (x for the first layer)
    sums: list[list[Value]]  # per example: z⁽ˡ⁾
    activations: list[list[Value]] | None  # per example: a⁽ˡ⁾ = f(z⁽ˡ⁾); None: linear layer
    function: str  # the op of f ("relu", "sigmoid", ...), "" for a linear layer

    @property
    def outputs(self) -> list[list[Value]]:
        return self.activations if self.activations is not None else self.sums


@dataclass(eq=False)
class MatrixModel:
    """The layers of the model that computed `root`, and `root` (the loss)."""

    root: Value
    layers: list[MatrixLayer]

    @property
    def examples(self) -> int:
        return len(self.layers[0].inputs) if self.layers else 0


def matrix_model(root: Value) -> MatrixModel:
    """The `nn` layers in the graph of `root`, in order (an error if it has none).

    A layer is found where neurons with the same layer role read the same inputs (the batched
    replay's `find_layers`); a model called on several examples gives one block per example
    and layer, gathered here into one `MatrixLayer` with a list per example.
    """
    order = topological_order(root)
    parameters = [n for n in order if not n.inputs and n.role is not None and n.role.kind in "wb"]
    parameter_set = set(parameters)
    varying = {n for n in order if n not in parameter_set}
    blocks = find_layers(order, parameters, varying, (root,))
    by_layer: dict[int, list[LayerBlock]] = {}
    for block in blocks:
        role = block.sums[0].role
        if role is None or role.layer is None:
            continue
        by_layer.setdefault(role.layer, []).append(block)
    if not by_layer:
        raise ValueError(
            "draw(view='matrix'): the graph has no layers of an nn model (no nodes with a "
            "layer role); build it with nn.MLP, nn.Layer or nn.Sequential"
        )
    layers = []
    for position in sorted(by_layer):
        examples = by_layer[position]
        first = _sorted_by_neuron(examples[0])
        for block in examples[1:]:
            other = _sorted_by_neuron(block)
            if [[id(w) for w in row] for row in other.weights] != [
                [id(w) for w in row] for row in first.weights
            ]:
                raise ValueError(
                    f"draw(view='matrix'): layer {position + 1} is computed with different "
                    "weights for different examples"
                )
        blocks_sorted = [_sorted_by_neuron(block) for block in examples]
        fused = all(block.activations is not None for block in blocks_sorted)
        layers.append(
            MatrixLayer(
                number=position + 1,
                weights=first.weights,
                biases=first.biases,
                inputs=[block.inputs for block in blocks_sorted],
                sums=[block.sums for block in blocks_sorted],
                activations=[list(block.activations or []) for block in blocks_sorted]
                if fused
                else None,
                function=blocks_sorted[0].activations[0].op
                if fused and blocks_sorted[0].activations
                else "",
            )
        )
    return MatrixModel(root, layers)


def _neuron_position(node: Value, otherwise: int) -> int:
    role = node.role
    return otherwise if role is None or role.neuron is None else role.neuron


def _sorted_by_neuron(block: LayerBlock) -> LayerBlock:
    """The block with its neurons in the order j = 1, 2, … of their roles."""
    order = sorted(
        range(len(block.sums)),
        key=lambda j: _neuron_position(block.sums[j], j),
    )
    return LayerBlock(
        sums=[block.sums[j] for j in order],
        weights=[block.weights[j] for j in order],
        biases=None if block.biases is None else [block.biases[j] for j in order],
        inputs=block.inputs,
        products=block.products,
        activations=None if block.activations is None else [block.activations[j] for j in order],
    )


# ----------------------------------------------------------------------
# Tables of numbers
# ----------------------------------------------------------------------


@dataclass
class Table:
    """A small matrix of Values as drawn: rows of Values (None where an ellipsis stands)."""

    name: Name  # W⁽¹⁾, z⁽²⁾, A⁽¹⁾ …
    rows: list[list[Value]]  # the whole matrix, row by row, as the notation writes it

    def shown(self) -> tuple[list[int | None], list[int | None]]:
        """The row and column positions drawn; None is an ellipsis."""
        return _shown(len(self.rows)), _shown(len(self.rows[0]) if self.rows else 0)


def _shown(count: int) -> list[int | None]:
    if count <= MAX_SHOWN:
        return list(range(count))
    return [*range(MAX_SHOWN - 1), None, count - 1]


def _transpose(rows: list[list[Value]]) -> list[list[Value]]:
    return [list(column) for column in zip(*rows)]


def _vector(per_example: list[list[Value]], notation: Notation) -> list[list[Value]]:
    """Vectors of the examples as a matrix: a column per example ("jk"), a row ("ij")."""
    return per_example if notation == "ij" else _transpose(per_example)


def _superscript(layer: int) -> str:
    return f"({layer})"


def _matrix_name(letter: str, layer: int | None, batch: bool) -> Name:
    """z⁽¹⁾ for one example, Z⁽¹⁾ for a batch (the course's capital for a matrix of examples)."""
    shown = letter.upper() if batch else letter
    return symbol(shown, "", "" if layer is None else _superscript(layer))


def _grad_name(name: Name, letter: str) -> Name:
    """The gradient's heading: ∇W⁽¹⁾, δ⁽¹⁾ for z (Δ for a batch), ∂L/∂a⁽¹⁾ otherwise."""
    if letter in ("z", "Z"):
        delta = "Δ" if letter == "Z" else "δ"
        return Name(delta + name.html[1:], delta + name.text[1:])
    if letter in ("W", "b"):
        return Name("∇" + name.html, "∇" + name.text)
    return Name("∂L/∂" + name.html, "∂L/∂" + name.text)


# ----------------------------------------------------------------------
# The drawing
# ----------------------------------------------------------------------


def _cell(text: str, cell_id: str, colour: str, *, bold: bool = False) -> str:
    inner = f"<B>{text}</B>" if bold else text
    return f'<TD ID="{cell_id}" ALIGN="RIGHT"><FONT COLOR="{colour}">{inner}</FONT></TD>'


def _table_html(
    table: Table,
    table_id: str,
    grads: bool,
    number_format: str,
    text: str,
    muted: str,
    line: str,
    shown_grads: bool = True,
    gradients: Mapping[Value, float] | None = None,
    hidden: str = "",
) -> str:
    """An HTML-like label: the values' table and, if `grads`, the gradients' table beside it."""
    row_positions, column_positions = table.shown()

    def body(kind: str) -> str:
        lines = []
        for r in row_positions:
            cells = []
            for c in column_positions:
                if r is None or c is None:
                    mark = "⋮" if r is None and c is not None else ("⋯" if r is not None else "⋱")
                    cells.append(f'<TD><FONT COLOR="{muted}">{mark}</FONT></TD>')
                    continue
                value = table.rows[r][c]
                if kind == "data":
                    number = value.data
                else:
                    number = value.grad if gradients is None else gradients[value]
                shown = format_number(number, number_format)
                colour = text
                if kind == "grad" and not shown_grads:
                    colour = hidden  # not known yet: drawn invisible, so the layout stays
                cells.append(_cell(shown, f"{table_id}.{kind}.{r}.{c}", colour))
            lines.append("<TR>" + "".join(cells) + "</TR>")
        return "".join(lines)

    columns = len(column_positions)
    heading = f'<TR><TD COLSPAN="{columns}"><B>{table.name.html}</B></TD></TR>'
    values = (
        f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" STYLE="rounded" '
        f'COLOR="{line}">{heading}{body("data")}</TABLE>'
    )
    if not grads:
        return f"<{values}>"
    grad_heading = (
        f'<TR><TD COLSPAN="{columns}"><B>{_grad_name(table.name, table.name.text[0]).html}'
        f"</B></TD></TR>"
    )
    grad_table = (
        f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" STYLE="rounded" '
        f'COLOR="{muted}">{grad_heading}{body("grad")}</TABLE>'
    )
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4"><TR><TD>{values}</TD>'
        f"<TD>{grad_table}</TD></TR></TABLE>>"
    )


def layer_tables(model: MatrixModel, notation: Notation) -> list[tuple[str, Table]]:
    """Every table of the view, in forward order, with its node id: x, then per layer W, b, z, a."""
    batch = model.examples > 1
    tables: list[tuple[str, Table]] = []
    first = model.layers[0]
    tables.append(("x", Table(_matrix_name("x", None, batch), _vector(first.inputs, notation))))
    for layer in model.layers:
        number = layer.number
        weights = layer.weights if notation == "jk" else _transpose(layer.weights)
        tables.append((f"W{number}", Table(symbol("W", "", _superscript(number)), weights)))
        if layer.biases is not None:
            biases = [layer.biases]
            tables.append(
                (
                    f"b{number}",
                    Table(symbol("b", "", _superscript(number)), _vector(biases, notation)),
                )
            )
        tables.append(
            (f"z{number}", Table(_matrix_name("z", number, batch), _vector(layer.sums, notation)))
        )
        if layer.activations is not None:
            tables.append(
                (
                    f"a{number}",
                    Table(_matrix_name("a", number, batch), _vector(layer.activations, notation)),
                )
            )
    return tables


def forward_label(layer: MatrixLayer, notation: Notation, batch: bool) -> str:
    """The operation on the edge into z⁽ˡ⁾: W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (or a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾ in "ij")."""
    number = layer.number
    previous = (
        _matrix_name("x", None, batch) if number == 1 else _matrix_name("a", number - 1, batch)
    )
    weight = symbol("W", "", _superscript(number)).text
    product = weight + previous.text if notation == "jk" else previous.text + weight
    if layer.biases is not None:
        product += " + " + symbol("b", "", _superscript(number)).text
    return product


def function_label(layer: MatrixLayer) -> str:
    """f(·) on the edge from z⁽ˡ⁾ to a⁽ˡ⁾, with the op's own symbol (σ, relu, tanh)."""
    return f"{OPS[layer.function].symbol}(·)" if layer.function else ""


def draw_matrix(
    root: Value,
    *,
    notation: Notation | None = None,
    number_format: str = ".4g",
    theme: str = "light",
    rankdir: str = "LR",
    grads: bool | None = None,
    caption: str | None = None,
    highlight: str | None = None,
    shown: set[str] | None = None,
    shown_grads: set[str] | None = None,
    gradients: Mapping[Value, float] | None = None,
) -> GraphDrawing:
    """The matrix view of the model that computed `root` (see the module docstring).

    `grads`: show the gradient tables (None: when backward has run, i.e. `root.grad` is not 0).
    `highlight`: the id of a table drawn as the current step ("W2", "z1", "loss", …); `shown`:
    if given, only these tables show their values (the others blank: not computed yet);
    `shown_grads`: if given, only these tables show gradients (the others are drawn in the
    background colour, so a frame's layout never changes); `gradients`: the gradient of each
    Value to show instead of its `.grad` (the lecture's frames compute them with
    `autograd.grad`, touching no `.grad`). Node ids: x, W1, b1, z1, a1, …,
    loss; every number cell has the id `<table>.<data|grad>.<row>.<column>`.
    """
    from autograd.viz.render import GraphDrawing  # needs the graphviz package: import late

    chosen: Notation = notation if notation is not None else get_notation()
    if chosen not in ("jk", "ij"):
        raise ValueError(f"draw: notation must be 'jk' (W·x) or 'ij' (x·W), got {chosen!r}")
    if theme not in THEMES:
        raise ValueError(f"draw: theme must be one of {', '.join(THEMES)}, got {theme!r}")
    model = matrix_model(root)
    colours = THEMES[theme]
    show_grads = (root.grad != 0.0) if grads is None else grads
    batch = model.examples > 1
    drawing = GraphDrawing(name="matrix_view", format="svg")
    drawing.attr("graph", rankdir=rankdir, **{**GRAPH_ATTRIBUTES, "bgcolor": colours.background})
    drawing.attr("graph", fontcolor=colours.text, nodesep="0.3", ranksep="0.45")
    drawing.attr(
        "node", **{**NODE_ATTRIBUTES, "shape": "plain"}, fontcolor=colours.text, color=colours.line
    )
    drawing.attr("edge", **{**EDGE_ATTRIBUTES, "color": colours.line, "fontcolor": colours.text})
    for table_id, table in layer_tables(model, chosen):
        values_shown = shown is None or table_id in shown or table_id.startswith(("W", "b", "x"))
        grads_shown = shown_grads is None or table_id in shown_grads
        html = _table_html(
            table,
            table_id,
            show_grads,
            number_format,
            colours.text if values_shown else colours.background,
            colours.muted_text,
            colours.line,
            shown_grads=grads_shown,
            gradients=gradients,
            hidden=colours.background,
        )
        fill = colours.highlight_fill if table_id == highlight else colours.background
        drawing.node(table_id, html, style="filled", fillcolor=fill, color=fill)
    root_grad = root.grad if gradients is None else gradients[root]
    loss_grad = format_number(root_grad, number_format) if show_grads else ""
    loss_text = format_number(root.data, number_format)
    loss_colour = colours.background if shown is not None and "loss" not in shown else colours.text
    loss_name = html_label_text(_("loss"))
    loss_rows = (
        f"<TR><TD><B>L</B> ({loss_name})</TD></TR>"
        f'<TR><TD ID="loss.data"><FONT COLOR="{loss_colour}">{loss_text}</FONT></TD></TR>'
    )
    if show_grads:  # drawn invisible until known, so every frame has the same layout
        known = shown_grads is None or "loss" in shown_grads
        colour = colours.text if known else colours.background
        loss_rows += (
            f'<TR><TD ID="loss.grad"><FONT COLOR="{colour}">∂L/∂L = {loss_grad}</FONT></TD></TR>'
        )
    fill = colours.highlight_fill if highlight == "loss" else colours.background
    drawing.node(
        "loss",
        f'<<TABLE BORDER="1" CELLBORDER="0" STYLE="rounded" CELLPADDING="4" COLOR="{colours.line}">'
        f"{loss_rows}</TABLE>>",
        style="filled",
        fillcolor=fill,
        color=fill,
    )
    previous = "x"
    for layer in model.layers:
        number = layer.number
        label = html_label_text(forward_label(layer, chosen, batch))
        drawing.edge(previous, f"z{number}", label=f"<{label}>")
        drawing.edge(f"W{number}", f"z{number}", style="dashed")
        if layer.biases is not None:
            drawing.edge(f"b{number}", f"z{number}", style="dashed")
        with drawing.subgraph() as same:  # W above and b below the layer's input: one column
            same.attr(rank="same")
            same.node(f"W{number}")
            same.node(previous)
            if layer.biases is not None:
                same.node(f"b{number}")
            same.edge(f"W{number}", previous, style="invis")
            if layer.biases is not None:
                same.edge(previous, f"b{number}", style="invis")
        previous = f"z{number}"
        if layer.activations is not None:
            drawing.edge(
                f"z{number}", f"a{number}", label=f"<{html_label_text(function_label(layer))}>"
            )
            previous = f"a{number}"
    loss_word = html_label_text(_("loss"))
    drawing.edge(previous, "loss", label=f"<{loss_word}>")
    lines = []
    if batch:
        per = _("one column per example") if chosen == "jk" else _("one row per example")
        lines.append(
            _("a batch of {count} examples: {per}; ∇W is the sum over the examples").format(
                count=model.examples, per=per
            )
        )
    if caption:
        lines.append(caption)
    if lines:
        drawing.attr("graph", label=html_caption(lines))
    return drawing


def superscript_layer(layer: int) -> str:
    """⁽ˡ⁾ for layer l, as captions write it."""
    return superscript_text(_superscript(layer))
