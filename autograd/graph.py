"""Graph traversal: the one topological sort that everything else reuses.

A graph of `Value`s is a DAG whose edges run from each node's `inputs` to the
node. `topological_order(root)` lists every node reachable from `root` with
each node after all of its inputs, so walking the list forwards replays the
forward pass and walking it backwards is the order backpropagation needs.
It is iterative (an explicit stack, no recursion), so a chain of a million
nodes works under Python's default recursion limit. The order is
deterministic: inputs are visited in their stored order, so the same graph
always gives the same list (drawings and generated code rely on that).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["Node", "topological_order"]


class Node(Protocol):
    """Anything with an ordered tuple of `inputs` (in practice, a `Value`)."""

    @property
    def inputs(self) -> Sequence[Node]: ...


# "Some type of node": the list returned holds the same type as `root` (Values in, Values out).
NodeType = TypeVar("NodeType", bound=Node)


def topological_order(root: NodeType) -> list[NodeType]:
    """Return every node reachable from `root`, each one after all its inputs.

    Depth-first search with an explicit stack. A node is pushed once to be
    expanded (its inputs pushed on top of it) and emitted when it comes off
    the stack the second time, after everything above it, i.e. after all its
    inputs, has been emitted. A node reached twice (`a + a`, a diamond) is
    emitted once.
    """
    order: list[NodeType] = []
    seen: set[NodeType] = set()  # nodes already expanded (Values hash by identity)
    # (node, inputs_done): False = expand it next, True = its inputs are all in `order`.
    stack: list[tuple[NodeType, bool]] = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for input_node in reversed(node.inputs):  # reversed: the first input is visited first
            if input_node not in seen:
                # `Node.inputs` is typed as plain Nodes; in a real graph they are NodeType too.
                stack.append((input_node, False))  # type: ignore[arg-type]
    return order
