"""The names a node goes by in pictures, captions, the text view and generated code.

A node's own `label` when it has one that no other node shares; a constant (a number that
entered arithmetic, `autograd.value.is_constant`) without one is `c1`, `c2`, ...; every other
node the user did not name is numbered consecutively in reading order, `n1`, `n2`, `n3`, ...
(reading order: the one topological sort, `autograd.graph.topological_order`, every node after
its inputs, as the picture reads from the inputs on the left to the output on the right). The
numbers depend only on the graph's shape, never on when or how often its nodes were created, so
the same graph built twice has the same names. One policy, so a drawing, a caption and a line of
generated code always call the same node by the same name. A generated name never equals any
label in the graph: if a node is labelled "n1", the first unnamed node becomes `n1_1` instead,
so every node's name is different.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar

from autograd.graph import Node
from autograd.value import Constant

__all__ = ["Labelled", "display_names"]


class Labelled(Node, Protocol):
    """A node with a `label` and an `op` (in practice, a `Value`)."""

    label: str
    op: str


LabelledType = TypeVar("LabelledType", bound=Labelled)


def display_names(
    order: Sequence[LabelledType], given: Mapping[LabelledType, str] | None = None
) -> dict[LabelledType, str]:
    """A short name for every node of `order` (a topological order), for pictures and text.

    Reading order is `order` itself (`topological_order(root)`: inputs first, the first input's
    branch before the second's), so automatic numbers grow along every arrow of the picture.
    A node in `given` keeps the name given there (the lecture's w₁₂⁽¹⁾, for
    `autograd.viz.math_text.caption_names`); a node's own `label` is used when it has one and no
    other node has the same label; an unlabelled constant is `c1`, `c2`, ... (constants use no
    automatic number: a picture shows them as numbers); every other node is "n" followed by its
    place among the unnamed nodes, counted from 1 (`n1`, `n2`, ...). Drawings, the stepper's
    captions and the text view all use these names, so they agree. A generated name that some
    node has as its label (or is given) gets a suffix (`n1_1`, `n1_2`, ...), so the names are
    all different.
    """
    given = {} if given is None else given
    counts: dict[str, int] = {}
    for node in order:
        if node.label and node not in given:
            counts[node.label] = counts.get(node.label, 0) + 1
    taken = set(counts) | set(given.values())
    numbered = {"n": 0, "c": 0}  # the last number used for unnamed nodes and for constants
    names: dict[LabelledType, str] = {}
    for node in order:
        if node in given:
            names[node] = given[node]
            continue
        if node.label and counts[node.label] == 1:
            names[node] = node.label
            continue
        prefix = "c" if isinstance(node, Constant) else "n"
        numbered[prefix] += 1
        base = f"{prefix}{numbered[prefix]}"
        name, suffix = base, 0
        while name in taken:  # taken by a label: "n1" -> "n1_1" (no generated name has a "_")
            suffix += 1
            name = f"{base}_{suffix}"
        names[node] = name
    return names
