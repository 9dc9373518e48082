"""A collapsed neuron drawn as one box: a small table of its values, weights and their gradients.

    ┌──────────────────────────────┐
    │ relu     data      grad      │   the activation f; the columns
    │ a₁⁽²⁾    0.53      −0.12     │   the output of neuron j = 1 of layer l = 2 (counted
                                       from 1, as the course); edges to the next layer leave here
    │ z₁⁽²⁾    0.53      −0.12     │   the pre-activation; its grad is δ₁⁽²⁾
    │ w₁₁⁽²⁾   0.23      ▼ −0.05   │   one row per weight: the edge from a_k^(l−1) enters here
    │ w₁₂⁽²⁾  −0.71      ▲ +0.02   │
    │ b₁⁽²⁾    0         −0.12     │
    └──────────────────────────────┘

So a whole model can be shown with every weight and every weight's gradient readable, and the
edges between layers enter the row of the weight they multiply (rows in the order k = 1, 2, ...,
neurons top to bottom in the order j = 1, 2, ...: no needless crossings). The words shown are in
marked for translation with `autograd.i18n._`.
"""

from __future__ import annotations

from typing import Protocol

from autograd.i18n import _
from autograd.roles import Role
from autograd.value import Value
from autograd.viz.escape import html_label_text
from autograd.viz.neurons import NeuronNodes
from autograd.viz.notation import lecture_name
from autograd.viz.style import OP_SYMBOLS, Theme, readable_text_colour

__all__ = ["neuron_header", "neuron_rows", "neuron_table"]


class _SceneView(Protocol):
    """What the table needs from a drawing's scene (autograd.viz.diagram._Scene)."""

    grad_of: dict[Value, float | None]

    def data_text(self, node: Value) -> str: ...

    def grad_text(self, node: Value) -> str: ...

    def signed_grad_text(self, grad: float | None, text: str) -> str: ...

    def shows_zero(self, x: float | None) -> bool: ...

    def colour(self, grad: float) -> tuple[str, float]: ...

    @property
    def theme(self) -> Theme: ...

    @property
    def color_by_grad(self) -> bool: ...

    @property
    def lecture_names(self) -> bool: ...


def neuron_rows(neuron: NeuronNodes) -> list[Value]:
    """The values a neuron's table shows, in order: a (if any), z, w_1 ... w_n, b."""
    by_kind: dict[str, list[Value]] = {}
    for member in neuron.members:
        if member.role is not None:
            by_kind.setdefault(member.role.kind, []).append(member)
    weights = sorted(by_kind.get("w", []), key=_input_index)
    return [*by_kind.get("a", []), *by_kind.get("z", []), *weights, *by_kind.get("b", [])]


def _input_index(weight: Value) -> int:
    """k of a weight w_{jk} (its role's index)."""
    return weight.role.index or 0 if weight.role is not None else 0


def _activation(neuron: NeuronNodes) -> str:
    """The neuron's activation as the drawings write it: relu, tanh, σ, ... or "linear"."""
    output = neuron.output
    return html_label_text(
        _("linear") if output.op == "sum" else OP_SYMBOLS.get(output.op, output.op)
    )


def neuron_header(neuron: NeuronNodes) -> str:
    """ "j = 1, l = 2 · relu": which neuron (counted from 1) and its activation."""
    place = []
    if neuron.neuron_position is not None:
        place.append(f"j = {neuron.neuron_position + 1}")
    if neuron.layer_position is not None:
        place.append(f"l = {neuron.layer_position + 1}")
    where = f"<B>{', '.join(place)}</B> · " if place else ""
    return where + _activation(neuron)


def _row_name(node: Value, role: Role, lecture_names: bool) -> str:
    if lecture_names or not node.label:  # Unicode indices: HTML <SUB>/<SUP> would overlap rows
        return html_label_text(lecture_name(role).text)
    return html_label_text(node.label)


def neuron_table(
    scene: _SceneView,
    neuron: NeuronNodes,
    fill: str,
    current: bool,
    zero: bool,
    current_rows: frozenset[Value] = frozenset(),
) -> str:
    """The HTML-like TABLE of one collapsed neuron (see the module docstring).

    Ports: "out" on the output's row (edges leave there), "w{k}" on weight k's row (from 0).
    `current_rows` are drawn with the highlight fill (the stepper's current values).
    """
    theme = scene.theme
    border = "3" if current else "1"
    style = ' STYLE="dashed"' if zero else ""
    line = theme.zero_line if zero else theme.line
    muted = theme.muted_text
    data_word, grad_word = html_label_text(_("data")), html_label_text(_("grad"))
    rows = [  # the activation over the names, the column headings over the numbers
        f'<TR><TD ALIGN="LEFT"><B>{_activation(neuron)}</B></TD>'
        f'<TD ALIGN="RIGHT"><FONT COLOR="{muted}">{data_word}</FONT></TD>'
        f'<TD ALIGN="RIGHT"><FONT COLOR="{muted}">{grad_word}</FONT></TD></TR>',
    ]
    for node in neuron_rows(neuron):
        role = node.role
        assert role is not None  # neuron_rows keeps members with a role only
        name_port = f' PORT="w{role.index}"' if role.kind == "w" else ""
        grad_port = ' PORT="out"' if node is neuron.output else ""
        row_fill = f' BGCOLOR="{theme.highlight_fill}"' if node in current_rows else ""
        grad = scene.grad_of[node]
        grad_text = scene.grad_text(node)
        if (
            scene.color_by_grad
            and grad is not None
            and not scene.shows_zero(grad)
            and grad_text != "?"
        ):
            colour = scene.colour(grad)[0]
            shown = scene.signed_grad_text(grad, grad_text)
            grad_cell = (
                f'<TD{grad_port} ALIGN="RIGHT" BGCOLOR="{colour}">'
                f'<FONT COLOR="{readable_text_colour(colour)}">{shown}</FONT></TD>'
            )
        else:
            grad_cell = f'<TD{grad_port} ALIGN="RIGHT"{row_fill}>{grad_text}</TD>'
        rows.append(
            f'<TR><TD{name_port} ALIGN="LEFT"{row_fill}>'
            f"{_row_name(node, role, scene.lecture_names)}</TD>"
            f'<TD ALIGN="RIGHT"{row_fill}>{scene.data_text(node)}</TD>{grad_cell}</TR>'
        )
    return (
        f'<TABLE BORDER="{border}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"'
        f' BGCOLOR="{fill}" COLOR="{line}"{style}>{"".join(rows)}</TABLE>'
    )
