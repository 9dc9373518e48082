"""Backpropagation one node at a time: the steps and their captions.

`backward_steps(root)` walks the backward pass of `root.backward()` node by node
and yields, for each operation node, what the chain rule did there: the node's
upstream gradient d(root)/d(node), and for each input the local gradient
d(node)/d(input) (from the same messages that `backward` uses), the
message upstream × local sent to it, and the input's running total. It is a
view: it never changes any `.grad` (the gradients live in the steps).
`forward_steps(root)` replays the forward pass the same way (node, op, input
values, result). Every step has a `caption` in Unicode math with numbers, e.g.
"∂f/∂x = ∂f/∂q · ∂q/∂x = −4 · 1 = −4", written by the one writer of math text
(`autograd.viz.math_text`: its names, numbers and formulas), so captions agree with the
slides, the worksheets and the text view. The frames that the player and the
notebook stepper show are built from these steps in `autograd.lecture.frames`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from autograd.graph import topological_order
from autograd.i18n import _, ngettext
from autograd.ops import OPS
from autograd.value import Value, backward_messages, is_constant
from autograd.viz.math_text import (
    MINUS,
    caption_names,
    formula_caption,
    rule_caption,
    whole_formula,
)
from autograd.viz.math_text import format_number as math_format_number
from autograd.viz.notation import subscript_text

if TYPE_CHECKING:
    from autograd.lecture.mistakes import PlantedMistake

__all__ = [
    "BackwardStep",
    "ForwardStep",
    "LocalRule",
    "Message",
    "backward_steps",
    "caption_names",
    "caption_number_format",
    "format_number",
    "formula_text",
    "forward_steps",
]

_caption_format: ContextVar[str] = ContextVar("backprop_lab_caption_format", default=".4g")


def format_number(x: float) -> str:
    """A number as captions show it: 4 significant digits, Unicode minus, no trailing ".0".

    -4.0 -> "−4", 0.19661193 -> "0.1966"; -0.0 is shown as 0 (as in the text view). Inside
    `caption_number_format(spec)` the spec is the drawing's. It is the one number formatter,
    `autograd.viz.math_text.format_number`, with the captions' format spec.
    """
    return math_format_number(x, _caption_format.get())


@contextmanager
def caption_number_format(spec: str | None) -> Iterator[None]:
    """Within the block, captions write numbers with `spec` (e.g. ".2f"), as the picture does."""
    token = _caption_format.set(".4g" if spec is None else spec)
    try:
        yield
    finally:
        _caption_format.reset(token)


def _formula_names(node: Value, names: Mapping[Value, str]) -> tuple[str, ...]:
    """The inputs of `node` as its formula shows them: an unlabelled constant leaf as its number.

    So `x ** 2` reads "x²", not "x^n2" (the constant still has its name `n2` in
    drawings and in "∂f/∂n2").
    """
    return tuple(names[x] if x.label or x.inputs else format_number(x.data) for x in node.inputs)


def _formula(node: Value, names: Mapping[Value, str], *, numbers: bool = False) -> str:
    """How `node` was computed, in the one math writer's Unicode: "x + y", "3 · (−4)"."""
    return formula_caption(node, names, numbers=numbers, number_format=_caption_format.get())


# ----------------------------------------------------------------------
# The forward pass
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardStep:
    """One operation of the forward pass: `node = op(inputs)` with the numbers filled in.

    `index` counts operation nodes from 0 in topological order; `name` is the node's
    `caption_names` name (`names` holds every node's); `input_names` are the inputs as the formula shows them (their
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
    names: Mapping[Value, str] = field(repr=False, compare=False, default_factory=dict)

    @property
    def formula(self) -> str:
        """The node's formula in names, e.g. "q = x + y"."""
        return f"{self.name} = {_formula(self.node, self.names)}"

    @property
    def with_numbers(self) -> str:
        """The right-hand side with the input values filled in, e.g. "−2 + 5"."""
        return _formula(self.node, self.names, numbers=True)

    @property
    def caption(self) -> str:
        """E.g. "q = x + y = −2 + 5 = 3"."""
        return f"{self.formula} = {self.with_numbers} = {format_number(self.result)}"


def forward_steps(root: Value) -> Iterator[ForwardStep]:
    """Replay the forward pass of `root`'s graph: one step per operation node, inputs first.

    Nothing is recomputed or changed: each step reads the node's stored data (the
    forward pass already happened when the graph was built) and says how it came about.
    """
    order = topological_order(root)
    names = caption_names(order)
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
            names=names,
        )
        index += 1


# ----------------------------------------------------------------------
# The backward pass
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """What one node sends one of its inputs during backward.

    `local_grad` = d(node)/d(input) from the op's rule, `message` = upstream ×
    local_grad, `total` = the input's gradient after adding the message (in
    this backward pass). `shared` is True when the input receives more than one
    message in the whole pass (it is used more than once), so its gradient is a
    running sum: the caption then says "+= ..., total so far ..." until `complete`, the
    last of its messages, after which it says "total ... (complete)".
    """

    input_index: int
    input: Value
    input_name: str
    local_grad: float
    message: float
    total: float
    shared: bool
    complete: bool = True  # no more messages will come to this input
    # A planted mistake (autograd/lecture/mistakes.py): the wrong rule as written, (math, numbers)
    wrong_rule: tuple[str, str] | None = None
    forgot_upstream: bool = False  # the planted "upstream forgotten": message = local only

    def target(self, root_name: str) -> str:
        """The gradient this message goes into, e.g. "∂f/∂x"."""
        return f"∂{root_name}/∂{self.input_name}"


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
    names: Mapping[Value, str] = field(repr=False, compare=False, default_factory=dict)
    constants: tuple[Value, ...] = ()  # constant inputs: their messages are not shown
    # a cross_entropy's shifted logit s_k = z_k − m: its class's probability p_k and one-hot y_k
    softmax: tuple[Value, Value, int] | None = field(default=None, compare=False)

    @property
    def header(self) -> str:
        """E.g. "q = x + y, upstream ∂f/∂q = −4"."""
        formula = _formula(self.node, self.names)
        upstream = f"∂{self.root_name}/∂{self.name} = {format_number(self.upstream)}"
        return _("{name} = {formula}, upstream {upstream}").format(
            name=self.name, formula=formula, upstream=upstream
        )

    def rule(self, sent: Message) -> LocalRule:
        """The op's own rule for d(node)/d(input) (from `autograd.ops`, read by `rule_caption`)."""
        math_text, numbers_text, words = rule_caption(
            self.node, sent.input_index, self.names, number_format=_caption_format.get()
        )
        if sent.wrong_rule is not None:  # a planted mistake, written as if it were right
            math_text, numbers_text = sent.wrong_rule
        return LocalRule(math_text, numbers_text, words)  # words already in the reader's language

    def local(self, sent: Message) -> str:
        """The local derivative by the rule and in numbers, e.g. "∂n2/∂w0 = x0 = −1"."""
        rule = self.rule(sent)
        name = f"∂{self.name}/∂{sent.input_name}"
        value = format_number(sent.local_grad)
        if rule.math in (value, format(sent.local_grad + 0.0, ".4g")) or " if " in rule.math:
            return f"{name} = {value}"  # a constant, or a case the words explain (max, relu)
        return f"{name} = {rule.math} = {value}"

    @property
    def local_line(self) -> str:
        """The local derivatives and the rule in words, e.g.
        "∂n2/∂w0 = x0 = −1, ∂n2/∂x0 = w0 = 2  (×: the derivative by one factor is the other factor)"."""
        if not self.messages:
            return ""
        words = self.rule(self.messages[0]).words
        if self.name == self.root_name:  # ∂f/∂q would read like the gradient: the words alone
            return words
        locals_ = [self.local(sent) for sent in self.messages]
        if len(locals_) > 3:  # a long sum: the first two and the last say it
            locals_ = [*locals_[:2], "…", locals_[-1]]
        return f"{', '.join(locals_)}  ({words})"

    def chain(self, sent: Message) -> str:
        """The chain rule for one message with the local rule in it: "∂f/∂n2 · x0"."""
        rule = self.rule(sent)
        local = rule.math if " if " not in rule.math else f"∂{self.name}/∂{sent.input_name}"
        return f"∂{self.root_name}/∂{self.name} · {_factor(local)}"

    def hint(self, sent: Message) -> str:
        """The quiz's hint for one message: the rule that gives it, never its number (the
        numbers are on the picture), e.g. "∂f/∂w0 = ∂f/∂n1 · x0 (×: the derivative by one
        factor is the other factor)". A local derivative of 1 adds nothing ("∂f/∂n1 = ∂f/∂n3",
        + passes the gradient on); any other plain number is said in words (at the output it
        would be the answer itself). At the output the upstream ∂f/∂f is named as what it is,
        the output's gradient by itself, not printed."""
        rule = self.rule(sent)
        upstream = f"∂{self.root_name}/∂{self.name}"
        local = rule.math if " if " not in rule.math else f"∂{self.name}/∂{sent.input_name}"
        if _is_number(local) and float(local.replace(MINUS, "-")) == 1.0:
            chain = upstream
        elif _is_number(local):
            chain = _("{gradient} times the local derivative").format(gradient=upstream)
        else:
            chain = f"{upstream} · {_factor(local)}"
        text = f"{sent.target(self.root_name)} {'+=' if sent.shared else '='} {chain}"
        if self.name == self.root_name:
            text = _("{chain}, where {gradient} is the output's gradient by itself").format(
                chain=text, gradient=upstream
            )
        return f"{text} ({rule.words})"

    def message_line(self, sent: Message) -> str:
        """One chain-rule line: upstream × the local rule, in symbols then in numbers, e.g.
        "∂f/∂n8 = ∂f/∂f · σ(n8)(1 − σ(n8)) = 1 · 0.7311·(1 − 0.7311) = 0.1966"."""
        rule = self.rule(sent)
        readable = not _is_number(rule.numbers) and "^" not in rule.numbers
        local_numbers = rule.numbers if readable else format_number(sent.local_grad)
        numbers = f"{format_number(self.upstream)} · {_factor(local_numbers)}"
        message = format_number(sent.message)
        target = sent.target(self.root_name)
        if sent.forgot_upstream:  # the planted mistake: the local derivative alone
            local_name = f"∂{self.name}/∂{sent.input_name}"
            return f"{target} = {local_name} = {_factor(local_numbers)} = {message}"
        if sent.shared:
            total = format_number(sent.total)
            if sent.complete:
                text = _("{target} += {chain} = {numbers} = {message}, total {total} (complete)")
            else:
                text = _("{target} += {chain} = {numbers} = {message}, total so far {total}")
            return text.format(
                target=target, chain=self.chain(sent), numbers=numbers, message=message, total=total
            )
        return f"{target} = {self.chain(sent)} = {numbers} = {message}"

    @property
    def message_lines(self) -> tuple[str, ...]:
        """One chain-rule line per input."""
        return tuple(self.message_line(sent) for sent in self.messages)

    @property
    def constants_line(self) -> str:
        """What happens to the constant inputs: "the constant 1 gets no gradient"."""
        if not self.constants:
            return ""
        values = ", ".join(_constant_text(node, self.names) for node in self.constants)
        return ngettext(
            "the constant {values} gets no gradient",
            "the constants {values} get no gradient",
            len(self.constants),
        ).format(values=values)

    @property
    def softmax_line(self) -> str:
        """At a cross_entropy's shifted logit s_k = z_k − m, the gradient the logit gets as the
        seed writes it: "∂loss/∂z₁ = p₁ − y₁ = 0.2447 − 0 = 0.2447  (softmax minus one-hot)",
        next to the p_k the picture shows (∂/∂s_k when z_k also gets other messages)."""
        if self.softmax is None or not self.messages:
            return ""
        probability, one_hot, k = self.softmax
        sent = self.messages[0]
        shifted = f"∂{self.root_name}/∂{self.name}"
        target = shifted if sent.shared else sent.target(self.root_name)
        p, y = self.names[probability], "y" + subscript_text(str(k + 1))
        numbers = f"{format_number(probability.data)} {MINUS} {format_number(one_hot.data)}"
        gradient, words = format_number(sent.message), _("softmax minus one-hot")
        return f"{target} = {p} − {y} = {numbers} = {gradient}  ({words})"

    @property
    def caption(self) -> str:
        """The header, the local rule, the message lines one per line, the softmax's p − y
        (at a cross_entropy's logit) and the constants."""
        lines = (
            self.header,
            self.local_line,
            *self.message_lines,
            self.softmax_line,
            self.constants_line,
        )
        return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class LocalRule:
    """An op's local derivative for a caption: `math` ("σ(n8)(1 − σ(n8))"), the same with
    numbers (`numbers`, "0.7311·(1 − 0.7311)") and the rule in words ("σ′ = σ(1 − σ)")."""

    math: str
    numbers: str
    words: str


def _constant_text(node: Value, names: Mapping[Value, str]) -> str:
    """A constant as captions call it: by its label if it has one ("π"), else by its value."""
    return names[node] if node.label and node in names else format_number(node.data)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(MINUS, "-"))
    except ValueError:
        return False
    return True


def _factor(text: str) -> str:
    """`text` ready to be multiplied: in parentheses if it is negative, a sum or a quotient."""
    if text.startswith(MINUS):
        return f"({text})"
    depth = 0
    for index, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0 and text[index : index + 3] in (" + ", f" {MINUS} ", " / "):
            return f"({text})"
    return text


def backward_steps(
    root: Value, *, show_constants: bool = False, mistake: PlantedMistake | None = None
) -> Iterator[BackwardStep]:
    """Walk `root.backward()` one operation node at a time, yielding a `BackwardStep` for each.

    The same arithmetic as `Value.backward`, in the same order: d(root)/d(root) = 1,
    then each node in reverse topological order sends each input upstream × local_grad
    (the messages of `autograd.value.backward_messages`, which `backward()` consumes too,
    zero ones included: the stepper shows where a gradient dies), and the messages that
    meet at a node are summed in the same order, so every step's numbers equal
    `backward()`'s bit for bit (for a leaf: its gradient from this one pass).

    The messages to constants (`autograd.value.is_constant`: the 1 of 1/(1 + e^−z)) are
    computed as `backward()` computes them but not reported: a step lists such inputs in
    `constants` and its caption says "the constant 1 gets no gradient". With
    `show_constants=True` they are messages like any other (as `.grad` has them).

    It never changes any `.grad`: the running gradients are kept in a table of
    its own and reported in the steps (`upstream`, `Message.total`). Stepping is a
    view, like drawing; call `root.backward()` to fill `.grad`.
    A gradient that overflows to inf is an error naming the node.
    `mistake` (autograd/lecture/mistakes.py) plants one classic error at one step; every later
    number follows from it, as in a student's hand calculation.
    """
    order = topological_order(root)
    names = caption_names(order)
    softmax = _softmax_parts(order) if mistake is None else {}  # no true p − y next to a mistake
    # Who gets several messages (its gradient is then a running sum): known from the shape.
    message_count: dict[Value, int] = {}
    for node in order:
        differentiable = len(node.inputs) - (1 if node.inputs and OPS[node.op].parameter else 0)
        for input_node in node.inputs[:differentiable]:
            message_count[input_node] = message_count.get(input_node, 0) + 1

    gradient: dict[Value, float] = {root: 1.0}  # d(root)/d(node), summed so far
    received: dict[Value, int] = {}  # how many of its messages each node has received
    index = 0
    current: Value | None = None
    current_upstream = 0.0
    messages: list[Message] = []
    constants: list[Value] = []
    for node, input_index, input_node, upstream, local_grad, message in backward_messages(
        order, lambda node: gradient.get(node, 0.0), every_node=True, where="backward_steps"
    ):
        if node is not current:
            if current is not None:
                yield _backward_step(
                    index, current, current_upstream, names, root, messages, constants, softmax
                )
                index += 1
            current, current_upstream, messages, constants = node, upstream, [], []
        if not show_constants and is_constant(input_node) and input_node is not root:
            constants.append(input_node)
            continue
        wrong_rule, forgot, overwrite = None, False, False
        if mistake is not None and mistake.applies(node, input_index, input_node):
            local_grad, message, wrong_rule, forgot, overwrite = mistake.wrong(
                node, input_index, upstream, local_grad, names
            )
        total = (0.0 if overwrite else gradient.get(input_node, 0.0)) + message
        if not math.isfinite(total):
            raise OverflowError(
                f"backward_steps: the gradient of {names[input_node]} overflowed to {total!r}"
            )
        gradient[input_node] = total
        received[input_node] = received.get(input_node, 0) + 1
        messages.append(
            Message(
                input_index=input_index,
                input=input_node,
                input_name=names[input_node],
                local_grad=local_grad,
                message=message,
                total=total,
                shared=message_count[input_node] > 1 and not overwrite,
                complete=received[input_node] == message_count[input_node],
                wrong_rule=wrong_rule,
                forgot_upstream=forgot,
            )
        )
    if current is not None:
        yield _backward_step(
            index, current, current_upstream, names, root, messages, constants, softmax
        )


def _softmax_parts(order: list[Value]) -> dict[Value, tuple[Value, Value, int]]:
    """For each probability p_k of a `cross_entropy` (role "p"), its shifted logit s_k = z_k − m
    -> (p_k, the one-hot y_k, k), read from the graph's shape p_k = e^(s_k) / S and the term
    y_k · p_k (a graph of another shape gets no entry)."""
    users: dict[Value, list[Value]] = {}
    for node in order:
        for input_node in node.inputs:
            users.setdefault(input_node, []).append(node)
    parts: dict[Value, tuple[Value, Value, int]] = {}
    for probability in order:
        role = probability.role
        if role is None or role.kind != "p" or role.index is None or probability.op != "/":
            continue
        exponential = probability.inputs[0]
        if exponential.op != "exp" or exponential.inputs[0].op != "-":
            continue
        terms = [
            term
            for term in users.get(probability, [])
            if term.op == "*" and is_constant(term.inputs[0])
        ]
        if len(terms) == 1:
            parts[exponential.inputs[0]] = (probability, terms[0].inputs[0], role.index)
    return parts


def _backward_step(
    index: int,
    node: Value,
    upstream: float,
    names: Mapping[Value, str],
    root: Value,
    messages: list[Message],
    constants: list[Value],
    softmax: Mapping[Value, tuple[Value, Value, int]] | None = None,
) -> BackwardStep:
    """The step of `node` once all its messages are sent."""
    return BackwardStep(
        index=index,
        node=node,
        name=names[node],
        root_name=names[root],
        op=node.op,
        upstream=upstream,
        messages=tuple(messages),
        input_names=_formula_names(node, names),
        names=names,
        constants=tuple(constants),
        softmax=None if softmax is None else softmax.get(node),
    )


# ----------------------------------------------------------------------
# The whole formula, for a title
# ----------------------------------------------------------------------


def formula_text(
    root: Value, *, longest: int = 160, style: Literal["unicode", "latex"] = "unicode"
) -> str | None:
    """The formula that computed `root`, as one line of math, e.g. "f = (x + y) · z"
    (`style="latex"`: `f = (x + y) \\cdot z`, for a slide's title in math mode).

    Intermediate nodes are written out down to the leaves (named leaves by their names,
    constants as numbers); a network's loss, too long written out, down to the model's
    neurons (`loss = 0.5 · (1 − a₁⁽³⁾)²`). None when it would still be longer than `longest`
    characters as Unicode (a large or much-shared graph), so callers can fall back to another
    title.
    """
    order = topological_order(root)
    names = caption_names(order)
    number_format = _caption_format.get()
    neurons = {node for node in order if node.role is not None and node.role.in_neuron}
    for stop_at in (set(), neurons) if neurons else (set(),):
        text = whole_formula(
            root, names, number_format=number_format, longest=longest, stop_at=stop_at
        )
        if text is not None:  # short enough as the player shows it: written in `style`
            if style == "unicode":
                return text
            return whole_formula(
                root,
                names,
                style=style,
                number_format=number_format,
                longest=sys.maxsize,
                stop_at=stop_at,
            )
    return None
