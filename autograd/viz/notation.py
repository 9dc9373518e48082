"""The lecture's names for the nodes of a network: w_{jk}^{(l)}, b_j^{(l)}, z_j^{(l)}, a_j^{(l)}, x_k.

A node that `nn` made carries a `Role` (autograd/roles.py); `lecture_name` turns it into the name
the course writes, in two spellings of the same thing: `Name.html` with real subscripts and
superscripts for Graphviz's HTML-like labels (`w<SUB>12</SUB><SUP>(1)</SUP>`), and `Name.text`
with Unicode sub/superscript digits for captions and plain text (`w₁₂⁽¹⁾`).

The course counts from 1 (layer l = 1 is the first layer, x_1 the first input, neuron j = 1 the
top one), `nn` and `named_parameters()` count from 0: `layers.0.neurons.2.w.1` is w_{32}^{(1)}.
w_{jk}^{(l)} is the weight from input k to neuron j of layer l (so the row of W^{(l)} is the
neuron); the product node is w_{jk}^{(l)}·a_k^{(l−1)}, with a^{(0)} = x. Indices of two digits
are separated by a comma (w_{12,3}). A Layer used on its own has no (l); a Neuron on its own no j.

Two conventions for the weights (`notation=`, or `set_notation` for the whole package):
"jk" (the default, above: z = W·x, w_jk from input k to neuron j, the row of W is the neuron)
and "ij" (the problem book's: z = x·W, w_ij from input i to neuron j, the column of W is the
neuron; the product is written x_i·w_ij). The same weight is w_jk in one and w_kj in the other;
the numbers never change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from autograd.roles import Role
from autograd.setting import ScopedSetting
from autograd.value import Value

__all__ = [
    "NOTATIONS",
    "Name",
    "Notation",
    "get_notation",
    "input_name",
    "lecture_name",
    "lecture_names",
    "lecture_number",
    "set_notation",
    "subscript_text",
    "superscript_text",
    "weight_notation",
]

Notation = Literal["jk", "ij"]
NOTATIONS: tuple[Notation, ...] = ("jk", "ij")
ENVIRONMENT_VARIABLE = "BACKPROP_LAB_NOTATION"


def _checked(code: object, where: str) -> Notation:
    for notation in NOTATIONS:
        if code == notation:
            return notation
    raise ValueError(f"{where}: notation must be 'jk' (W·x) or 'ij' (x·W), got {code!r}")


# A `with` block, else set_notation, else the environment, else "jk" (as the language is chosen).
_NOTATION: ScopedSetting[Notation] = ScopedSetting(
    "backprop_lab_notation", ENVIRONMENT_VARIABLE, "jk", _checked
)


def set_notation(code: str | None) -> None:
    """Make `code` ("jk" or "ij") the package-wide weight notation; None goes back to the default
    (the BACKPROP_LAB_NOTATION environment variable, else "jk")."""
    _NOTATION.choose(code, "set_notation")


def get_notation() -> Notation:
    """The notation used now: a `weight_notation(...)` scope, else `set_notation`, else the
    environment, else "jk"."""
    return _NOTATION.get()


@contextmanager
def weight_notation(code: str | None) -> Iterator[Notation]:
    """Within the `with` block, name weights in `code` ("jk", "ij"); None keeps the current one.

    This is what every `notation=` parameter does, e.g. `draw(f, notation="ij")`.
    """
    with _NOTATION.scoped(code, "notation") as chosen:
        yield chosen


_SUBSCRIPT = str.maketrans("0123456789(),−-", "₀₁₂₃₄₅₆₇₈₉₍₎,₋₋")
_SUPERSCRIPT = str.maketrans("0123456789(),−-l", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾,⁻⁻ˡ")


def subscript_text(text: str) -> str:
    """`text` (digits, parentheses, commas, minus) in Unicode subscript characters."""
    return text.translate(_SUBSCRIPT)


def superscript_text(text: str) -> str:
    """`text` (digits, parentheses, commas, minus, l) in Unicode superscript characters."""
    return text.translate(_SUPERSCRIPT)


@dataclass(frozen=True)
class Name:
    """One name in two spellings: `html` for HTML-like labels, `text` for Unicode plain text."""

    html: str
    text: str

    def __add__(self, other: Name) -> Name:
        return Name(self.html + other.html, self.text + other.text)


def symbol(letter: str, subscript: str = "", superscript: str = "") -> Name:
    """A letter with a subscript and a superscript, e.g. symbol("w", "12", "(1)") is w₁₂⁽¹⁾."""
    html = letter
    if subscript:
        html += f"<SUB>{subscript}</SUB>"
    if superscript:
        html += f"<SUP>{superscript}</SUP>"
    return Name(html, letter + subscript_text(subscript) + superscript_text(superscript))


def lecture_number(position: int) -> int:
    """The course's number of a 0-based position: layer position 0 is layer 1, input 0 is x_1."""
    return position + 1


def _indices(*numbers: int) -> str:
    """1-based indices joined as the course writes them: "12", or "12,3" when one has two digits."""
    shown = [str(lecture_number(number)) for number in numbers]
    return ("," if any(len(text) > 1 for text in shown) else "").join(shown)


def _layer(layer: int | None, offset: int = 0) -> str:
    """The superscript "(l)" for layer position `layer` (+ offset), or "" outside a model."""
    return "" if layer is None else f"({lecture_number(layer + offset)})"


def lecture_name(role: Role) -> Name:
    """The course's name for a node with this role (module docstring: 1-based, w_{jk}^{(l)},
    or w_{ij}^{(l)} in the "ij" notation)."""
    layer, neuron, index = role.layer, role.neuron, role.index
    j = () if neuron is None else (neuron,)
    if role.kind == "loss":
        return Name("loss", "loss")
    if role.kind in ("x", "p"):  # the input x_k, the probability p_k of class k
        assert index is not None  # Role guarantees an index for x, w, wx, p
        return symbol(role.kind, _indices(index))
    if role.kind in ("b", "z", "a"):
        return symbol(role.kind, _indices(*j), _layer(layer))
    assert index is not None
    from_input_first = get_notation() == "ij"  # w_ij: from input i to neuron j
    weight = symbol(
        "w", _indices(*((index, *j) if from_input_first else (*j, index))), _layer(layer)
    )
    if role.kind == "w":
        return weight
    if from_input_first:  # wx as x·W writes it: a_i^{(l−1)}·w_{ij}^{(l)}
        return input_name(layer, index) + Name("·", "·") + weight
    return weight + Name("·", "·") + input_name(layer, index)  # wx: w_{jk}^{(l)}·a_k^{(l−1)}


def input_name(layer: int | None, index: int) -> Name:
    """Input k of layer position `layer`: x_k for the first layer (or none), else a_k^{(l−1)}."""
    if layer is None or layer == 0:
        return symbol("x", _indices(index))
    return symbol("a", _indices(index), _layer(layer, -1))


def lecture_names(order: Sequence[Value]) -> dict[Value, str]:
    """The lecture's Unicode name of each node of `order` that has one, for captions.

    Nodes with a role get `lecture_name(role).text` when no other node of `order` gets the same
    name (a model called on two examples makes two z₁⁽¹⁾: those keep their usual names). The
    `loss` is one node: the root when it is a loss (its role says so, or, in a graph with a
    model's nodes, it is an unlabelled root without a role), else the one node with the role;
    a loss the user labelled keeps its label ("L" stays L) and is left out here.
    """
    found = {  # a product's name holds a "·": parenthesised, so ∂loss/∂(w₁₁⁽¹⁾·x₁) reads right
        node: f"({lecture_name(node.role).text})"
        if node.role.kind == "wx"
        else lecture_name(node.role).text
        for node in order
        if node.role is not None and node.role.kind != "loss"
    }
    losses = [node for node in order if node.role is not None and node.role.kind == "loss"]
    root = order[-1] if order else None
    if root is not None and not root.label and (root in losses or (found and root not in found)):
        found[root] = "loss"  # the root is the loss: the losses it sums or averages are not
    elif len(losses) == 1 and not losses[0].label:
        found[losses[0]] = "loss"
    counts: dict[str, int] = {}
    for name in found.values():
        counts[name] = counts.get(name, 0) + 1
    taken = {node.label for node in order if node.label and node not in found}
    return {node: name for node, name in found.items() if counts[name] == 1 and name not in taken}
