"""One step (or k) of gradient descent on the lecture's graph, as frames after the Done frame.

Backprop gives ∂f/∂w for every trainable leaf; gradient descent then moves each one against
its gradient, w ← w − η·∂f/∂w, and f is computed again at the new values. `descent_frames`
makes one frame per step with that update in numbers for every trainable leaf and the new f,
its picture the graph at the new values (every box's data after the step; the gradients blank,
as the new values' gradients come with the next backward pass).
The trainable leaves are a model's weights and biases (`Role` kinds "w" and "b") when the graph
has them, else every leaf that is not a constant (`autograd.value.is_constant`): a formula's
inputs, which a lecture can move to show what a step does. Each step recomputes the graph on
copies of its nodes (`apply_op`) and their gradients with `autograd.grad`: the user's graph,
its data and every `.grad` stay as they were.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from autograd.gradients import grad
from autograd.graph import topological_order
from autograd.i18n import _
from autograd.lecture.frames import Frame
from autograd.lecture.steps import format_number  # the captions' number format, as drawn
from autograd.value import Value, apply_op, is_constant
from autograd.viz.math_text import caption_names

__all__ = ["check_descent", "descent_frames", "trainable_leaves"]


def check_descent(learning_rate: object, steps: object, where: str) -> None:
    """A clear error unless `learning_rate` is a positive finite number and `steps` 1..100."""
    if learning_rate is None:
        return
    if (
        isinstance(learning_rate, bool)
        or not isinstance(learning_rate, (int, float))
        or not math.isfinite(learning_rate)
        or learning_rate <= 0
    ):
        raise ValueError(
            f"{where}: learning_rate must be a positive finite number, got {learning_rate!r}"
        )
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 100:
        raise ValueError(f"{where}: steps must be an int from 1 to 100, got {steps!r}")


def trainable_leaves(order: list[Value]) -> list[Value]:
    """The leaves a descent step moves: weights and biases of a model in the lecture's order
    (layer by layer, each neuron's weights then its bias), else every non-constant leaf (in
    topological order)."""
    leaves = [node for node in order if not node.inputs and not is_constant(node)]
    parameters = [n for n in leaves if n.role is not None and n.role.kind in ("w", "b")]
    return sorted(parameters, key=_lecture_position) or leaves


def _lecture_position(node: Value) -> tuple[int, int, int, int]:
    role = node.role
    assert role is not None
    kind = 0 if role.kind == "w" else 1
    return (role.layer or 0, role.neuron or 0, kind, role.index or 0)


def descent_frames(root: Value, learning_rate: float, steps: int = 1) -> list[Frame]:
    """`steps` frames of w ← w − η·∂f/∂w on `root`'s graph (module docstring).

    Each frame's caption is the rule, one update line per trainable leaf in numbers, and f
    before and after; its picture shows every node's value after the step (`Frame.values`) and
    no gradient. Never changes any
    `.grad` or data of the graph.
    """
    order = topological_order(root)
    names = caption_names(order)
    leaves = trainable_leaves(order)
    root_name = names[root]
    eta = format_number(learning_rate)
    current = {leaf: leaf.data for leaf in leaves}
    copies = _copy(order, current)
    gradients = grad(copies[root], [copies[leaf] for leaf in leaves])
    value = copies[root].data
    frames = []
    for step in range(1, steps + 1):
        updated = {
            leaf: current[leaf] - learning_rate * gradient
            for leaf, gradient in zip(leaves, gradients)
        }
        lines = [
            _(
                "Gradient descent, step {step} of {steps}: w ← w − η·∂{root}/∂w with η = {eta}"
            ).format(step=step, steps=steps, root=root_name, eta=eta)
        ]
        update_lines = [
            f"{names[leaf]} ← {format_number(current[leaf])} − {eta} · "
            f"{_factor(format_number(gradient))} = {format_number(updated[leaf])}"
            for leaf, gradient in zip(leaves, gradients)
        ]
        lines.append(",   ".join(line.replace(" ", "\N{NO-BREAK SPACE}") for line in update_lines))
        copies = _copy(order, updated)
        new_value = copies[root].data
        lines.append(
            _("{root}: {before} → {after} at the new values").format(
                root=root_name, before=format_number(value), after=format_number(new_value)
            )
        )
        lines.append(
            _(
                "The picture: every value after the step; the new gradients come with the next "
                "backward pass"
            )
        )
        values = {node: copies[node].data for node in order}
        frames.append(Frame("descent", "\n".join(lines), None, {}, frozenset(order), values=values))
        current, value = updated, new_value
        gradients = grad(copies[root], [copies[leaf] for leaf in leaves])
    return frames


def _factor(text: str) -> str:
    return f"({text})" if text.startswith("\N{MINUS SIGN}") else text


def _copy(order: list[Value], values: Mapping[Value, float]) -> dict[Value, Value]:
    """The graph of `order` recomputed with the leaves of `values` set to new numbers: each
    node's copy. Other leaves (constants, inputs) keep their data."""
    copies: dict[Value, Value] = {}
    for node in order:
        if not node.inputs:
            copies[node] = Value(values.get(node, node.data), label=node.label)
        else:
            copies[node] = apply_op(node.op, [copies[x] for x in node.inputs])
    return copies
