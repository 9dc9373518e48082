"""The names a node goes by in pictures, captions, the text view and generated code.

A node's own `label` when it has one that no other node shares, otherwise "n" and its
position in the topological order (`n0`, `n1`, ...). One policy, so a drawing, a caption
and a line of generated code always call the same node by the same name. A generated name
never equals any label in the graph: if a node is labelled "n1", the unlabelled node at
position 1 becomes `n1_1` instead, so every node's name is different.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from autograd.graph import Node

__all__ = ["Labelled", "display_names"]


class Labelled(Node, Protocol):
    """A node with a `label` and an `op` (in practice, a `Value`)."""

    label: str
    op: str


LabelledType = TypeVar("LabelledType", bound=Labelled)


def display_names(order: Sequence[LabelledType]) -> dict[LabelledType, str]:
    """A short name for every node of `order` (a topological order), for pictures and text.

    A node's own `label` is used when it has one and no other node has the same label;
    otherwise the name is "n" followed by the node's position in `order` (so `n0`, `n1`, ...).
    Drawings, the stepper's captions and the text view all use these names, so they agree.
    A generated name that some node has as its label gets a suffix (`n1_1`, `n1_2`, ...), so
    the names are all different.
    """
    counts: dict[str, int] = {}
    for node in order:
        if node.label:
            counts[node.label] = counts.get(node.label, 0) + 1
    names: dict[LabelledType, str] = {}
    for position, node in enumerate(order):
        if node.label and counts[node.label] == 1:
            names[node] = node.label
            continue
        name, suffix = f"n{position}", 0
        while name in counts:  # taken by a label: "n1" -> "n1_1" (no generated name has a "_")
            suffix += 1
            name = f"n{position}_{suffix}"
        names[node] = name
    return names
