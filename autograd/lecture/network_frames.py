"""Frames of a network's lecture at neuron level: one frame per collapsed neuron, the layer rule.

When a drawing shows `nn` neurons collapsed (one table each), the player steps through the
network a neuron at a time instead of a node at a time. The backward frame of neuron j of
layer l is the seed homework's layer rule, in numbers:

    δ_j^(l) = f′(z_j^(l)) · Σ_k w_kj^(l+1) δ_k^(l+1)     (the messages from the next layer)
    ∂L/∂w_jk^(l) = δ_j^(l) · a_k^(l−1)                    (one line per weight)
    ∂L/∂b_j^(l) = δ_j^(l)

where δ_j^(l) = ∂L/∂z_j^(l). For the last layer the sum is the gradient the loss sends,
∂L/∂a_j^(L). Its forward frame is z_j^(l) = Σ_k w_jk^(l) a_k^(l−1) + b_j^(l) and a_j^(l) = f(z_j^(l)).
An expanded neuron keeps its node-level frames. The loss (the operations after the model, which
no neuron made: 0.5·(1 − a)², a cross-entropy) is one frame each way, as the lecture writes it on
the board: forward its nodes' formulas, backward one chain-rule line per gradient it sends (none
for a constant such as the 0.5), ending with ∂loss/∂a_j^(L), the sum δ_j^(L) starts from (a
cross-entropy's ∂loss/∂z_k = p_k − y_k); a long loss is cut into frames of at most `LOSS_LINES`
lines. The whole loss comes after the last layer forward and before it backward, even where the
engine's topological order interleaves them (one output's part of the loss, then a neuron).

Every number comes from the scalar engine's own backward pass (`backward_steps`, bit for bit
`backward()`): δ is z's gradient, ∂L/∂w is w's, and the sum is a's gradient as the engine
summed it. The gradient of a_k^(l−1) is shown once every neuron of layer l has sent its
message, so no picture shows a partial sum in another order than the engine's. Building the
frames never changes any `.grad`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from typing import Any

from autograd.graph import topological_order
from autograd.lecture import words
from autograd.lecture.frames import (
    RESULT_EDGE,
    Edge,
    Frame,
    QuizKind,
    closing_frame,
    lecture_frames,
    opening_frame,
)
from autograd.lecture.steps import (
    BackwardStep,
    ForwardStep,
    backward_steps,
    caption_names,
    format_number,
    forward_steps,
)
from autograd.rules import LOCAL_GRADS
from autograd.value import Value, is_constant
from autograd.viz.neurons import NeuronNodes, find_neurons, resolve_expand
from autograd.viz.notation import get_notation
from autograd.viz.style import OP_SYMBOLS

__all__ = ["boxed_neurons", "lecture_frames_for", "network_frames"]


def _operand(text: str) -> str:
    """A number after an operator: negative numbers in parentheses, "3 · (−1)"."""
    return f"({text})" if text.startswith("−") else text


def _activation_name(neuron: NeuronNodes) -> str:
    """f as captions write it: tanh, σ, relu, ... (`linear` neurons have none)."""
    output = neuron.output
    return OP_SYMBOLS.get(output.op, output.op)


def _parts(neuron: NeuronNodes) -> tuple[Value, Value | None, list[Value], Value | None]:
    """(z, a or None, the products wx_1..wx_n in input order, b or None) of a neuron."""
    by_kind: dict[str, list[Value]] = {}
    for member in neuron.members:
        if member.role is not None:
            by_kind.setdefault(member.role.kind, []).append(member)
    (z,) = by_kind["z"]
    a = by_kind["a"][0] if "a" in by_kind else None
    products = sorted(by_kind.get("wx", []), key=_input_index)
    b = by_kind["b"][0] if "b" in by_kind else None
    return z, a, products, b


def _input_index(product: Value) -> int:
    """k of a product w_jk · a_k (its role's index)."""
    return product.role.index or 0 if product.role is not None else 0


def _forward_caption(neuron: NeuronNodes, names: Mapping[Value, str]) -> str:
    z, a, products, b = _parts(neuron)
    pairs = [p.inputs[:2] for p in products]  # (w, x) of each product w·x
    if get_notation() == "ij":  # x·W: the input first, x_i·w_ij
        pairs = [(x, w) for w, x in pairs]
    terms = [f"{names[left]}·{names[right]}" for left, right in pairs]
    numbers = [
        f"{_operand(format_number(left.data))}·{_operand(format_number(right.data))}"
        for left, right in pairs
    ]
    if b is not None:
        terms.append(names[b])
        numbers.append(_operand(format_number(b.data)))
    lines = [f"{names[z]} = {' + '.join(terms)} = {' + '.join(numbers)} = {format_number(z.data)}"]
    if a is not None:
        f = _activation_name(neuron)
        lines.append(f"{names[a]} = {f}({names[z]}) = {format_number(a.data)}")
    return "\n".join(lines)


def _backward_caption(
    neuron: NeuronNodes,
    names: Mapping[Value, str],
    gradient: Mapping[Value, float],
    consumers: Mapping[Value, list[tuple[Value, int]]],
    loss_name: str,
) -> str:
    """The layer rule for this neuron in numbers (see the module docstring)."""
    z, a, products, b = _parts(neuron)
    delta = _delta_name(z, names)
    output = a if a is not None else z
    upstream = gradient[output]
    lines = []
    gathered = _gathered_line(output, names, gradient, consumers, loss_name)
    if gathered is not None:  # ∂L/∂a_j = Σ_k w_kj δ_k, the messages of the next layer
        lines.append(gathered)
    upstream_name = f"∂{loss_name}/∂{names[output]}"
    if a is not None:
        f = _activation_name(neuron)
        (local,) = LOCAL_GRADS[a.op](a)
        first = (
            f"{delta} = {f}′({names[z]}) · {upstream_name}"
            f" = {format_number(local)} · {_operand(format_number(upstream))}"
            f" = {format_number(gradient[z])}"
        )
    else:
        first = f"{delta} = {upstream_name} = {format_number(gradient[z])}"
    lines.append(first)
    for product in products:
        weight, source = product.inputs[0], product.inputs[1]
        lines.append(
            f"∂{loss_name}/∂{names[weight]} = {delta} · {names[source]}"
            f" = {format_number(gradient[z])} · {_operand(format_number(source.data))}"
            f" = {format_number(gradient[weight])}"
        )
    if b is not None:
        lines.append(f"∂{loss_name}/∂{names[b]} = {delta} = {format_number(gradient[b])}")
    return "\n".join(lines)


def _delta_name(z: Value, names: Mapping[Value, str]) -> str:
    """δ with z's indices: z₁⁽²⁾ -> δ₁⁽²⁾."""
    return f"δ{names[z].removeprefix('z')}"


def _gathered_line(
    node: Value,
    names: Mapping[Value, str],
    gradient: Mapping[Value, float],
    consumers: Mapping[Value, list[tuple[Value, int]]],
    loss_name: str,
) -> str | None:
    """∂L/∂node = Σ_k w_kj δ_k in symbols and numbers, when every user of `node` (an a_j or an
    input x_j) is a neuron's product w_kj·node; None otherwise (the loss uses it)."""
    incoming = consumers.get(node, [])
    users = [user for user, _ in incoming if user.role is not None and user.role.kind == "wx"]
    if not incoming or len(users) != len(incoming):
        return None
    symbols = " + ".join(
        f"{names[user.inputs[0]]}·{_delta_name(_sum_of(user, consumers), names)}" for user in users
    )
    numbers = " + ".join(
        f"{_operand(format_number(user.inputs[0].data))}"
        f"·{_operand(format_number(gradient[_sum_of(user, consumers)]))}"
        for user in users
    )
    return f"∂{loss_name}/∂{names[node]} = {symbols} = {numbers} = {format_number(gradient[node])}"


def _sum_of(product: Value, consumers: Mapping[Value, list[tuple[Value, int]]]) -> Value:
    """The z (sum node) a product feeds."""
    return consumers[product][0][0]


def boxed_neurons(root: Value, draw_options: Mapping[str, Any]) -> list[NeuronNodes]:
    """The neurons `draw(root, **draw_options)` draws as one box each (as `draw` decides it:
    every neuron with `collapse=True` or an `expand`, except the expanded one)."""
    collapsed = draw_options.get("collapse") or draw_options.get("view") == "neuron"
    if not collapsed and draw_options.get("expand") is None:
        return []
    neurons = find_neurons(topological_order(root))
    expanded = resolve_expand(draw_options.get("expand"), neurons)
    return [neuron for neuron in neurons if neuron is not expanded]


def lecture_frames_for(
    root: Value, quiz: QuizKind | None, draw_options: Mapping[str, Any]
) -> list[Frame]:
    """The frames for a drawing made with `draw_options`: neuron level when it collapses neurons,
    layer level with `view="matrix"`."""
    if draw_options.get("view") == "matrix":
        from autograd.lecture.matrix_frames import matrix_frames

        if quiz is not None:
            raise ValueError("view='matrix' steps whole layers; it cannot be combined with a quiz")
        frames, _steps, _gradients = matrix_frames(
            root, draw_options.get("notation"), draw_options.get("number_format", ".4g")
        )
        return frames
    boxed = boxed_neurons(root, draw_options)
    show_constants = bool(draw_options.get("show_constants", False))
    if not boxed:
        return lecture_frames(root, quiz=quiz, show_constants=show_constants)
    if quiz is not None:
        raise ValueError(
            "export_html: a quiz asks node by node; it cannot be combined with collapse or expand"
        )
    return network_frames(root, boxed, show_constants=show_constants)


def network_frames(
    root: Value, boxed: Collection[NeuronNodes], *, show_constants: bool = False
) -> list[Frame]:
    """The lecture's frames with each neuron of `boxed` stepped as one (module docstring).

    `boxed` are the neurons the drawing collapses; every other node keeps its own frame.
    """
    order = topological_order(root)
    names = caption_names(order)
    loss_name = names[root]
    box_of = {member: neuron for neuron in boxed for member in neuron.members}
    consumers: dict[Value, list[tuple[Value, int]]] = {}
    for node in order:
        for index, parent in enumerate(node.inputs):
            consumers.setdefault(parent, []).append((node, index))

    after = _after_the_model(order, consumers, box_of)
    frames = _forward(root, order, names, box_of, after)

    steps = _loss_first(list(backward_steps(root, show_constants=show_constants)), after)
    final: dict[Value, float] = {root: 1.0}
    pending: dict[Value, int] = {}  # messages each node has still to receive
    for step in steps:
        for sent in step.messages:
            final[sent.input] = sent.total
            pending[sent.input] = pending.get(sent.input, 0) + 1
    all_data = frozenset(order)
    known: dict[Value, float] = {root: 1.0}
    frames.append(opening_frame(root, loss_name, all_data))
    walked: list[Edge] = []
    framed: set[NeuronNodes] = set()
    explained: set[Value] = set()  # inputs whose gradient a caption has derived
    loss_steps: list[BackwardStep] = []  # consecutive steps of the loss: one frame
    for step in steps:
        neuron = box_of.get(step.node)
        if neuron is None and _in_the_loss(step.node):
            loss_steps.append(step)
            continue
        for part in _loss_parts(loss_steps, _backward_lines):
            frames.append(_node_frame(part, known, pending, final, walked, all_data))
        loss_steps = []
        if neuron is None:
            frames.append(_node_frame([step], known, pending, final, walked, all_data))
            continue
        if neuron in framed:
            continue
        # The first step of a layer's neurons: all of them are ready (their upstream gradients
        # are complete), so the layer is stepped in the lecture's order j = 1, 2, ...
        layer = sorted(
            (other for other in boxed if other.layer_position == neuron.layer_position),
            key=lambda other: other.neuron_position or 0,
        )
        for ready in layer:
            if ready in framed:
                continue
            framed.add(ready)
            frames.append(
                _neuron_frame(
                    ready, names, known, pending, final, consumers, loss_name, walked, all_data
                )
            )
        inputs = [  # the model's inputs, complete once the first layer is done: said there
            node
            for node in order
            if node.role is not None
            and node.role.kind == "x"
            and node in known
            and all(box_of.get(user) in framed for user, _ in consumers.get(node, []))
            and node not in explained
        ]
        gathered = [_gathered_line(x, names, final, consumers, loss_name) for x in inputs]
        if any(line is not None for line in gathered):
            explained.update(inputs)
            last = frames[-1]
            caption = "\n".join([last.caption, *(line for line in gathered if line is not None)])
            frames[-1] = dataclasses.replace(last, caption=caption)
    for part in _loss_parts(loss_steps, _backward_lines):
        frames.append(_node_frame(part, known, pending, final, walked, all_data))
    frames.append(closing_frame(root, order, names, loss_name, final, all_data, walked))
    return frames


def _in_the_loss(node: Value) -> bool:
    """Whether an operation node is part of the loss: no `nn` neuron made it."""
    return node.role is None or not node.role.in_neuron


def _after_the_model(
    order: list[Value],
    consumers: Mapping[Value, list[tuple[Value, int]]],
    box_of: Mapping[Value, NeuronNodes],
) -> frozenset[Value]:
    """The loss's operation nodes that come after the whole model: no neuron uses them, even
    through other nodes (a cross-entropy's p_k, the squares of an MSE over several outputs)."""
    feeds_a_neuron: set[Value] = set()
    for node in reversed(order):  # every user of a node comes before it here
        if any(
            user in box_of or not _in_the_loss(user) or user in feeds_a_neuron
            for user, _ in consumers.get(node, [])
        ):
            feeds_a_neuron.add(node)
    return frozenset(
        node
        for node in order
        if node.inputs and node not in box_of and _in_the_loss(node) and node not in feeds_a_neuron
    )


LOSS_LINES = 8  # a loss frame's caption lines at most: the picture keeps its size in a hall


def _loss_parts(steps: list[Any], lines: Callable[[Any], int]) -> list[list[Any]]:
    """Consecutive loss steps cut into frames of at most `LOSS_LINES` caption lines (a short
    loss such as 0.5·(1 − a)² stays one frame; a cross-entropy's ~25 lines become a few), never
    cutting a step's lines apart."""
    parts: list[list[Any]] = []
    count = 0
    for step in steps:
        size = lines(step)
        if parts and count + size <= LOSS_LINES:
            parts[-1].append(step)
            count += size
        else:
            parts.append([step])
            count = size
    return parts


def _backward_lines(step: BackwardStep) -> int:
    """The lines a backward step adds to a loss frame (`_node_frame`)."""
    shown = sum(1 for sent in step.messages if not is_constant(sent.input))
    return shown + (1 if step.softmax_line else 0)


def _loss_first(steps: list[BackwardStep], after: frozenset[Value]) -> list[BackwardStep]:
    """The backward steps with the loss's (`after`) first, each part in its own order: the
    loss is then one frame that ends at every output's gradient before the last layer's
    frames use it (the engine's reverse topological order may step an output neuron between
    two classes' parts of a cross-entropy). Kept as they are when some node gets messages from
    both the loss and the model (its running totals would read in another order)."""
    first = [step for step in steps if step.node in after]
    senders: dict[Value, set[bool]] = {}
    for step in steps:
        for sent in step.messages:
            senders.setdefault(sent.input, set()).add(step.node in after)
    if any(len(kinds) > 1 for kinds in senders.values()):
        return steps
    return first + [step for step in steps if step.node not in after]


def _neuron_frame(
    neuron: NeuronNodes,
    names: Mapping[Value, str],
    known: dict[Value, float],
    pending: dict[Value, int],
    final: Mapping[Value, float],
    consumers: Mapping[Value, list[tuple[Value, int]]],
    loss_name: str,
    walked: list[Edge],
    all_data: frozenset[Value],
) -> Frame:
    """A collapsed neuron's backward frame: its gradients, and its inputs' once complete."""
    current: list[Edge] = []
    for member in neuron.members:
        known[member] = final.get(member, 0.0)
        for index, parent in enumerate(member.inputs):
            if parent in neuron.members or not _differentiable(member, index):
                continue
            if parent not in pending:  # a constant: its message is not shown
                continue
            current.append((member, index))
            pending[parent] -= 1
            if pending[parent] == 0:  # every message arrived: the engine's total
                known[parent] = final[parent]
    walked += current
    caption = _backward_caption(neuron, names, final, consumers, loss_name)
    return Frame(
        "backward",
        caption,
        neuron.output,
        dict(known),
        all_data,
        tuple(walked),
        tuple(current),
        partial=_partial(known, pending),
    )


def _differentiable(node: Value, index: int) -> bool:
    """False for the constant parameter input of `**`, `leaky_relu` or `elu` (no message)."""
    return index < len(LOCAL_GRADS[node.op](node))


def _node_frame(
    group: list[BackwardStep],
    known: dict[Value, float],
    pending: dict[Value, int],
    final: Mapping[Value, float],
    walked: list[Edge],
    all_data: frozenset[Value],
) -> Frame:
    """Nodes outside the collapsed neurons: one node's frame as the node-level lecture has it,
    or (the loss, several nodes) one frame with a chain-rule line per gradient it sends."""
    current: list[Edge] = []
    for step in group:
        current.append((step.node, RESULT_EDGE))
        current += [(step.node, sent.input_index) for sent in step.messages]
        for sent in step.messages:
            pending[sent.input] -= 1
            known[sent.input] = final[sent.input] if pending[sent.input] == 0 else sent.total
    walked += current
    if len(group) == 1:
        caption = group[0].caption
    else:
        caption = "\n".join(
            line
            for step in group
            for line in [
                *(
                    step.message_line(sent)
                    for sent in step.messages
                    if not is_constant(sent.input)  # (with show_constants=True it gets one)
                ),
                step.softmax_line,  # a cross-entropy's ∂loss/∂z_k = p_k − y_k
            ]
            if line
        )
    return Frame(
        "backward",
        caption,
        group[0].node,
        dict(known),
        all_data,
        tuple(walked),
        tuple(current),
        partial=_partial(known, pending),
    )


def _partial(known: Mapping[Value, float], pending: Mapping[Value, int]) -> frozenset[Value]:
    """The shown gradients that are running sums, still waiting for messages ("so far")."""
    return frozenset(node for node in known if pending.get(node, 0) > 0)


def _forward(
    root: Value,
    order: list[Value],
    names: Mapping[Value, str],
    box_of: Mapping[Value, NeuronNodes],
    after: frozenset[Value] = frozenset(),
) -> list[Frame]:
    """Forward frames: the inputs, then one frame per operation node or per collapsed neuron."""
    leaves = ", ".join(
        f"{names[node]} = {format_number(node.data)}"
        for node in order
        if not node.inputs
        and (node.label or node.role)
        and node not in box_of
        and not is_constant(node)
    )
    computed = frozenset(node for node in order if not node.inputs and node not in box_of)
    frames = [Frame("forward", words.given_caption(leaves), None, {}, computed)]
    walked: list[Edge] = []
    loss_group: list[ForwardStep] = []  # consecutive nodes of the loss: one frame

    def add(node: Value, caption: str, current: list[Edge], members: frozenset[Value]) -> None:
        nonlocal computed
        computed = computed | members
        walked.extend(current)
        frames.append(Frame("forward", caption, node, {}, computed, tuple(walked), tuple(current)))

    def add_loss_group() -> None:
        for part in _loss_parts(loss_group, lambda step: 1):  # one line per node
            current = [
                edge
                for member in part
                for edge in [*_input_edges(member.node), (member.node, RESULT_EDGE)]
            ]
            caption = "\n".join(member.caption for member in part)
            add(part[-1].node, caption, current, frozenset(m.node for m in part))
        loss_group.clear()

    steps = list(forward_steps(root))  # the loss (`after` the model) once the model is done
    for step in [step for step in steps if step.node not in after] + [
        step for step in steps if step.node in after
    ]:
        neuron = box_of.get(step.node)
        if neuron is None and _in_the_loss(step.node):
            loss_group.append(step)
            continue
        add_loss_group()
        if neuron is None:  # a node of an expanded neuron: its own frame
            current = [*_input_edges(step.node), (step.node, RESULT_EDGE)]
            add(step.node, step.caption, current, frozenset({step.node}))
        elif step.node is neuron.output:  # a collapsed neuron is one frame, once a is known
            current = [
                (member, index)
                for member in neuron.members
                for index, parent in enumerate(member.inputs)
                if parent not in neuron.members and _differentiable(member, index)
            ]
            add(step.node, _forward_caption(neuron, names), current, frozenset(neuron.members))
    add_loss_group()
    return frames


def _input_edges(node: Value) -> list[Edge]:
    return [(node, index) for index in range(len(node.inputs))]
