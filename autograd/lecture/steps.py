"""Backpropagation one node at a time: the steps, their captions, and the frames of a stepper.

`backward_steps(root)` runs the backward pass of `root.backward()` node by node
and yields, for each operation node, what the chain rule did there: the
node's upstream gradient d(root)/d(node), and for each input the local
gradient d(node)/d(input) (from the same `LOCAL_GRADS` table that `backward`
uses), the message upstream × local sent to it, and the input's running total.
`forward_steps(root)` replays the forward pass the same way (node, op, input
values, result). Every step has a `caption` that reads the rule in words with
numbers, e.g. "∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4", using the names of
`display_names`, so captions agree with drawings and the text view.
`stepping_frames(root)` turns the steps into the frames shown by the Jupyter
stepper and the HTML player (which node is current, which gradients and edges
are known yet, and the caption).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from autograd.graph import topological_order
from autograd.value import LOCAL_GRADS, Value, finish_backward, start_backward
from autograd.viz.escape import visible_text
from autograd.viz.names import display_names

__all__ = [
    "BackwardStep",
    "ForwardStep",
    "Frame",
    "Message",
    "backward_steps",
    "format_number",
    "forward_steps",
    "stepping_frames",
]

# Operations written between their two inputs ("x + y"); every other op reads like a call ("tanh(x)").
# Multiplication reads "·", as in the chain rule lines ("q · z", "∂f/∂q · ∂q/∂x").
_INFIX = {"+": "+", "-": "-", "*": "·", "/": "/", "**": "**", "pow": "**"}


def format_number(x: float) -> str:
    """A number as captions show it: 4 significant digits, no trailing ".0" (-4.0 -> "-4").

    -0.0 is shown as 0 (as in the text view).
    """
    return format(x + 0.0, ".4g")


def _operand(x: float) -> str:
    """A number that follows an operator: negative numbers in parentheses, "3 · (-1)"."""
    text = format_number(x)
    return f"({text})" if text.startswith("-") else text


def _caption_names(order: list[Value]) -> dict[Value, str]:
    """`display_names`, with control characters in labels made visible (one caption line each)."""
    return {node: visible_text(name) for node, name in display_names(order).items()}


def _formula_names(node: Value, names: Mapping[Value, str]) -> tuple[str, ...]:
    """The inputs of `node` as its formula shows them: an unlabelled constant leaf as its number.

    So `x ** 2` reads "x ** 2", not "x ** n2" (the constant still has its name `n2` in
    drawings and in "∂f/∂n2").
    """
    return tuple(names[x] if x.label or x.inputs else format_number(x.data) for x in node.inputs)


def _expression(op: str, operands: list[str], *, numbers: bool) -> str:
    """How node = op(operands) reads: "x + y", "-x", "tanh(z)", "sum(a, b, c)".

    With `numbers=True` the operands are numbers already formatted; a negative right
    operand (and a negative base of a power) gets parentheses: "3 * (-4)", "(-2) ** 2".
    """
    if op in _INFIX and len(operands) == 2:
        left, right = operands
        if numbers and right.startswith("-"):
            right = f"({right})"
        if numbers and op in ("**", "pow") and left.startswith("-"):
            left = f"({left})"
        return f"{left} {_INFIX[op]} {right}"
    if op == "neg":
        (only,) = operands
        return f"-({only})" if numbers and only.startswith("-") else f"-{only}"
    return f"{op}({', '.join(operands)})"


# ----------------------------------------------------------------------
# The forward pass
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardStep:
    """One operation of the forward pass: `node = op(inputs)` with the numbers filled in.

    `index` counts operation nodes from 0 in topological order; `name` is the node's
    `display_names` name; `input_names` are the inputs as the formula shows them (their
    names, an unlabelled constant as its number); `input_values` are the inputs' data and
    `result` the node's data. Leaves have no step: their values are given.
    """

    index: int
    node: Value
    name: str
    op: str
    inputs: tuple[Value, ...]
    input_names: tuple[str, ...]
    input_values: tuple[float, ...]
    result: float

    @property
    def caption(self) -> str:
        """E.g. "q = x + y = -2 + 5 = 3"."""
        symbolic = _expression(self.op, list(self.input_names), numbers=False)
        numeric = _expression(self.op, [format_number(v) for v in self.input_values], numbers=True)
        return f"{self.name} = {symbolic} = {numeric} = {format_number(self.result)}"


def forward_steps(root: Value) -> Iterator[ForwardStep]:
    """Replay the forward pass of `root`'s graph: one step per operation node, inputs first.

    Nothing is recomputed or changed: each step reads the node's stored data (the
    forward pass already happened when the graph was built) and says how it came about.
    """
    order = topological_order(root)
    names = _caption_names(order)
    index = 0
    for node in order:
        if not node.inputs:
            continue
        yield ForwardStep(
            index=index,
            node=node,
            name=names[node],
            op=node.op,
            inputs=node.inputs,
            input_names=_formula_names(node, names),
            input_values=tuple(x.data for x in node.inputs),
            result=node.data,
        )
        index += 1


# ----------------------------------------------------------------------
# The backward pass
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """What one node sends one of its inputs during backward.

    `local_grad` = d(node)/d(input) from `LOCAL_GRADS`, `message` = upstream ×
    local_grad, `total` = the input's gradient after adding the message (in
    this backward pass). `shared` is True when the input receives more than one
    message in the whole pass (it is used more than once), so its gradient is a
    running sum: the caption then says "+= ..., total now ...".
    """

    input_index: int
    input: Value
    input_name: str
    local_grad: float
    message: float
    total: float
    shared: bool


@dataclass(frozen=True)
class BackwardStep:
    """One operation node's turn in the backward pass.

    `upstream` is d(root)/d(node), complete by the time the node's turn comes
    (reverse topological order); `messages` has one entry per differentiable
    input, in input order (a constant parameter such as the 2 of `x ** 2` gets none).
    """

    index: int
    node: Value
    name: str
    root_name: str
    op: str
    upstream: float
    messages: tuple[Message, ...]
    input_names: tuple[str, ...] = field(repr=False)

    @property
    def header(self) -> str:
        """E.g. "q = x + y, upstream ∂f/∂q = -4"."""
        formula = _expression(self.op, list(self.input_names), numbers=False)
        upstream = f"∂{self.root_name}/∂{self.name} = {format_number(self.upstream)}"
        return f"{self.name} = {formula}, upstream {upstream}"

    @property
    def message_lines(self) -> tuple[str, ...]:
        """One chain-rule line per input, e.g. "∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4"."""
        root, node = self.root_name, self.name
        lines = []
        for sent in self.messages:
            target = f"∂{root}/∂{sent.input_name}"
            chain = f"∂{root}/∂{node} · ∂{node}/∂{sent.input_name}"
            numbers = f"{format_number(self.upstream)} · {_operand(sent.local_grad)}"
            message = format_number(sent.message)
            if sent.shared:
                total = format_number(sent.total)
                lines.append(f"{target} += {chain} = {numbers} = {message}, total now {total}")
            else:
                lines.append(f"{target} = {chain} = {numbers} = {message}")
        return tuple(lines)

    @property
    def caption(self) -> str:
        """The header and the message lines, one per line."""
        return "\n".join((self.header, *self.message_lines))


def backward_steps(root: Value) -> Iterator[BackwardStep]:
    """Run `root.backward()` one operation node at a time, yielding a `BackwardStep` for each.

    Exactly `Value.backward`: every `.grad` of the graph is reset, d(root)/d(root) = 1,
    then each node in reverse topological order sends each input upstream × local_grad
    (local gradients from `LOCAL_GRADS`, the same rule table). While stepping, `.grad`
    holds this pass's partial sums; when the iterator is exhausted the leaves get their
    previous gradient added back, so leaves accumulate over repeated calls bit for bit
    like `backward()`. (Stopping halfway leaves the graph half done; step to the end.)
    Nothing happens until the first step is requested (it is a generator).
    """
    order = topological_order(root)
    names = _caption_names(order)
    operation_nodes = [node for node in reversed(order) if node.inputs]
    # Local gradients depend only on stored data, which backward never changes: each
    # node's rule is applied once here, so we know beforehand who gets several messages.
    local_grads_of = {node: LOCAL_GRADS[node.op](node) for node in operation_nodes}
    message_count: dict[Value, int] = {}
    for node in operation_nodes:
        for input_node, _ in zip(node.inputs, local_grads_of[node]):
            message_count[input_node] = message_count.get(input_node, 0) + 1

    leaves_before = start_backward(root, order)  # the same start and finish as backward()
    for index, node in enumerate(operation_nodes):
        upstream = node.grad
        messages = []
        local_grads = local_grads_of[node]
        for input_index, (input_node, local_grad) in enumerate(zip(node.inputs, local_grads)):
            message = upstream * local_grad
            input_node.grad += message
            messages.append(
                Message(
                    input_index=input_index,
                    input=input_node,
                    input_name=names[input_node],
                    local_grad=local_grad,
                    message=message,
                    total=input_node.grad,
                    shared=message_count[input_node] > 1,
                )
            )
        yield BackwardStep(
            index=index,
            node=node,
            name=names[node],
            root_name=names[root],
            op=node.op,
            upstream=upstream,
            messages=tuple(messages),
            input_names=_formula_names(node, names),
        )
    finish_backward(leaves_before)


# ----------------------------------------------------------------------
# Frames: what the stepper and the player show at each step
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """One picture of a stepper: arguments for `draw` plus the caption shown under it.

    `highlight` is the current node (or None); `shown_grads` maps the nodes whose
    gradient is known so far to that gradient (every other node shows a blank
    gradient; an empty mapping means the forward state); `highlighted_edges` are
    `(node, input_index)` pairs already visited; `phase` is "forward" or "backward";
    `shown_data` is the set of nodes whose value is computed so far in a forward frame
    (None: every value is shown).
    """

    phase: str
    caption: str
    highlight: Value | None
    shown_grads: Mapping[Value, float]
    highlighted_edges: tuple[tuple[Value, int], ...]
    shown_data: frozenset[Value] | None = None


def stepping_frames(root: Value, *, forward_steps_too: bool = False) -> list[Frame]:
    """The frames of a backprop stepper for `root`; builds them by running `backward_steps`.

    Frame 0 is the forward state (all data, no gradients). With `forward_steps_too`
    (the HTML player) it is followed by one frame per forward step. Then one frame per
    backward step: the step's node highlighted, every edge visited so far coloured, and
    the gradients known so far shown. Running the steps fills `.grad` exactly like
    `root.backward()` (leaves accumulate over repeated calls, as there).
    """
    order = topological_order(root)
    names = _caption_names(order)
    root_name = names[root]
    leaves = ", ".join(
        f"{names[node]} = {format_number(node.data)}"
        for node in order
        if not node.inputs and node.label
    )
    frames: list[Frame] = []
    if forward_steps_too:
        given = f": {leaves}" if leaves else ""
        computed = frozenset(node for node in order if not node.inputs)
        frames.append(
            Frame("forward", f"Forward pass: the inputs are given{given}", None, {}, (), computed)
        )
        for step in forward_steps(root):
            edges = tuple((step.node, i) for i in range(len(step.inputs)))
            computed = computed | {step.node}
            frames.append(Frame("forward", step.caption, step.node, {}, edges, computed))
    else:
        frames.append(
            Frame(
                "forward",
                f"Forward pass done: {root_name} = {format_number(root.data)}. "
                f"Backward starts with ∂{root_name}/∂{root_name} = 1.",
                None,
                {},
                (),
            )
        )
    known: dict[Value, float] = {root: 1.0}
    edges_so_far: list[tuple[Value, int]] = []
    for backward_step in backward_steps(root):
        for sent in backward_step.messages:
            known[sent.input] = sent.total
            edges_so_far.append((backward_step.node, sent.input_index))
        frames.append(
            Frame(
                "backward",
                backward_step.caption,
                backward_step.node,
                dict(known),
                tuple(edges_so_far),
            )
        )
    return frames
